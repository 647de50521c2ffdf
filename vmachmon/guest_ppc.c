/*
 * vmachmon/guest_ppc.c - the built-in PowerPC-only calls (0x6000-0x6FFF)
 * and fast traps (0x7FF0-0x7FFF) of a routed guest.
 *
 * PowerPC-only calls (osfmk/ppc/PPCcalls.h), result in r3, resume sc + 4:
 *   0x6001 vmm_get_version, 0x6002 vmm_get_features,
 *   0x6003 vmm_init_context(version, page)   selectors 0, 1, 2 of the
 *   0x6004 vmm_dispatch(selector, r4..r9)    host's own selector table
 *   0x6008 vmm_stop_vm(mask)                 the guest's inner contexts
 *   0x600A ppcNull                           does nothing
 * The others (0x6000 diagCall, 0x6005-0x6007 Blue Box, 0x6009 CHUD,
 * 0x600B-0x600D performance and power, disabled slots) are not answered:
 * the guest leaves with kVmmReturnSystemCall (XNU: EXC_SYSCALL).
 *
 * Fast traps (osfmk/ppc/lowmem_vectors.s scTable, hw_exception.s fastpath):
 *   0x7FF1 CthreadSetSelf(value)   remembers the thread value
 *   0x7FF2 thread info             r3 = that value (cthread_self)
 *   0x7FF3 facility status         r3 = floatUsed 0x40000000 and
 *                                  vectorUsed 0x20000000 (what setjmp
 *                                  asks before saving FPRs and VRs)
 *   0x7FF5 null fast path          does nothing
 * 0x7FF4 (load MSR) is kernel-only and 0x7FF0, 0x7FF6-0x7FF9, 0x7FFB-0x7FFF
 * are unassigned: XNU passed them to unix_syscall, which answered ENOSYS
 * (r3 = 78, sc + 4), and so does this table.  0x7FFA (the Blue Box
 * interrupt notification) is not answered.
 */
#include "config.h"

#include "vmachmon/dispatch.h"
#include "vmachmon/guest_route.h"

#define FLOAT_USED 0x40000000u
#define VECTOR_USED 0x20000000u

/* 0x6001-0x6003 are selectors 0-2 with their arguments from r3. */
static int ppc_selector(vmm_guest_t *g, vmm_guestcall_t *call)
{
    uint32_t regs[6] = {call->arg[0], call->arg[1]};
    return gtask_dispatch(g, call->r0 - 0x6001, regs, call->ret);
}

static int ppc_dispatch(vmm_guest_t *g, vmm_guestcall_t *call)
{
    return gtask_dispatch(g, call->arg[0], &call->arg[1], call->ret);
}

static int ppc_stop(vmm_guest_t *g, vmm_guestcall_t *call)
{
    vmm_task_t *t = gtask_of(g);
    if (!t)
        return VMM_GC_UNANSWERED; /* no VMM table: bogus in the original */
    call->ret[0] = (uint32_t)task_stop(t, call->arg[0]);
    return VMM_GC_OK;
}

static int ppc_null(vmm_guest_t *g, vmm_guestcall_t *call) { return VMM_GC_OK; }

static const gc_entry_t ppc_entries[] = {
    [0x0] = {"diagCall", "xxxx", 'x', NULL},
    [0x1] = {"vmm_get_version", "", 'x', ppc_selector},
    [0x2] = {"vmm_get_features", "", 'x', ppc_selector},
    [0x3] = {"vmm_init_context", "xp", 'k', ppc_selector},
    [0x4] = {"vmm_dispatch", "S", 'x', ppc_dispatch},
    [0x5] = {"bb_enable_bluebox", "xxx", 'x', NULL},
    [0x6] = {"bb_disable_bluebox", "", 'x', NULL},
    [0x7] = {"bb_settaskenv", "xx", 'x', NULL},
    [0x8] = {"vmm_stop_vm", "x", 'k', ppc_stop},
    [0x9] = {"CHUDCall", "", 'x', NULL},
    [0xA] = {"ppcNull", "", 'n', ppc_null},
    [0xB] = {"perfmon_control", "xx", 'x', NULL},
    [0xC] = {"ppcNullinst", "", 'n', NULL},
    [0xD] = {"pmsCntrl", "x", 'x', NULL},
};

const gc_table_t gppc_table = {ppc_entries, sizeof ppc_entries / sizeof ppc_entries[0]};

/* ---- fast traps ---- */

static int fast_set_self(vmm_guest_t *g, vmm_guestcall_t *call)
{
    g->self = call->arg[0];
    return VMM_GC_OK;
}

static int fast_thread_info(vmm_guest_t *g, vmm_guestcall_t *call)
{
    call->ret[0] = g->self;
    return VMM_GC_OK;
}

static int fast_facility_status(vmm_guest_t *g, vmm_guestcall_t *call)
{
    call->ret[0] = (g->ctx->fp_live ? FLOAT_USED : 0) | (g->ctx->vec_live ? VECTOR_USED : 0);
    return VMM_GC_OK;
}

static int fast_enosys(vmm_guest_t *g, vmm_guestcall_t *call) { return VMM_ENOSYS; }

static const gc_entry_t fast_entries[16] = {
    [0x0] = {"fast_7ff0", "", 'n', fast_enosys},
    [0x1] = {"cthread_set_self", "x", 'n', fast_set_self},
    [0x2] = {"thread_info_fast", "", 'x', fast_thread_info},
    [0x3] = {"facility_status", "", 'x', fast_facility_status},
    [0x4] = {"load_msr", "x", 'n', fast_enosys},
    [0x5] = {"null_fastpath", "", 'n', ppc_null},
    [0x6] = {"fast_7ff6", "", 'n', fast_enosys},
    [0x7] = {"fast_7ff7", "", 'n', fast_enosys},
    [0x8] = {"fast_7ff8", "", 'n', fast_enosys},
    [0x9] = {"fast_7ff9", "", 'n', fast_enosys},
    [0xA] = {"bb_notify_interrupt", "x", 'n', NULL},
    [0xB] = {"fast_7ffb", "", 'n', fast_enosys},
    [0xC] = {"fast_7ffc", "", 'n', fast_enosys},
    [0xD] = {"fast_7ffd", "", 'n', fast_enosys},
    [0xE] = {"fast_7ffe", "", 'n', fast_enosys},
    [0xF] = {"fast_7fff", "", 'n', fast_enosys},
};

const gc_table_t gfast_table = {fast_entries, 16};
