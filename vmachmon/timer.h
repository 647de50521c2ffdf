/*
 * vmachmon/timer.h - guest timers (kVmmSetTimer / kVmmGetTimer).
 */
#ifndef VMACHMON_TIMER_H
#define VMACHMON_TIMER_H

#include "vmachmon/facility.h"

/* Sets context c's deadline (mach_absolute_time units, 0 = none) and
 * re-evaluates every timer of task t, as the kernel's vmm_timer_pop did. */
void timer_set(vmm_task_t *t, vmm_context_t *c, uint64_t deadline);
/* Pops context c now if its deadline has passed (the running CPU saw it
 * first); true if c's timer has popped. */
bool timer_poll(vmm_context_t *c);
/* Forget context c's timer (teardown). */
void timer_forget(vmm_context_t *c);

#endif /* VMACHMON_TIMER_H */
