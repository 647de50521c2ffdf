/*
 * vmachmon/sel_map.c - selectors that manage one guest page: map (5, 27),
 * get mapping (6, 28), unmap (7, 29), unmap all (8), dirty flag (9, 30),
 * protect (15, 31).
 *
 * The 32-bit flavours take guest addresses of 32 bits (the original's
 * shims cleared the high halves); the 64-bit flavours take them whole.
 * Arguments: as (address space number: the whole 32-bit word, which must
 * be 1..32; unlike a context index it is not masked), then addresses.
 */
#include "config.h"

#include "ppc/physmem.h"
#include "vmachmon/dispatch.h"

#define AS(c) ((uint32_t)(c)->arg[0])
#define LOW32(v) ((uint64_t)(uint32_t)(v))

/* args: as, host, guest, prot */
uint64_t sel_map_page(vmm_call_t *c)
{
    return (uint32_t)map_page(c->task, AS(c), c->arg[1], c->arg[2], (uint32_t)c->arg[3]);
}

uint64_t sel_map_page32(vmm_call_t *c)
{
    c->arg[2] = LOW32(c->arg[2]);
    return sel_map_page(c);
}

/* args: as, guest.  The client address of the page, or all ones. */
uint64_t sel_get_page_mapping(vmm_call_t *c)
{
    vmm_adsp_t *a = task_adsp(c->task, AS(c));
    uint32_t pa;
    uint64_t addr;
    if (!a || c->arg[1] > max_guest_address() ||
        !adsp_lookup(a, (uint32_t)c->arg[1], &pa, NULL) ||
        !c->task->client->client_addr(c->task, pa & ~(PHYS_PAGE - 1), &addr))
        return UINT64_MAX;
    return addr;
}

uint64_t sel_get_page_mapping32(vmm_call_t *c)
{
    c->arg[1] = LOW32(c->arg[1]);
    return sel_get_page_mapping(c);
}

/* args: as, guest.  -1 (a kern_return_t) for a bad address space. */
uint64_t sel_unmap_page(vmm_call_t *c)
{
    vmm_adsp_t *a = task_adsp(c->task, AS(c));
    if (!a)
        return (uint32_t)-1;
    bool removed = c->arg[1] <= max_guest_address() && adsp_unmap(a, (uint32_t)c->arg[1]);
    /* Under guest shadow assist the kernel suspended the mapping and
     * always answered success. */
    return (removed || a->gsa) ? KERN_SUCCESS : KERN_FAILURE;
}

uint64_t sel_unmap_page32(vmm_call_t *c)
{
    c->arg[1] = LOW32(c->arg[1]);
    return sel_unmap_page(c);
}

/* args: as.  A void routine in the original; returns 0 here. */
uint64_t sel_unmap_all_pages(vmm_call_t *c)
{
    vmm_adsp_t *a = task_adsp(c->task, AS(c));
    if (a)
        adsp_unmap_all(a);
    return 0;
}

/* args: as, guest, reset.  1 = dirty, or no such page or space. */
uint64_t sel_get_page_dirty_flag(vmm_call_t *c)
{
    vmm_adsp_t *a = task_adsp(c->task, AS(c));
    if (!a || c->arg[1] > max_guest_address())
        return 1;
    int d = adsp_dirty(a, (uint32_t)c->arg[1], c->arg[2] != 0);
    return d < 0 ? 1 : (uint64_t)d;
}

uint64_t sel_get_page_dirty_flag32(vmm_call_t *c)
{
    c->arg[1] = LOW32(c->arg[1]);
    return sel_get_page_dirty_flag(c);
}

/* args: as, guest, prot */
uint64_t sel_protect_page(vmm_call_t *c)
{
    return (uint32_t)protect_page(c->task, AS(c), c->arg[1], (uint32_t)c->arg[2]);
}

uint64_t sel_protect_page32(vmm_call_t *c)
{
    c->arg[1] = LOW32(c->arg[1]);
    return sel_protect_page(c);
}
