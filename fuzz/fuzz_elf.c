/*
 * fuzz/fuzz_elf.c - vmm_load_elf32 on random images.
 *
 * The input is the file.  Per input: a fresh context, the load into its
 * address space, a short run from the entry point (under a budget) when
 * the load succeeds, then teardown.  Besides crashes, sanitizer reports,
 * leaks and timeouts, an input fails when a refused load has no reason or
 * leaves pages mapped ("nothing stays mapped"), or when a successful one
 * reports bounds that do not cover the pages it mapped.
 */
#include <string.h>

#include <vmachmon/control.h>
#include <vmachmon/loader.h>
#include <vmachmon/vmachmon.h>

#include "fuzz/fuzz.h"
#include "vmachmon/facility.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vm_address_t page = 0;
    FUZZ_CHECK(vm_allocate(mach_task_self(), &page, 4096, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);
    vmm_state_page_t *state = (vmm_state_page_t *)page;
    FUZZ_CHECK(vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, state) == KERN_SUCCESS);
    uint32_t index = state->thread_index;
    const vmm_adsp_t *as = task_host()->adsp[index - 1];

    vmm_elf_info_t info;
    const char *why = NULL;
    kern_return_t kr = vmm_load_elf32(index, data, size, &info, &why);
    if (kr != KERN_SUCCESS) {
        FUZZ_CHECK(why != NULL && why[0] != '\0');
        FUZZ_CHECK(as->npages == 0);
    } else {
        FUZZ_CHECK(as->npages > 0);
        FUZZ_CHECK(info.highest == 0 || info.lowest < info.highest);
        FUZZ_CHECK(vmm_dispatch(kVmmGetPageMapping, index, info.lowest) != UINT64_MAX);
        state->vmm_proc_state.ppcRegs.ppcRegs32.ppcPC = info.entry;
        vmm_set_instruction_budget(index, 1000);
        vmm_dispatch(kVmmExecuteVM, index);
    }
    FUZZ_CHECK(vmm_dispatch(kVmmTearDownContext, index) == KERN_SUCCESS);
    vm_deallocate(mach_task_self(), page, 4096);
    return 0;
}
