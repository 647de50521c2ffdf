/*
 * vmachmon/sel_context.c - selectors 0-4 and 36: version, features,
 * contexts, maximum address.
 */
#include "config.h"

#include "vmachmon/dispatch.h"

uint64_t sel_get_version(vmm_call_t *c)
{
    (void)c;
    return kVmmCurrentVersion;
}

uint64_t sel_get_features(vmm_call_t *c)
{
    (void)c;
    return machine_features();
}

/* args: version, state page */
uint64_t sel_init_context(vmm_call_t *c)
{
    return (uint32_t)context_init(c->task, (uint32_t)c->arg[0], c->arg[1]);
}

/* args: index */
uint64_t sel_tear_down_context(vmm_call_t *c)
{
    return (uint32_t)context_tear_down(c->task, (uint32_t)c->arg[0]);
}

/* A void routine in the original; returns 0 here.  A guest running at
 * the time (tear-down from a callback inside a launch) is forced out with
 * kVmmBogusContext. */
uint64_t sel_tear_down_all(vmm_call_t *c)
{
    context_tear_down_all(c->task);
    return 0;
}

uint64_t sel_max_addr(vmm_call_t *c)
{
    (void)c;
    return max_guest_address();
}

/* Selectors 20-23 only work on the fast-assist trap path inside a guest;
 * through the dispatcher they are bogus (vmm_fam_reserved returned 0). */
uint64_t sel_fam_reserved(vmm_call_t *c)
{
    c->bogus = true;
    return 0;
}
