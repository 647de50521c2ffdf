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
#include "vmachmon/guest_route.h"
#include "vmachmon/timer.h"

static bool version_ok(uint32_t version)
{
    uint32_t major = version >> 16, minor = version & 0xFFFF;
    return major >= kVmmMinMajorVersion && major <= kVmmCurMajorVersion &&
           minor <= kVmmCurMinorVersion;
}

static vmm_context_t *free_slot(vmm_task_t *t)
{
    for (int i = 0; i < kVmmMaxContexts; i++)
        if (!(atomic_load(&t->ctx[i].flags) & vmmInUse) && !t->ctx[i].dying)
            return &t->ctx[i];
    return NULL;
}

/* Everything of a context but its slot number, back to nothing. */
static void release(vmm_task_t *t, vmm_context_t *c)
{
    guestcall_release(c);
    ppc_cpu_destroy(c->cpu);
    if (c->page_pa)
        frames_unref(c->page_pa);
    c->dying = false;
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
    c->page_swap = t->client->big_endian;
    /* Hold the page so the host cannot recycle it under us. */
    if (t->client->page_pa(t, page_addr, &c->page_pa))
        frames_ref(c->page_pa);
    else
        c->page_pa = 0;
    c->icache_seq = icache_now();
    c->xa_flags = 0;
    c->vscr = UINT32_MAX; /* unknown: the first launch loads the page's */
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
    if (!a)
        return;
    for (int i = 0; i < kVmmMaxContexts; i++)
        if (t->ctx[i].cpu_adsp == a)
            t->ctx[i].cpu_adsp = NULL;
}

/*
 * Frees address space number n (1-based); with the task lock held.  A
 * space a launch is running in (a handler tore it down from inside that
 * launch) leaves the table and is emptied at once, so that the running
 * guest faults out at its next access, and is freed when the last such
 * launch ends (context_adsp_done).
 */
static void free_adsp(vmm_task_t *t, int n)
{
    vmm_adsp_t *a = t->adsp[n - 1];
    if (!a)
        return;
    t->adsp[n - 1] = NULL;
    if (a->users) {
        adsp_unmap_all(a);
        a->orphaned = true;
        return;
    }
    forget_adsp(t, a);
    adsp_destroy(a);
}

void context_adsp_done(vmm_task_t *t, vmm_adsp_t *a)
{
    if (--a->users == 0 && a->orphaned) {
        pthread_mutex_lock(&t->lock);
        forget_adsp(t, a);
        adsp_destroy(a);
        pthread_mutex_unlock(&t->lock);
    }
}

/* Frees context c and its address space; with the task lock held. */
static void destroy(vmm_task_t *t, vmm_context_t *c)
{
    timer_forget(c);
    release(t, c);
    free_adsp(t, c->number);
    t->last_map_as = 0; /* never redrive into a dead address space */
    if (--t->live == 0) {
        for (int n = 1; n <= kVmmMaxContexts; n++)
            free_adsp(t, n);
        t->has_owner = false;
        atomic_store_explicit(&t->owner_id, (pthread_t)0, memory_order_release);
    }
}

/*
 * The context leaves the table at once.  If its guest is running (this is
 * called from a callback inside the launch), the guest is forced out with
 * kVmmBogusContext, as vmm_tear_down_all did with a running VM, and the
 * context is freed when the launch returns (context_reap).
 */
kern_return_t context_tear_down(vmm_task_t *t, uint32_t idx)
{
    vmm_context_t *c = task_context(t, idx);
    if (!c)
        return KERN_FAILURE;
    pthread_mutex_lock(&t->lock);
    if (c->in_launch) {
        atomic_fetch_and(&c->flags, ~vmmInUse);
        c->dying = true;
        ppc_cpu_preempt(c->cpu); /* preempt_code then says kVmmBogusContext */
    } else {
        atomic_store(&c->flags, 0);
        destroy(t, c);
    }
    pthread_mutex_unlock(&t->lock);
    return KERN_SUCCESS;
}

void context_reap(vmm_task_t *t, vmm_context_t *c)
{
    /* Only the VMM thread marks a context dying (teardown is an owner-only
     * call, made here from a callback inside the launch), so this thread
     * may look without the lock: a launch pays no lock for the usual case. */
    if (!c->dying)
        return;
    pthread_mutex_lock(&t->lock);
    if (c->dying) {
        atomic_store(&c->flags, 0);
        destroy(t, c);
    }
    pthread_mutex_unlock(&t->lock);
}

void context_tear_down_all(vmm_task_t *t)
{
    if (!t)
        return;
    for (uint32_t n = 1; n <= kVmmMaxContexts; n++)
        if (task_context(t, n))
            context_tear_down(t, n);
}

/* As the kernel's vmm_flush_context; thread_index is rewritten as
 * idx % 255 (sic: vmmTInum is 0xFF), so an index with an address-space
 * byte comes back altered. */
void context_flush(vmm_task_t *t, vmm_context_t *c, uint32_t idx)
{
    fpvec_forget(c);
    vmm_adsp_t *a = task_adsp(t, idx & vmmTInum);
    if (a)
        adsp_unmap_all(a);
    t->last_map_as = 0;
    uint32_t version = sp_get(c, SP_VERSION);
    memset(c->page, 0, 4096);
    sp_put(c, SP_VERSION, version);
    sp_put(c, SP_INDEX, idx % vmmTInum);
    atomic_store(&c->flags, vmmInUse);
}
