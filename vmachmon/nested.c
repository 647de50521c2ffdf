/*
 * vmachmon/nested.c - an outer context's limits reach the virtual machines
 * its guest runs.
 *
 * A guest whose calls are routed may run virtual machines of its own
 * (guest_task.c): their launches happen inside one routed call of the
 * outer context, whose CPU is idle meanwhile.  A stop, a timer or an
 * instruction budget meant for the outer context would then wait for the
 * inner guest to leave by itself, and an inner guest that loops forever
 * could never be stopped.  So, while an inner context runs:
 *
 *   - a stop of the outer context (vmm_stop_vm), or its teardown by a
 *     handler, also forces out the inner guest, which returns
 *     kVmmReturnNull to the outer guest ("nothing happened, run again");
 *     the outer guest then leaves as usual as soon as it resumes;
 *   - the inner CPU watches the earliest deadline of the chain, and a pop
 *     of an outer timer forces the inner guest out the same way;
 *   - the outer budget is lent to the inner CPU and what the inner guest
 *     used is charged back, so a budget bounds everything the outer guest
 *     causes to run.
 *
 * Mac OS X had no nesting (a VM could not call vmm_dispatch); this is what
 * the host's limits must mean once it exists here.
 *
 * Depth: nesting is exactly one level today.  Only the host's contexts can
 * have a route (vmm_guestcall_install resolves its index in the calling
 * host task), so an inner guest's `sc` leaves to the outer guest and can
 * never run a VM of its own: an inner task's parent is the host task,
 * whose own parent_ctx is NULL.  The loops below over parent_task /
 * parent_ctx therefore run at most once, and nested_preempt's recursion
 * stops at the first inner context (it has no route); they are written for
 * any depth so that a deeper chain would work unchanged if inner contexts
 * ever get routes.
 */
#include "config.h"

#include "vmachmon/facility.h"
#include "vmachmon/guest_route.h"
#include "vmachmon/nested.h"
#include "vmachmon/timer.h"

/* Whether context c has been asked to leave. */
static bool wants_out(vmm_context_t *c)
{
    if (c->dying)
        return true;
    if (atomic_load(&c->flags) & (vmmXStop | vmmTimerPop))
        return true;
    return ppc_cpu_has_budget(c->cpu) && ppc_cpu_budget_left(c->cpu) == 0;
}

bool nested_outer_wants_out(const vmm_task_t *t)
{
    for (; t->parent_ctx; t = t->parent_task)
        if (wants_out(t->parent_ctx))
            return true;
    return false;
}

uint64_t nested_deadline(const vmm_task_t *t, uint64_t own)
{
    uint64_t soonest = own;
    for (; t->parent_ctx; t = t->parent_task) {
        uint64_t d = atomic_load(&t->parent_ctx->timer);
        if (d && (!soonest || d < soonest))
            soonest = d;
    }
    return soonest;
}

void nested_poll_timers(const vmm_task_t *t)
{
    for (; t->parent_ctx; t = t->parent_task)
        timer_poll(t->parent_ctx);
}

void nested_lend_budget(const vmm_task_t *t, vmm_context_t *c, nested_loan_t *loan)
{
    loan->active = t->parent_ctx && ppc_cpu_has_budget(t->parent_ctx->cpu);
    if (!loan->active)
        return;
    loan->amount = ppc_cpu_budget_left(t->parent_ctx->cpu);
    /* A budget of 0 would mean "no limit": 1 stops the inner guest before
     * its first block of more than one instruction. */
    ppc_cpu_set_budget(c->cpu, loan->amount ? loan->amount : 1);
}

void nested_repay_budget(const vmm_task_t *t, vmm_context_t *c, const nested_loan_t *loan)
{
    if (!loan->active)
        return;
    uint64_t left = ppc_cpu_budget_left(c->cpu);
    ppc_cpu_charge_budget(t->parent_ctx->cpu, loan->amount > left ? loan->amount - left : 0);
    ppc_cpu_set_budget(c->cpu, 0);
}

/* Recursive for a deeper chain; today an inner context has no route, so
 * the inner calls return at once (see the top of this file). */
void nested_preempt(vmm_context_t *outer)
{
    vmm_guest_t *g = outer->route;
    vmm_task_t *inner = g ? __atomic_load_n(&g->task, __ATOMIC_ACQUIRE) : NULL;
    if (!inner)
        return;
    /* The inner lock keeps its CPUs alive; a request reaching an idle one
     * is dropped by its next launch, which looks at the outer flags after
     * clearing it. */
    pthread_mutex_lock(&inner->lock);
    for (int i = 0; i < kVmmMaxContexts; i++) {
        vmm_context_t *c = &inner->ctx[i];
        if (atomic_load(&c->flags) & vmmInUse) {
            ppc_cpu_preempt(c->cpu);
            nested_preempt(c);
        }
    }
    pthread_mutex_unlock(&inner->lock);
}
