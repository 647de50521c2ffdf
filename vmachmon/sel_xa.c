/*
 * vmachmon/sel_xa.c - extended architecture: kVmmActivateXA (24),
 * kVmmDeactivateXA (25), kVmmGetXA (26).
 *
 * args: index, flags.  Flags outside vmm64Bit | vmmGSA | vmmGMA fail (this
 * is checked before the index); then a bad index fails.  Both calls first
 * flush the context (context_flush: FP and vector state dropped, every
 * page of its address space unmapped, state page cleared but for version
 * and index, flags but in-use cleared), then set or clear the flags.
 *
 * Kept from the original:
 *   - its 64-bit CPU checks misfire: on this 32-bit G4, activating vmm64Bit
 *     succeeds (the activate test reads `!available & pf64Bit`, always 0),
 *     and the flag only changes layouts: the return parameters of
 *     GetTimer and the synthetic ISI, and the fast-assist area, which
 *     takes its 64-bit form (ordinary exits keep 32-bit parameters);
 *   - vmmGMA is accepted but never recorded: kVmmGetXA does not show it;
 *   - with guest shadow assist (vmmGSA) on its address space, unmapping a
 *     page that is not mapped still succeeds (the kernel suspended GSA
 *     mappings instead of removing them).
 */
#include "config.h"

#include "vmachmon/dispatch.h"

uint64_t sel_activate_xa(vmm_call_t *call)
{
    uint32_t idx = (uint32_t)call->arg[0], flags = (uint32_t)call->arg[1];
    if (flags & ~kVmmSupportedSetXA)
        return KERN_FAILURE;
    vmm_context_t *c = task_context(call->task, idx);
    if (!c)
        return KERN_FAILURE;
    context_flush(call->task, c, idx);
    if (flags & vmm64Bit)
        c->xa_flags |= vmm64Bit;
    if (flags & vmmGSA) {
        vmm_adsp_t *a = task_adsp(call->task, idx & vmmTInum);
        if (!a)
            return KERN_FAILURE;
        a->gsa = true;
        c->xa_flags |= vmmGSA;
    }
    return KERN_SUCCESS;
}

uint64_t sel_deactivate_xa(vmm_call_t *call)
{
    uint32_t idx = (uint32_t)call->arg[0], flags = (uint32_t)call->arg[1];
    /* The original refuses to deactivate vmm64Bit on a 64-bit CPU only. */
    if ((flags & ~kVmmSupportedSetXA) ||
        ((flags & vmm64Bit) && (machine_features() & kVmmFeature_SixtyFourBit)))
        return KERN_FAILURE;
    vmm_context_t *c = task_context(call->task, idx);
    if (!c)
        return KERN_FAILURE;
    context_flush(call->task, c, idx);
    if (flags & vmm64Bit)
        c->xa_flags &= ~vmm64Bit;
    if (flags & vmmGSA) {
        vmm_adsp_t *a = task_adsp(call->task, idx & vmmTInum);
        if (a)
            a->gsa = false;
        c->xa_flags &= ~vmmGSA;
    }
    return KERN_SUCCESS;
}

/* The flags, or 0 for a bad index. */
uint64_t sel_get_xa(vmm_call_t *call)
{
    vmm_context_t *c = task_context(call->task, (uint32_t)call->arg[0]);
    return c ? c->xa_flags : 0;
}
