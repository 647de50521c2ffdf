/*
 * <vmachmon/control.h> - controls vmachmon adds to the facility.
 *
 * Mac OS X had no such calls; they exist for tools, tests and fuzzers that
 * must bound a guest deterministically.
 */
#ifndef VMACHMON_CONTROL_H
#define VMACHMON_CONTROL_H

#include <stdint.h>

#include <vmachmon/vmachmon.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * vmm_set_instruction_budget(index, n): from now on, context `index` may
 * run about n more guest instructions (counted per translated block, each
 * charged before it runs: the guest stops at a block boundary up to one
 * block short of n, or just past it when an exception cut a block short).
 * When they are used up, the running guest is forced out with
 * kVmmReturnNull, as a timer pop would, but without vmmTimerPop in
 * vmmStat; further launches leave the same way at once until a new budget
 * is set.  n = 0 removes the limit.  Returns KERN_SUCCESS, or KERN_FAILURE
 * for a bad index.
 */
VMM_API kern_return_t vmm_set_instruction_budget(vmm_thread_index_t index, uint64_t n);

/* What is left of context index's budget (0 for a bad index, none set, or
 * used up). */
VMM_API uint64_t vmm_instruction_budget_left(vmm_thread_index_t index);

#ifdef __cplusplus
}
#endif

#endif /* VMACHMON_CONTROL_H */
