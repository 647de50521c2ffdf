/*
 * vmachmon/dispatch.h - the selector table behind vmm_dispatch.
 *
 * One small handler per selector, in an ordered, append-only table as in
 * the kernel (vmm_dispatch_table).  Every caller goes through it: host C
 * code (vmm_dispatch_v) and guest programs (the guest-call interface),
 * which differ only in their task.
 */
#ifndef VMACHMON_DISPATCH_H
#define VMACHMON_DISPATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "vmachmon/facility.h"

/* Number of dispatchable selectors: 0..36 (vmm_count in the original). */
#define VMM_SELECTOR_COUNT 37

typedef struct vmm_call {
    vmm_task_t *task;   /* the caller's control table, NULL if it has none */
    uint32_t selector;
    uint64_t arg[6];    /* C-style arguments; missing ones are 0 */
    bool bogus;         /* set by a handler: treat as a bogus system call */
} vmm_call_t;

typedef uint64_t (*vmm_handler_t)(vmm_call_t *call);

typedef struct vmm_selector_info {
    vmm_handler_t handler;
    bool fam_valid;          /* may be called in fast-assist mode */
    /* PowerPC register form (guest callers): registers per C argument
     * (2 = a 64-bit value in an aligned register pair), and whether the
     * result is 64-bit (r3:r4). */
    uint8_t regs[6];
    bool result64;
    uint8_t nargs;           /* C arguments after the selector */
} vmm_selector_info_t;

/* The entry for a selector, or NULL when it is not dispatchable. */
const vmm_selector_info_t *dispatch_info(uint32_t selector);

/* Calls a selector for a task; sets call->bogus for a bogus call. */
uint64_t dispatch_call(vmm_call_t *call);

/* Result of a bogus call through the C interface (the original raised the
 * Mach exception EXC_SYSCALL); the public name is VMM_DISPATCH_BOGUS. */
#define VMM_EXC_SYSCALL VMM_DISPATCH_BOGUS

/* Handlers (sel_*.c). */
uint64_t sel_get_version(vmm_call_t *c);
uint64_t sel_get_features(vmm_call_t *c);
uint64_t sel_init_context(vmm_call_t *c);
uint64_t sel_tear_down_context(vmm_call_t *c);
uint64_t sel_tear_down_all(vmm_call_t *c);
uint64_t sel_map_page(vmm_call_t *c);
uint64_t sel_map_page32(vmm_call_t *c);
uint64_t sel_get_page_mapping(vmm_call_t *c);
uint64_t sel_get_page_mapping32(vmm_call_t *c);
uint64_t sel_unmap_page(vmm_call_t *c);
uint64_t sel_unmap_page32(vmm_call_t *c);
uint64_t sel_unmap_all_pages(vmm_call_t *c);
uint64_t sel_get_page_dirty_flag(vmm_call_t *c);
uint64_t sel_get_page_dirty_flag32(vmm_call_t *c);
uint64_t sel_protect_page(vmm_call_t *c);
uint64_t sel_protect_page32(vmm_call_t *c);
uint64_t sel_execute_vm(vmm_call_t *c);
uint64_t sel_map_execute(vmm_call_t *c);
uint64_t sel_map_execute32(vmm_call_t *c);
uint64_t sel_protect_execute(vmm_call_t *c);
uint64_t sel_protect_execute32(vmm_call_t *c);
uint64_t sel_fam_reserved(vmm_call_t *c);
uint64_t sel_get_float_state(vmm_call_t *c);
uint64_t sel_get_vector_state(vmm_call_t *c);
uint64_t sel_set_timer(vmm_call_t *c);
uint64_t sel_get_timer(vmm_call_t *c);
uint64_t sel_map_list(vmm_call_t *c);
uint64_t sel_map_list64(vmm_call_t *c);
uint64_t sel_unmap_list(vmm_call_t *c);
uint64_t sel_unmap_list64(vmm_call_t *c);
uint64_t sel_activate_xa(vmm_call_t *c);
uint64_t sel_deactivate_xa(vmm_call_t *c);
uint64_t sel_get_xa(vmm_call_t *c);
uint64_t sel_max_addr(vmm_call_t *c);

#endif /* VMACHMON_DISPATCH_H */
