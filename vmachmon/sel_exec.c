/*
 * vmachmon/sel_exec.c - the selectors that run a guest: kVmmExecuteVM (14),
 * kVmmMapExecute (16, 32), kVmmProtectExecute (17, 33).
 *
 * Each "returns" when the guest exits, with the exit code.  The fused
 * calls first map or protect in the address space of the index (bits
 * 8-15, or the context's own); if that fails they return its code without
 * launching and without touching return_code.  As in the original, they
 * then launch the context in its OWN address space (the kernel passed the
 * bare context number to vmm_execute_vm) and record the page for the
 * redrive under that number, whatever address space they mapped into.
 */
#include "config.h"

#include "vmachmon/dispatch.h"

#define IDX(c) ((uint32_t)(c)->arg[0])

/* Exit codes are 32-bit values. */
static uint64_t go(vmm_call_t *c, uint32_t idx)
{
    const uint64_t host[4] = {c->selector, c->arg[0], c->arg[1], c->arg[2]};
    if (!c->task) {
        c->bogus = true; /* no control table: a bogus system call */
        return 0;
    }
    return launch(c->task, idx, host);
}

/* After a fused call's map or protect succeeded. */
static uint64_t go_fused(vmm_call_t *c, uint64_t gva)
{
    uint32_t cndx = IDX(c) & vmmTInum;
    note_last_map(c->task, cndx, gva);
    return go(c, cndx);
}

uint64_t sel_execute_vm(vmm_call_t *c) { return go(c, IDX(c)); }

/* args: index, host, guest, prot */
uint64_t sel_map_execute(vmm_call_t *c)
{
    vmm_context_t *ctx = task_context(c->task, IDX(c));
    if (!ctx)
        return kVmmBogusContext;
    kern_return_t kr = map_page(c->task, context_as(ctx, IDX(c)), c->arg[1], c->arg[2],
                                (uint32_t)c->arg[3]);
    if (kr != KERN_SUCCESS)
        return (uint32_t)kr;
    return go_fused(c, c->arg[2]);
}

uint64_t sel_map_execute32(vmm_call_t *c)
{
    c->arg[2] = (uint32_t)c->arg[2];
    return sel_map_execute(c);
}

/* args: index, guest, prot */
uint64_t sel_protect_execute(vmm_call_t *c)
{
    vmm_context_t *ctx = task_context(c->task, IDX(c));
    if (!ctx)
        return kVmmBogusContext;
    kern_return_t kr = protect_page(c->task, context_as(ctx, IDX(c)), c->arg[1],
                                    (uint32_t)c->arg[2]);
    if (kr != KERN_SUCCESS)
        return (uint32_t)kr;
    return go_fused(c, c->arg[1]);
}

uint64_t sel_protect_execute32(vmm_call_t *c)
{
    c->arg[1] = (uint32_t)c->arg[1];
    return sel_protect_execute(c);
}
