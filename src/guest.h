/*
 * src/guest.h - one VMM context as the tools hold it: its state page, its
 * address space (context n uses address space n) and the list of guest
 * pages the tool mapped there, with their protection.
 *
 * Guest pages come from vm_allocate and are handed to the address space at
 * once, as the ELF loader does: the mapping keeps the page alive, and
 * unmapping it (or tearing the context down) frees it.  The host reads and
 * writes guest memory through kVmmGetPageMapping, as big-endian words.
 */
#ifndef SRC_GUEST_H
#define SRC_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmachmon/mach.h>
#include <vmachmon/vmachmon.h>

typedef struct guest_page {
    uint32_t addr;  /* guest address, page-aligned */
    vm_prot_t prot; /* VM_PROT_*, as the tool or the ELF loader last set it */
} guest_page_t;

typedef struct guest {
    vmm_state_page_t *state;
    vmm_regs32_t *regs;  /* &state->vmm_proc_state.ppcRegs.ppcRegs32 */
    uint32_t index;      /* context number, 1-based */
    uint32_t origin;     /* where "Distance from origin" counts from */
    guest_page_t *pages; /* sorted by addr */
    size_t npages, cap;
} guest_t;

/* Creates a context with a fresh state page.  0, or -1 with fail(). */
int guest_create(guest_t *g);
/* Tears the context down and frees its pages and state page. */
void guest_destroy(guest_t *g);

/* Maps a zeroed page at guest `addr` (page-aligned) with `prot`.  Refuses
 * a page that is already mapped when `fresh` is true.  0, or -1. */
int guest_map(guest_t *g, uint32_t addr, vm_prot_t prot, bool fresh);
int guest_unmap(guest_t *g, uint32_t addr);
int guest_protect(guest_t *g, uint32_t addr, vm_prot_t prot);
/* Records the pages something else (the ELF loader) mapped in [lo, hi)
 * with protection prot; with `add`, a page keeps what was recorded for it
 * too (the loader gives a page two segments share the union of theirs). */
void guest_adopt(guest_t *g, uint32_t lo, uint64_t hi, vm_prot_t prot, bool add);

/* The host address of guest byte `addr`, or NULL if its page is unmapped. */
uint8_t *guest_host(const guest_t *g, uint32_t addr);
/* Reads or writes the big-endian word at `addr` (4-aligned).  Writes tell
 * the CPU that code may have changed (sys_icache_invalidate).  0, or -1
 * with "address 0x... is not mapped" / "... is not word-aligned". */
int guest_read(const guest_t *g, uint32_t addr, uint32_t *word);
int guest_write(guest_t *g, uint32_t addr, uint32_t word);

/* Checks that addr is page-aligned ("what" names it in the message). */
int check_page_aligned(uint32_t addr, const char *what);

/* A protection from "r", "rw", "rx", "rwx", "---" ... or a number 0-7. */
int parse_prot(const char *text, vm_prot_t *prot);
/* "rwx", "r--" ... (static buffer). */
const char *prot_text(vm_prot_t prot);

#endif /* SRC_GUEST_H */
