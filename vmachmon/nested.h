/*
 * vmachmon/nested.h - an outer context's stop, timer and budget reach the
 * virtual machines its guest runs (nested.c explains why and how).
 *
 * t is the task of a context being launched; for the host's own task
 * (no parent) every function does nothing and answers "no".  Nesting is
 * one level today (only host contexts get routes), so "the outer contexts"
 * below is one context; the stop, deadline and timer functions walk the
 * whole chain and a budget passes down as one loan per level, so more
 * levels would need no change here.
 */
#ifndef VMACHMON_NESTED_H
#define VMACHMON_NESTED_H

#include "vmachmon/facility.h"

/* True if a context that t's launches run inside has been asked to leave
 * (stopped, popped, budget used up, or its task tearing down). */
bool nested_outer_wants_out(const vmm_task_t *t);

/* The earliest of `own` and the deadlines of the outer contexts (0: none). */
uint64_t nested_deadline(const vmm_task_t *t, uint64_t own);

/* Pops the outer contexts whose deadlines have passed. */
void nested_poll_timers(const vmm_task_t *t);

/* The budget an inner CPU borrows from the outer one for one launch. */
typedef struct nested_loan {
    bool active;
    uint64_t amount;
} nested_loan_t;

void nested_lend_budget(const vmm_task_t *t, vmm_context_t *c, nested_loan_t *loan);
/* Charges what the launch used to the outer CPU; c runs unlimited again. */
void nested_repay_budget(const vmm_task_t *t, vmm_context_t *c, const nested_loan_t *loan);

/* Forces out every guest running inside `outer`'s routed calls (one level
 * today; deeper ones too, should they ever exist).  With outer's task lock
 * held (it keeps the route alive). */
void nested_preempt(vmm_context_t *outer);

#endif /* VMACHMON_NESTED_H */
