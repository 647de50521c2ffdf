/*
 * vmachmon/dispatch.c - vmm_dispatch: the selector table and its entry
 * points for host C code.
 *
 * The table follows the kernel's: entries 0..36, each with its handler and
 * the flag saying whether it may be called in fast-assist mode.  Selectors
 * past the table (37 kVmmSetGuestMemory and 38 kVmmPurgeLocal were declared
 * but never dispatchable) are bogus, as are 20-23, whose handler in the
 * ordinary dispatcher only exists to refuse them.  A bogus call changes
 * nothing; from C it returns VMM_EXC_SYSCALL (the original raised the Mach
 * exception EXC_SYSCALL for it).
 */
#include "config.h"

#include "vmachmon/dispatch.h"

/* Each entry: handler, fast-assist-valid, register shape for guest callers
 * ({1} = one register per argument), 64-bit result, number of arguments
 * (vmm_dispatch(3)). */
#define R1 {1, 1, 1, 1, 1, 1}
#define R_A64 {1, 2, 1, 1, 1, 1}       /* as, gva64, ... */
#define R_H64_G64 {1, 2, 2, 1, 1, 1}   /* as, host64, gva64, prot */

static const vmm_selector_info_t table[VMM_SELECTOR_COUNT] = {
    [kVmmGetVersion] = {sel_get_version, false, R1, false, 0},
    [kVmmvGetFeatures] = {sel_get_features, false, R1, false, 0},
    [kVmmInitContext] = {sel_init_context, false, R1, false, 2},
    [kVmmTearDownContext] = {sel_tear_down_context, false, R1, false, 1},
    [kVmmTearDownAll] = {sel_tear_down_all, false, R1, false, 0},
    [kVmmMapPage] = {sel_map_page32, true, R1, false, 4},
    [kVmmGetPageMapping] = {sel_get_page_mapping32, true, R1, false, 2},
    [kVmmUnmapPage] = {sel_unmap_page32, true, R1, false, 2},
    [kVmmUnmapAllPages] = {sel_unmap_all_pages, true, R1, false, 1},
    [kVmmGetPageDirtyFlag] = {sel_get_page_dirty_flag32, true, R1, false, 3},
    [kVmmGetFloatState] = {sel_get_float_state, false, R1, false, 1},
    [kVmmGetVectorState] = {sel_get_vector_state, false, R1, false, 1},
    [kVmmSetTimer] = {sel_set_timer, true, R1, false, 3},
    [kVmmGetTimer] = {sel_get_timer, true, R1, false, 1},
    [kVmmExecuteVM] = {sel_execute_vm, true, R1, false, 1},
    [kVmmProtectPage] = {sel_protect_page32, true, R1, false, 3},
    [kVmmMapExecute] = {sel_map_execute32, true, R1, false, 4},
    [kVmmProtectExecute] = {sel_protect_execute32, true, R1, false, 3},
    [kVmmMapList] = {sel_map_list, true, R1, false, 2},
    [kVmmUnmapList] = {sel_unmap_list, true, R1, false, 2},
    [kvmmExitToHost] = {sel_fam_reserved, true, R1, false, 0},
    [kvmmResumeGuest] = {sel_fam_reserved, true, R1, false, 3},
    [kvmmGetGuestRegister] = {sel_fam_reserved, true, R1, false, 1},
    [kvmmSetGuestRegister] = {sel_fam_reserved, true, R1, false, 2},
    [kVmmActivateXA] = {sel_activate_xa, false, R1, false, 2},
    [kVmmDeactivateXA] = {sel_deactivate_xa, false, R1, false, 2},
    [kVmmGetXA] = {sel_get_xa, true, R1, false, 1},
    [kVmmMapPage64] = {sel_map_page, true, R_H64_G64, false, 4},
    [kVmmGetPageMapping64] = {sel_get_page_mapping, true, R_A64, true, 2},
    [kVmmUnmapPage64] = {sel_unmap_page, true, R_A64, false, 2},
    [kVmmGetPageDirtyFlag64] = {sel_get_page_dirty_flag, true, R_A64, false, 3},
    [kVmmProtectPage64] = {sel_protect_page, true, R_A64, false, 3},
    [kVmmMapExecute64] = {sel_map_execute, true, R_H64_G64, false, 4},
    [kVmmProtectExecute64] = {sel_protect_execute, true, R_A64, false, 3},
    [kVmmMapList64] = {sel_map_list64, true, R1, false, 2},
    [kVmmUnmapList64] = {sel_unmap_list64, true, R1, false, 2},
    [kVmmMaxAddr] = {sel_max_addr, true, R1, true, 0},
};

const vmm_selector_info_t *dispatch_info(uint32_t selector)
{
    if (selector >= VMM_SELECTOR_COUNT || !table[selector].handler)
        return NULL;
    return &table[selector];
}

uint64_t dispatch_call(vmm_call_t *call)
{
    const vmm_selector_info_t *info = dispatch_info(call->selector);
    call->bogus = false;
    if (!info) {
        call->bogus = true;
        return 0;
    }
    return info->handler(call);
}

/* ---- the C entry points -------------------------------------------------- */

VMM_API uint64_t vmm_dispatch_v(uint32_t selector, unsigned nargs, const uint64_t *args)
{
    vmm_call_t call = {.selector = selector};
    for (unsigned i = 0; i < nargs && i < 6; i++)
        call.arg[i] = args[i];
    call.task = task_for_caller(selector == kVmmInitContext);
    uint64_t r = dispatch_call(&call);
    return call.bogus ? VMM_EXC_SYSCALL : r;
}

VMM_API vmm_version_t vmm_get_version(void) { return kVmmCurrentVersion; }

VMM_API vmm_features_t vmm_get_features(void) { return machine_features(); }

VMM_API kern_return_t vmm_init_context(vmm_version_t version, vmm_state_page_t *page)
{
    return context_init(task_for_caller(true), version, (uint64_t)(uintptr_t)page);
}
