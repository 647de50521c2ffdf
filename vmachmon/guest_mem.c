/*
 * vmachmon/guest_mem.c - a guest's memory, seen from its system calls.
 *
 * Every guest pointer is an effective address in the address space the
 * guest runs in, checked page by page against that space's own table: the
 * page must be mapped, its PP bits must allow the access with the key the
 * guest runs with (Kp = 1 unless vmmKey: PP 0 no access, 1 and 3 read-only,
 * 2 read/write; Kp = 0: only PP 3 is read-only), and its physical page must
 * lie in the allocatable region.  Only then are bytes copied, through the
 * physical reservation, so a bad pointer gives EFAULT and can never make
 * the library read or write host memory outside the guest's pages.  A
 * buffer may span pages; nothing is copied unless all of it passes.
 *
 * Anonymous memory (mmap, vm_allocate from the guest) is made of fresh
 * pages of the allocatable region mapped into the guest's address space;
 * the mapping holds the only reference, so unmapping frees them.
 */
#include "config.h"

#include <string.h>

#include "ppc/physmem.h"
#include "vmachmon/frames.h"
#include "vmachmon/guest_route.h"

#define PAGE PHYS_PAGE
/* Where anywhere-allocations go: above a program's usual segments, below
 * the stack xnu_run places at 0xC0000000. */
#define HEAP_BASE 0x40000000u
#define HEAP_LOW 0x00100000u
#define HEAP_HIGH 0xBF000000u

static bool pp_allows(unsigned pp, bool kp, bool write)
{
    if (kp)
        return write ? pp == 2 : pp != 0;
    return write ? pp != 3 : true;
}

bool gmem_page(const vmm_guest_t *g, uint32_t gva, bool write, uint32_t *pa)
{
    uint32_t p;
    unsigned pp;
    if (!g->adsp || !adsp_lookup(g->adsp, gva, &p, &pp) || !pp_allows(pp, g->kp, write))
        return false;
    if (p < PHYS_ALLOC_BASE || p >= PHYS_ALLOC_END)
        return false;
    *pa = p;
    return true;
}

bool gmem_check(const vmm_guest_t *g, uint32_t gva, size_t len, bool write)
{
    uint32_t pa;
    if (len == 0)
        return true;
    if (len - 1 > UINT32_MAX - gva)
        return false; /* wraps past 4 GiB */
    uint32_t last = gva + (uint32_t)(len - 1);
    for (uint32_t p = gva & ~(PAGE - 1);; p += PAGE) {
        if (!gmem_page(g, p, write, &pa))
            return false;
        if (p == (last & ~(PAGE - 1)))
            return true;
    }
}

/* Copies len bytes between host memory and the checked guest range. */
static void copy(uint32_t gva, uint8_t *host, size_t len, bool out, const vmm_guest_t *g)
{
    while (len) {
        uint32_t pa;
        size_t n = PAGE - (gva & (PAGE - 1));
        if (n > len)
            n = len;
        gmem_page(g, gva, out, &pa);
        if (out) {
            memcpy(physmem_host(pa), host, n);
            icache_note(pa & ~(PAGE - 1), PAGE); /* it may have held code */
        } else {
            memcpy(host, physmem_host(pa), n);
        }
        gva += (uint32_t)n;
        host += n;
        len -= n;
    }
}

VMM_API int vmm_guest_copyin(vmm_guest_t *g, void *dst, uint32_t gva, size_t len)
{
    if (!gmem_check(g, gva, len, false))
        return VMM_EFAULT;
    copy(gva, dst, len, false, g);
    return 0;
}

VMM_API int vmm_guest_copyout(vmm_guest_t *g, uint32_t gva, const void *src, size_t len)
{
    if (!gmem_check(g, gva, len, true))
        return VMM_EFAULT;
    copy(gva, (uint8_t *)(uintptr_t)src, len, true, g);
    return 0;
}

/* ---- anonymous pages ---- */

bool gmem_free_run(const vmm_guest_t *g, uint32_t gva, uint32_t npages)
{
    if (npages == 0 || npages - 1 > (UINT32_MAX - gva) / PAGE)
        return false;
    for (uint32_t i = 0; i < npages; i++)
        if (adsp_lookup(g->adsp, gva + i * PAGE, NULL, NULL))
            return false;
    return true;
}

/* First free run in [from, to), or 0. */
static uint32_t scan(const vmm_guest_t *g, uint32_t from, uint32_t to, uint32_t npages)
{
    uint32_t run = 0, start = 0;
    for (uint32_t p = from; p < to; p += PAGE) {
        if (adsp_lookup(g->adsp, p, NULL, NULL)) {
            run = 0;
            continue;
        }
        if (run++ == 0)
            start = p;
        if (run == npages)
            return start;
    }
    return 0;
}

uint32_t gmem_find(vmm_guest_t *g, uint32_t hint, uint32_t npages)
{
    if (npages == 0 || npages > (HEAP_HIGH - HEAP_LOW) / PAGE)
        return 0;
    hint &= ~(PAGE - 1);
    if (hint && gmem_free_run(g, hint, npages))
        return hint;
    uint32_t from = g->heap_hint ? g->heap_hint : HEAP_BASE;
    uint32_t at = scan(g, from, HEAP_HIGH, npages);
    if (!at)
        at = scan(g, HEAP_LOW, HEAP_HIGH, npages);
    if (at)
        g->heap_hint = at + npages * PAGE;
    return at;
}

bool gmem_map_anon(vmm_guest_t *g, uint32_t gva, uint32_t npages, unsigned pp)
{
    for (uint32_t i = 0; i < npages; i++) {
        uint32_t pa;
        if (frames_alloc(1, &pa, false) != 0) {
            gmem_unmap(g, gva, i);
            return false;
        }
        if (adsp_map(g->adsp, gva + i * PAGE, pa, pp) < 0) {
            frames_release(pa, 1);
            gmem_unmap(g, gva, i);
            return false;
        }
        /* The mapping holds the page now; it goes when it is unmapped. */
        frames_release(pa, 1);
        icache_note(pa, PAGE);
    }
    return true;
}

void gmem_unmap(vmm_guest_t *g, uint32_t gva, uint32_t npages)
{
    for (uint32_t i = 0; i < npages; i++)
        adsp_unmap(g->adsp, gva + i * PAGE);
}
