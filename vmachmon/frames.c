/*
 * vmachmon/frames.c - page ownership in the allocatable physical region.
 *
 * State per page: a host-held bit and a count of guest references, in
 * arrays reserved with MAP_NORESERVE (the kernel backs only the parts that
 * are touched).  A "busy" bitmap (held by anyone) speeds up the search for
 * free runs.  One mutex: vm_allocate may come from any thread.
 */
#include "config.h"

#include "vmachmon/frames.h"

#include <pthread.h>
#include <sys/mman.h>

#include "ppc/physmem.h"

#define NFRAMES (PHYS_SIZE / PHYS_PAGE)
#define FIRST_FRAME (PHYS_ALLOC_BASE / PHYS_PAGE)
#define END_FRAME (PHYS_ALLOC_END / PHYS_PAGE)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t *refs;       /* guest references per frame */
static uint64_t *host_bits;  /* held by the host */
static uint64_t *busy_bits;  /* held by anyone */
static uint32_t rover = FIRST_FRAME;

static bool setup(void)
{
    if (refs)
        return true;
    size_t rsz = NFRAMES * sizeof *refs, bsz = NFRAMES / 8;
    void *r = mmap(NULL, rsz, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    void *h = mmap(NULL, 2 * bsz, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r == MAP_FAILED || h == MAP_FAILED) {
        if (r != MAP_FAILED)
            munmap(r, rsz);
        if (h != MAP_FAILED)
            munmap(h, 2 * bsz);
        return false;
    }
    refs = r;
    host_bits = h;
    busy_bits = (uint64_t *)((uint8_t *)h + bsz);
    return true;
}

static inline bool bit(const uint64_t *b, uint32_t f) { return b[f / 64] >> (f % 64) & 1; }
static inline void set_bit(uint64_t *b, uint32_t f) { b[f / 64] |= 1ull << (f % 64); }
static inline void clear_bit(uint64_t *b, uint32_t f) { b[f / 64] &= ~(1ull << (f % 64)); }

/* First frame of a free run of n frames in [from, END_FRAME), or 0. */
static uint32_t find_run(uint32_t from, size_t n)
{
    uint32_t run = 0, start = 0;
    for (uint32_t f = from; f < END_FRAME; f++) {
        if (f % 64 == 0 && run == 0 && busy_bits[f / 64] == UINT64_MAX && f + 64 <= END_FRAME) {
            f += 63; /* skip a full word */
            continue;
        }
        if (bit(busy_bits, f)) {
            run = 0;
            continue;
        }
        if (run++ == 0)
            start = f;
        if (run == n)
            return start;
    }
    return 0;
}

static bool range_free(uint32_t first, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (bit(busy_bits, first + (uint32_t)i))
            return false;
    return true;
}

int frames_alloc(size_t npages, uint32_t *pa, bool fixed)
{
    int rc = -1;
    if (npages == 0 || npages > END_FRAME - FIRST_FRAME || !physmem_init())
        return -1;
    pthread_mutex_lock(&lock);
    if (!setup())
        goto out;
    uint32_t first;
    if (fixed) {
        first = *pa / PHYS_PAGE;
        if (*pa % PHYS_PAGE || first < FIRST_FRAME || first + npages > END_FRAME ||
            !range_free(first, npages))
            goto out;
    } else {
        first = find_run(rover, npages);
        if (!first)
            first = find_run(FIRST_FRAME, npages);
        if (!first)
            goto out;
        rover = first + (uint32_t)npages;
    }
    for (size_t i = 0; i < npages; i++) {
        set_bit(host_bits, first + (uint32_t)i);
        set_bit(busy_bits, first + (uint32_t)i);
    }
    *pa = first * PHYS_PAGE;
    rc = 0;
out:
    pthread_mutex_unlock(&lock);
    return rc;
}

/* Called with the lock held: a frame nobody holds any more. */
static void maybe_free(uint32_t f)
{
    if (refs[f] == 0 && !bit(host_bits, f) && bit(busy_bits, f)) {
        clear_bit(busy_bits, f);
        physmem_discard(f * PHYS_PAGE, PHYS_PAGE);
    }
}

bool frames_release(uint32_t pa, size_t npages)
{
    uint32_t first = pa / PHYS_PAGE;
    if (first < FIRST_FRAME || first > END_FRAME || npages > END_FRAME - first)
        return false; /* (first > END_FRAME: END_FRAME - first would wrap) */
    pthread_mutex_lock(&lock);
    if (refs) {
        for (size_t i = 0; i < npages; i++) {
            uint32_t f = first + (uint32_t)i;
            if (bit(host_bits, f)) {
                clear_bit(host_bits, f);
                maybe_free(f);
            }
        }
    }
    pthread_mutex_unlock(&lock);
    return true;
}

bool frames_host_holds(uint32_t pa)
{
    uint32_t f = pa / PHYS_PAGE;
    bool held;
    if (f < FIRST_FRAME || f >= END_FRAME)
        return false;
    pthread_mutex_lock(&lock);
    held = refs && bit(host_bits, f);
    pthread_mutex_unlock(&lock);
    return held;
}

void frames_ref(uint32_t pa)
{
    uint32_t f = pa / PHYS_PAGE;
    if (f < FIRST_FRAME || f >= END_FRAME)
        return;
    pthread_mutex_lock(&lock);
    if (refs) {
        refs[f]++;
        set_bit(busy_bits, f);
    }
    pthread_mutex_unlock(&lock);
}

void frames_unref(uint32_t pa)
{
    uint32_t f = pa / PHYS_PAGE;
    if (f < FIRST_FRAME || f >= END_FRAME)
        return;
    pthread_mutex_lock(&lock);
    if (refs && refs[f] > 0) {
        refs[f]--;
        maybe_free(f);
    }
    pthread_mutex_unlock(&lock);
}
