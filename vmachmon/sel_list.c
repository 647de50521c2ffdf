/*
 * vmachmon/sel_list.c - kVmmMapList (18, 34) and kVmmUnmapList (19, 35).
 *
 * args: index, count.  The list is in the communication area (offset
 * 0xC00) of context index's page: vmmMList / vmmMList64 entries for the
 * map calls, vmmUMList / vmmUMList64 for the unmap calls.  The low 12 bits
 * of each guest address are flags: 0x007 protection, 0x3F0 an address
 * space ID, 0x400 global.  KERN_FAILURE for a bad index or a count over 64;
 * a count of 0 succeeds.  The original's quirks, kept:
 *
 *   - map: the per-entry address space ID is decoded but not used; every
 *     page goes to address space `index` (the kernel passed its own index
 *     to vmm_map_page).  The protection field has 3 bits, so only Mach
 *     vm_prot_t values fit.  The first failing entry stops the list and
 *     its code is returned; earlier entries stay mapped.  The index goes
 *     to the map unmasked, so one with an address-space byte (0x0201)
 *     finds its context but names no address space: KERN_FAILURE.
 *   - unmap: the ID is used, but as a 0-based array index: ID n names
 *     address space n + 1; without an ID, address space `index`, unmasked
 *     too.  Entries whose address space does not exist are skipped
 *     silently (an array index of 32 or more, which the kernel read past
 *     its 32-entry array, is skipped too), and the call succeeds once the
 *     count check has passed.
 */
#include "config.h"

#include "vmachmon/dispatch.h"

#define COMM 0xC00u

static uint64_t map_list(vmm_call_t *call, bool wide)
{
    uint32_t idx = (uint32_t)call->arg[0], count = (uint32_t)call->arg[1];
    vmm_context_t *c = task_context(call->task, idx);
    if (!c || count > kVmmMaxMapPages)
        return KERN_FAILURE;
    for (uint32_t i = 0; i < count; i++) {
        uint64_t host, gva;
        if (wide) {
            host = sp_get64(c, COMM + 16 * i);
            gva = sp_get64(c, COMM + 16 * i + 8);
        } else {
            host = sp_get(c, COMM + 8 * i);
            gva = sp_get(c, COMM + 8 * i + 4);
        }
        uint32_t prot = (uint32_t)gva & vmmlProt;
        kern_return_t kr = map_page(call->task, idx, host, gva & ~0xFFFull, prot);
        if (kr != KERN_SUCCESS)
            return (uint32_t)kr;
    }
    return KERN_SUCCESS;
}

static uint64_t unmap_list(vmm_call_t *call, bool wide)
{
    uint32_t idx = (uint32_t)call->arg[0], count = (uint32_t)call->arg[1];
    vmm_context_t *c = task_context(call->task, idx);
    if (!c || count > kVmmMaxUnmapPages)
        return KERN_FAILURE;
    for (uint32_t i = 0; i < count; i++) {
        uint64_t gva = wide ? sp_get64(c, COMM + 8 * i) : sp_get(c, COMM + 4 * i);
        uint32_t id = ((uint32_t)gva & vmmlAdID) >> 4;
        uint32_t slot = id ? id : idx - 1;
        vmm_adsp_t *a = task_adsp(call->task, slot + 1);
        if (a && (gva & ~0xFFFull) <= max_guest_address())
            adsp_unmap(a, (uint32_t)gva & ~0xFFFu);
    }
    return KERN_SUCCESS;
}

uint64_t sel_map_list(vmm_call_t *c) { return map_list(c, false); }
uint64_t sel_map_list64(vmm_call_t *c) { return map_list(c, true); }
uint64_t sel_unmap_list(vmm_call_t *c) { return unmap_list(c, false); }
uint64_t sel_unmap_list64(vmm_call_t *c) { return unmap_list(c, true); }
