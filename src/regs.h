/*
 * src/regs.h - the guest registers by name, as the tools let a user read
 * and set them in the state page: r0-r31, pc, msr, cr, xer, lr, ctr,
 * vrsave.  Names are case-insensitive.
 */
#ifndef SRC_REGS_H
#define SRC_REGS_H

#include <vmachmon/vmachmon.h>

/* The register's number (its place in reg_names()), or -1 with fail():
 * "unknown register 'x' (...)". */
int reg_lookup(const char *name);

/* The state-page slot of register number n (from reg_lookup). */
uint32_t *reg_slot(vmm_state_page_t *state, int n);

/* reg_lookup + reg_slot: the slot, or NULL with fail(). */
uint32_t *reg_find(vmm_state_page_t *state, const char *name);

/* The names, in dump order, ending with NULL (for completion and for
 * listing what a step changed). */
const char *const *reg_names(void);

#endif /* SRC_REGS_H */
