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
 * buffer may span pages.  gmem_copy translates each page as it copies it
 * (the only lookup it needs) and stops at the first that fails; a caller
 * that wants all or nothing checks the range first (gmem_check), as
 * vmm_guest_copyin and vmm_guest_copyout do.
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

_Static_assert(GMEM_PAGE == PHYS_PAGE, "a guest page is a physical page");
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
    for (uint32_t p = gva & ~(GMEM_PAGE - 1);; p += GMEM_PAGE) {
        if (!gmem_page(g, p, write, &pa))
            return false;
        if (p == (last & ~(GMEM_PAGE - 1)))
            return true;
    }
}

bool gmem_copy(const vmm_guest_t *g, uint32_t gva, void *host, size_t len, bool out)
{
    uint8_t *h = host;
    if (len && len - 1 > UINT32_MAX - gva)
        return false; /* wraps past 4 GiB */
    while (len) {
        uint32_t pa;
        size_t n = GMEM_PAGE - (gva & (GMEM_PAGE - 1));
        if (n > len)
            n = len;
        if (!gmem_page(g, gva, out, &pa))
            return false;
        if (out) {
            memcpy(physmem_host(pa), h, n);
            icache_note(pa & ~(GMEM_PAGE - 1), GMEM_PAGE); /* it may have held code */
        } else {
            memcpy(h, physmem_host(pa), n);
        }
        gva += (uint32_t)n;
        h += n;
        len -= n;
    }
    return true;
}

VMM_API int vmm_guest_copyin(vmm_guest_t *g, void *dst, uint32_t gva, size_t len)
{
    if (!gmem_check(g, gva, len, false) || !gmem_copy(g, gva, dst, len, false))
        return VMM_EFAULT;
    return 0;
}

VMM_API int vmm_guest_copyout(vmm_guest_t *g, uint32_t gva, const void *src, size_t len)
{
    if (!gmem_check(g, gva, len, true) || !gmem_copy(g, gva, (void *)(uintptr_t)src, len, true))
        return VMM_EFAULT;
    return 0;
}

/* ---- anonymous pages ---- */

uint32_t gmem_pages(uint32_t addr, uint32_t len)
{
    uint64_t end = (uint64_t)addr + len;
    return (uint32_t)((end + GMEM_PAGE - 1) / GMEM_PAGE - addr / GMEM_PAGE);
}

/* True if no page of the run is mapped (and it does not pass 4 GiB). */
static bool free_run(const vmm_guest_t *g, uint32_t gva, uint32_t npages)
{
    if (npages == 0 || npages - 1 > (UINT32_MAX - gva) / GMEM_PAGE)
        return false;
    for (uint32_t i = 0; i < npages; i++)
        if (adsp_lookup(g->adsp, gva + i * GMEM_PAGE, NULL, NULL))
            return false;
    return true;
}

/* First free run in [from, to), or 0. */
static uint32_t scan(const vmm_guest_t *g, uint32_t from, uint32_t to, uint32_t npages)
{
    uint32_t run = 0, start = 0;
    for (uint32_t p = from; p < to; p += GMEM_PAGE) {
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

/* A free run of npages guest pages: the run at hint (rounded down to a
 * page; 0: none) if it is all free, wherever it is; else the first free
 * run from the end of the last run this search placed (HEAP_BASE at first)
 * up to HEAP_HIGH; else from HEAP_LOW up to HEAP_HIGH.  0 if there is
 * none, or npages exceeds HEAP_LOW-HEAP_HIGH (vmm_guest_calls(3) says the
 * same). */
static uint32_t find(vmm_guest_t *g, uint32_t hint, uint32_t npages)
{
    if (npages == 0 || npages > (HEAP_HIGH - HEAP_LOW) / GMEM_PAGE)
        return 0;
    hint &= ~(GMEM_PAGE - 1);
    if (hint && free_run(g, hint, npages))
        return hint;
    uint32_t from = g->heap_hint ? g->heap_hint : HEAP_BASE;
    uint32_t at = scan(g, from, HEAP_HIGH, npages);
    if (!at)
        at = scan(g, HEAP_LOW, HEAP_HIGH, npages);
    if (at)
        g->heap_hint = at + npages * GMEM_PAGE;
    return at;
}

/* Maps npages fresh zero-filled pages at gva with PP bits pp, replacing
 * what was there; false (none of them left mapped) if the host ran out. */
static bool map_anon(vmm_guest_t *g, uint32_t gva, uint32_t npages, unsigned pp)
{
    for (uint32_t i = 0; i < npages; i++) {
        uint32_t pa;
        if (frames_alloc(1, &pa, false) != 0) {
            gmem_unmap(g, gva, i);
            return false;
        }
        if (adsp_map(g->adsp, gva + i * GMEM_PAGE, pa, pp) < 0) {
            frames_release(pa, 1);
            gmem_unmap(g, gva, i);
            return false;
        }
        /* The mapping holds the page now; it goes when it is unmapped. */
        frames_release(pa, 1);
        icache_note(pa, GMEM_PAGE);
    }
    return true;
}

gmem_status_t gmem_alloc(vmm_guest_t *g, uint32_t *addr, uint32_t len, gmem_place_t place,
                         unsigned pp)
{
    uint32_t at, npages;
    if (place == GMEM_ANYWHERE) {
        npages = gmem_pages(0, len);
        if (!(at = find(g, *addr, npages)))
            return GMEM_NO_SPACE;
    } else {
        if ((uint64_t)*addr + len > 1ull << 32)
            return GMEM_RANGE;
        npages = gmem_pages(*addr, len);
        at = *addr & ~(GMEM_PAGE - 1);
        if (place == GMEM_FIXED_FREE && !free_run(g, at, npages))
            return GMEM_NO_SPACE;
    }
    if (!map_anon(g, at, npages, pp))
        return GMEM_SHORTAGE;
    *addr = at;
    return GMEM_OK;
}

void gmem_unmap(vmm_guest_t *g, uint32_t gva, uint32_t npages)
{
    for (uint32_t i = 0; i < npages; i++)
        adsp_unmap(g->adsp, gva + i * GMEM_PAGE);
}
