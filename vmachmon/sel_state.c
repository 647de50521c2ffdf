/*
 * vmachmon/sel_state.c - selectors 10-13: kVmmGetFloatState,
 * kVmmGetVectorState, kVmmSetTimer, kVmmGetTimer.  All take the context
 * index first and return KERN_FAILURE for a bad one.
 */
#include "config.h"

#include "vmachmon/dispatch.h"
#include "vmachmon/timer.h"

#define CTX(c) task_context((c)->task, (uint32_t)(c)->arg[0])

uint64_t sel_get_float_state(vmm_call_t *call)
{
    vmm_context_t *c = CTX(call);
    return c ? (uint32_t)fpvec_get_float_state(c) : KERN_FAILURE;
}

uint64_t sel_get_vector_state(vmm_call_t *call)
{
    vmm_context_t *c = CTX(call);
    return c ? (uint32_t)fpvec_get_vector_state(c) : KERN_FAILURE;
}

/* args: index, deadline high word, deadline low word */
uint64_t sel_set_timer(vmm_call_t *call)
{
    vmm_context_t *c = CTX(call);
    if (!c)
        return KERN_FAILURE;
    timer_set(call->task, c, (uint64_t)(uint32_t)call->arg[1] << 32 | (uint32_t)call->arg[2]);
    return KERN_SUCCESS;
}

/* The deadline comes back in return_params[0] (high) and [1] (low); a
 * 64-bit VM gets the same two halves in the 64-bit return_params. */
uint64_t sel_get_timer(vmm_call_t *call)
{
    vmm_context_t *c = CTX(call);
    if (!c)
        return KERN_FAILURE;
    uint64_t t = atomic_load(&c->timer);
    if (c->xa_flags & vmm64Bit) {
        sp_put64(c, SP_PARAMS, t >> 32);
        sp_put64(c, SP_PARAMS + 8, (uint32_t)t);
    } else {
        uint32_t p[2] = {(uint32_t)(t >> 32), (uint32_t)t};
        sp_set_params(c, 2, p);
    }
    return KERN_SUCCESS;
}
