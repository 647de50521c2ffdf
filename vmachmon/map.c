/*
 * vmachmon/map.c - mapping host pages into guest address spaces.
 *
 * Protection: a Mach vm_prot_t (READ 1, WRITE 2, EXECUTE 4) or an extended
 * kVmmProt* value (8-11) becomes the PowerPC PP bits through the kernel's
 * own table, indexed by the low 4 bits (higher bits are ignored, as
 * there).  Note that a 32-bit PowerPC page has no execute permission of its
 * own: whatever can be read can be executed.
 *
 *   prot:  0  1  2  3  4  5  6  7 | 8  9  10 11 | 12 13 14 15
 *   PP:    0  3  2  2  3  3  2  2 | 0  1  2  3  | 0  1  2  3
 *
 * The guest runs with key Kp = 1 unless vmmKey is set, so PP 0 is no
 * access, 1 and 3 read-only, 2 read/write (see kVmmProt* in vmachmon.h).
 */
#include "config.h"

#include "ppc/physmem.h"
#include "vmachmon/facility.h"

static const uint8_t pp_table[16] = {0, 3, 2, 2, 3, 3, 2, 2, 0, 1, 2, 3, 0, 1, 2, 3};

unsigned prot_to_pp(uint32_t prot) { return pp_table[prot & 0xF]; }

uint64_t max_guest_address(void) { return 0xFFFFFFFFull; }

/* Records the last page mapped, for the redrive at the next launch. */
void note_last_map(vmm_task_t *t, uint32_t as, uint64_t gva)
{
    t->last_map_as = as;
    t->last_map_va = gva & ~0xFFFull;
}

kern_return_t map_page(vmm_task_t *t, uint32_t as, uint64_t host, uint64_t gva,
                       uint32_t prot)
{
    vmm_adsp_t *a = task_adsp(t, as);
    uint32_t pa;
    if (!a)
        return KERN_FAILURE;
    if (gva > max_guest_address())
        return kVmmInvalidAddress;
    if (!t->client->page_pa(t, host, &pa))
        return KERN_FAILURE; /* not a plain page of the client's */
    if (adsp_map(a, (uint32_t)gva, pa, prot_to_pp(prot)) < 0)
        return KERN_RESOURCE_SHORTAGE;
    /* The host has probably just written this page: forget any code
     * translated from it. */
    icache_note(pa, PHYS_PAGE);
    note_last_map(t, as, gva);
    return KERN_SUCCESS;
}

kern_return_t protect_page(vmm_task_t *t, uint32_t as, uint64_t gva, uint32_t prot)
{
    vmm_adsp_t *a = task_adsp(t, as);
    if (!a)
        return KERN_FAILURE;
    /* Success even when nothing is mapped there, as in the original, which
     * then returned before recording the page for the redrive. */
    if (gva <= max_guest_address() && adsp_protect(a, (uint32_t)gva, prot_to_pp(prot)))
        note_last_map(t, as, gva);
    return KERN_SUCCESS;
}
