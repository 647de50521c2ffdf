/*
 * ppc/physmem.c - the 4 GiB physical reservation and its fixed-slot regions.
 *
 * The reservation is made once per process and never released: engines
 * keep pointers into it for their whole life.  Slot bitmaps for the HTAB
 * and CPU regions are guarded by one mutex (allocation is rare: context
 * creation and teardown).
 */
#include "config.h"

#include "ppc/physmem.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

static uint8_t *phys_base;
static pthread_once_t phys_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;

/* One bit per slot; both regions hold at most 4096 slots. */
#define MAX_SLOTS 4096
static uint64_t htab_slots[MAX_SLOTS / 64];
static uint64_t cpu_slots[MAX_SLOTS / 64];

static void reserve(void)
{
    /* Over-reserve 8 GiB, keep the 4 GiB-aligned middle, give back the
     * rest, so that the low 32 bits of a host address are its PA. */
    size_t span = 2 * PHYS_SIZE;
    uint8_t *raw = mmap(NULL, span, PROT_NONE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED)
        return;
    uintptr_t aligned = ((uintptr_t)raw + PHYS_SIZE - 1) & ~(uintptr_t)(PHYS_SIZE - 1);
    uint8_t *base = (uint8_t *)aligned;
    if (base > raw)
        munmap(raw, (size_t)(base - raw));
    uint8_t *end = base + PHYS_SIZE;
    if (end < raw + span)
        munmap(end, (size_t)(raw + span - end));
    /* Made accessible by mapping it again in place, not by mprotect():
     * the same memory, but valgrind's memcheck takes 17-30 s to mprotect
     * 4 GiB and no time to map it. */
    if (mmap(base, PHYS_SIZE, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) != base) {
        int e = errno;
        munmap(base, PHYS_SIZE);
        errno = e;
        return;
    }
    phys_base = base;
}

uint8_t *physmem_init(void)
{
    pthread_once(&phys_once, reserve);
    if (!phys_base && errno == 0)
        errno = ENOMEM;
    return phys_base;
}

uint8_t *physmem_base(void) { return phys_base; }

bool physmem_pa_of(const void *p, size_t len, uint32_t *pa)
{
    uintptr_t a = (uintptr_t)p, b = (uintptr_t)phys_base;
    if (!phys_base || a < b || len > PHYS_SIZE || a - b > PHYS_SIZE - len)
        return false;
    *pa = (uint32_t)(a - b);
    return true;
}

void physmem_discard(uint32_t pa, size_t len)
{
    /* MADV_DONTNEED on private anonymous memory: the pages read as zero
     * afterwards and their frames go back to the host. */
    madvise(phys_base + pa, len, MADV_DONTNEED);
}

static uint64_t *bitmap_for(uint32_t base)
{
    return base == PHYS_HTAB_BASE ? htab_slots : cpu_slots;
}

uint32_t physmem_slot_alloc(uint32_t base, uint32_t end, uint32_t size)
{
    uint64_t *bits = bitmap_for(base);
    uint32_t n = (end - base) / size;
    uint32_t pa = 0;
    if (n > MAX_SLOTS)
        n = MAX_SLOTS;
    pthread_mutex_lock(&slot_lock);
    for (uint32_t i = 0; i < n; i++) {
        if (!(bits[i / 64] & (1ull << (i % 64)))) {
            bits[i / 64] |= 1ull << (i % 64);
            pa = base + i * size;
            break;
        }
    }
    pthread_mutex_unlock(&slot_lock);
    return pa;
}

void physmem_slot_free(uint32_t base, uint32_t size, uint32_t pa)
{
    uint64_t *bits = bitmap_for(base);
    uint32_t i = (pa - base) / size;
    physmem_discard(pa, size);
    pthread_mutex_lock(&slot_lock);
    bits[i / 64] &= ~(1ull << (i % 64));
    pthread_mutex_unlock(&slot_lock);
}
