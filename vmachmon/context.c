/*
 * vmachmon/context.c - creating and destroying contexts.
 *
 * kVmmInitContext (reference 2.2): the state page must be page-aligned and
 * the version 1.0-1.7; the task allows one VMM thread; 32 contexts at most.
 * On success the whole page is zeroed, interface_version and thread_index
 * (1-based) are set, and context n gets a fresh address space n.
 *
 * kVmmTearDownContext destroys address space n with it ("kept for
 * compatibility" in the original); when the last context goes, every
 * address space goes and the task forgets its VMM thread.
 */
#include "config.h"

#include <string.h>

#include "vmachmon/facility.h"
#include "vmachmon/frames.h"

static bool version_ok(uint32_t version)
{
    uint32_t major = version >> 16, minor = version & 0xFFFF;
    return major >= kVmmMinMajorVersion && major <= kVmmCurMajorVersion &&
           minor <= kVmmCurMinorVersion;
}

static vmm_context_t *free_slot(vmm_task_t *t)
{
    for (int i = 0; i < kVmmMaxContexts; i++)
        if (!(atomic_load(&t->ctx[i].flags) & vmmInUse))
            return &t->ctx[i];
    return NULL;
}

/* Everything of a context but its slot number, back to nothing. */
static void release(vmm_task_t *t, vmm_context_t *c)
{
    ppc_cpu_destroy(c->cpu);
    if (c->page_pa)
        frames_unref(c->page_pa);
    uint32_t number = c->number;
    memset((void *)((char *)c + offsetof(vmm_context_t, number)), 0,
           sizeof *c - offsetof(vmm_context_t, number));
    c->number = number;
    (void)t;
}

kern_return_t context_init(vmm_task_t *t, uint32_t version, uint64_t page_addr)
{
    kern_return_t kr;
    if (!t || (page_addr & 0xFFF) || !version_ok(version))
        return KERN_FAILURE;

    pthread_mutex_lock(&t->lock);
    if (t->has_owner && !pthread_equal(t->owner, pthread_self())) {
        kr = KERN_FAILURE; /* another thread is this task's VMM thread */
        goto out;
    }
    vmm_context_t *c = free_slot(t);
    if (!c) {
        kr = KERN_RESOURCE_SHORTAGE;
        goto out;
    }
    uint8_t *page = t->client->state_page(t, page_addr, &kr);
    if (!page)
        goto out;
    vmm_adsp_t **slot_as = &t->adsp[c->number - 1];
    if (!*slot_as && adsp_create(slot_as) != 0) {
        kr = KERN_RESOURCE_SHORTAGE;
        goto out;
    }
    if (ppc_cpu_create(&c->cpu, PPC_MODEL_G4) != 0) {
        c->cpu = NULL;
        kr = KERN_RESOURCE_SHORTAGE;
        goto out;
    }
    c->page = page;
    c->page_addr = page_addr;
    c->page_swap = t->client->big_endian;
    /* Hold the page so the host cannot recycle it under us. */
    if (t->client->page_pa(t, page_addr, &c->page_pa))
        frames_ref(c->page_pa);
    else
        c->page_pa = 0;
    c->icache_seq = icache_now();
    c->xa_flags = 0;
    sp_put(c, SP_VERSION, version);
    sp_put(c, SP_INDEX, c->number);
    atomic_store(&c->flags, vmmInUse);
    if (!t->has_owner) {
        t->has_owner = true;
        t->owner = pthread_self();
        atomic_store_explicit(&t->owner_id, t->owner, memory_order_release);
    }
    t->live++;
    kr = KERN_SUCCESS;
out:
    pthread_mutex_unlock(&t->lock);
    return kr;
}

/* Address space a is about to be freed: a CPU set up for it must be set up
 * again before it runs anywhere, even in a new space at the same address. */
static void forget_adsp(vmm_task_t *t, const vmm_adsp_t *a)
{
    for (int i = 0; i < kVmmMaxContexts; i++)
        if (t->ctx[i].cpu_adsp == a)
            t->ctx[i].cpu_adsp = NULL;
}

kern_return_t context_tear_down(vmm_task_t *t, uint32_t idx)
{
    vmm_context_t *c = task_context(t, idx);
    if (!c)
        return KERN_FAILURE;
    pthread_mutex_lock(&t->lock);
    atomic_store(&c->flags, 0);
    release(t, c);
    forget_adsp(t, t->adsp[c->number - 1]);
    adsp_destroy(t->adsp[c->number - 1]);
    t->adsp[c->number - 1] = NULL;
    if (--t->live == 0) {
        for (int i = 0; i < kVmmMaxContexts; i++) {
            adsp_destroy(t->adsp[i]);
            t->adsp[i] = NULL;
        }
        t->last_map_as = 0;
        t->has_owner = false;
        atomic_store_explicit(&t->owner_id, (pthread_t)0, memory_order_release);
    }
    pthread_mutex_unlock(&t->lock);
    return KERN_SUCCESS;
}

void context_tear_down_all(vmm_task_t *t)
{
    if (!t)
        return;
    for (uint32_t n = 1; n <= kVmmMaxContexts; n++)
        if (task_context(t, n))
            context_tear_down(t, n);
}

void context_flush(vmm_task_t *t, vmm_context_t *c)
{
    c->fp_live = c->vec_live = false;
    vmm_adsp_t *a = t->adsp[c->number - 1];
    if (a)
        adsp_unmap_all(a);
    uint32_t version = sp_get(c, SP_VERSION), index = sp_get(c, SP_INDEX);
    memset(c->page, 0, sizeof(vmm_state_page_t));
    sp_put(c, SP_VERSION, version);
    sp_put(c, SP_INDEX, index);
    atomic_store(&c->flags, vmmInUse);
}
