/*
 * vmachmon/stop.c - vmm_stop_vm (the PowerPC-only call 0x6008).
 *
 * Any thread may stop contexts of the task.  For each context named in the
 * mask (0x80000000 = context 1) that is in use, vmmXStop is set atomically,
 * then the context's CPU is asked to stop at its next translated block.
 * The launch path clears that request before it checks vmmXStop, and looks
 * again after clearing a request it found stale, so a stop that arrives
 * before, during or right after a launch is never lost, and it only ever
 * reaches the CPU of the context it names.  The task lock keeps the context
 * from being torn down while we touch it.
 */
#include "config.h"

#include "vmachmon/facility.h"
#include "vmachmon/nested.h"

kern_return_t task_stop(vmm_task_t *t, uint32_t mask)
{
    pthread_mutex_lock(&t->lock);
    if (!t->has_owner) {
        pthread_mutex_unlock(&t->lock);
        return KERN_FAILURE; /* no VMM thread: a bogus call in the original */
    }
    for (uint32_t n = 1; n <= kVmmMaxContexts; n++) {
        if (!(mask & (0x80000000u >> (n - 1))))
            continue;
        vmm_context_t *c = &t->ctx[n - 1];
        if (!(atomic_load(&c->flags) & vmmInUse))
            continue;
        atomic_fetch_or(&c->flags, vmmXStop);
        ppc_cpu_preempt(c->cpu);
        nested_preempt(c); /* and what its guest runs inside its calls */
    }
    pthread_mutex_unlock(&t->lock);
    return KERN_SUCCESS;
}

VMM_API kern_return_t vmm_stop_vm(uint32_t mask) { return task_stop(task_host(), mask); }
