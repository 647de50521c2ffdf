/*
 * vmachmon/icache.c - telling CPUs that code in memory has changed.
 *
 * The engine translates guest code once and keeps the translation, keyed
 * by physical address; it does not see the host writing instructions into
 * a shared page.  Writers note the pages (mapping a page does, and
 * sys_icache_invalidate does); every CPU applies the notes made since its
 * last launch, page by page, or, when many pages changed, by dropping all
 * its translations (cheaper than thousands of single invalidations).  Launching costs one
 * comparison when nothing changed.
 */
#include "config.h"

#include <pthread.h>

#include "vmachmon/facility.h"

#define RING 4096
#define BATCH 64 /* more pending pages than this: flush all */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t ring_pa[RING], ring_len[RING];
static _Atomic uint64_t seq; /* notes made so far */

void icache_note(uint32_t pa, uint32_t len)
{
    pthread_mutex_lock(&lock);
    uint64_t s = atomic_load(&seq);
    ring_pa[s % RING] = pa;
    ring_len[s % RING] = len;
    atomic_store(&seq, s + 1);
    pthread_mutex_unlock(&lock);
}

uint64_t icache_now(void) { return atomic_load(&seq); }

void icache_sync(ppc_cpu_t *cpu, uint64_t *mine)
{
    if (atomic_load_explicit(&seq, memory_order_acquire) == *mine)
        return;
    pthread_mutex_lock(&lock);
    uint64_t now = atomic_load(&seq);
    if (now - *mine > BATCH) {
        ppc_cpu_invalidate_all_code(cpu);
    } else {
        for (uint64_t s = *mine; s < now; s++)
            ppc_cpu_invalidate_code(cpu, ring_pa[s % RING], ring_len[s % RING]);
    }
    *mine = now;
    pthread_mutex_unlock(&lock);
}
