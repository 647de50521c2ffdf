/*
 * vmachmon/guestcall.c - routing a guest's system calls (the router and the
 * public functions of <vmachmon/guestcall.h>).
 *
 * Classification follows XNU/PowerPC (osfmk/ppc/lowmem_vectors.s and
 * hw_exception.s): 0x6000-0x6FFF are the PowerPC-only calls, 0x7FF0-0x7FFF
 * the fast traps, negative numbers Mach traps, the rest BSD calls, whose
 * number XNU reads as an unsigned short (r0 = 0: the indirect call, number
 * in r3, arguments from r4).
 *
 * Return conventions follow bsd/dev/ppc/systemcalls.c: the kernel first
 * moves the saved PC past the stub's `b cerror` (sc + 8), moves it back to
 * the `b cerror` on an error (sc + 4, r3 = errno), and back before the
 * stub's `li r0,N` for ERESTART (sc - 4).  Mach traps and the PowerPC calls
 * return to sc + 4 with their result in r3.
 *
 * The path is short on purpose: the guest's registers are already in *r,
 * a call is classified with a few comparisons, its handler found by index,
 * and the guest resumes in the same launch loop.
 */
#include "config.h"

#include <stdlib.h>

#include "vmachmon/guest_route.h"

/* ---- classification ---- */

static void classify(vmm_guestcall_t *call, const ppc_regs_t *r, uint32_t pc)
{
    uint32_t r0 = r->gpr[0];
    const uint32_t *args = &r->gpr[3];
    call->r0 = r0;
    call->pc = pc;
    call->number = (int32_t)r0;
    if ((r0 & 0xFFFFF000u) == 0x6000u) {
        call->cls = VMM_GC_PPC;
    } else if ((r0 & 0xFFFFFFF0u) == 0x7FF0u) {
        call->cls = VMM_GC_FAST;
    } else if ((int32_t)r0 < 0) {
        call->cls = VMM_GC_MACH;
    } else {
        call->cls = VMM_GC_BSD;
        call->number = (uint16_t)r0;
        if (r0 == 0) { /* indirect: the number is the first argument */
            call->number = (uint16_t)r->gpr[3];
            args++;
        }
    }
    for (int i = 0; i < 8; i++)
        call->arg[i] = (args + i <= &r->gpr[10]) ? args[i] : 0;
    /* What an answer leaves in r3/r4 unless the handler says otherwise:
     * XNU's zeroed rval for BSD, KERN_SUCCESS for Mach, the registers
     * themselves for the PowerPC calls (ppcNull changes nothing). */
    call->ret[0] = call->cls >= VMM_GC_PPC ? r->gpr[3] : 0;
    call->ret[1] = call->cls == VMM_GC_BSD ? 0 : r->gpr[4];
}

/* The library's answer: the built-in table's handler; an unknown BSD call
 * gets ENOSYS (XNU's nosys), anything else unknown leaves to the host
 * (XNU's EXC_SYSCALL). */
static int builtin(vmm_guest_t *g, vmm_guestcall_t *call)
{
    const gc_entry_t *e = gc_lookup(call->cls, call->number);
    if (e && e->fn)
        return e->fn(g, call);
    return call->cls == VMM_GC_BSD ? VMM_ENOSYS : VMM_GC_UNANSWERED;
}

static vmm_guestcall_fn host_handler(const vmm_guestcall_table_t *t, vmm_gc_class_t cls)
{
    switch (cls) {
    case VMM_GC_BSD:
        return t->bsd;
    case VMM_GC_MACH:
        return t->mach;
    case VMM_GC_PPC:
        return t->ppc;
    default:
        return t->fast;
    }
}

static int answer(vmm_guest_t *g, vmm_guestcall_t *call)
{
    if (g->table.pass & VMM_GC_CLASS_BIT(call->cls))
        return VMM_GC_UNANSWERED;
    vmm_guestcall_fn fn = host_handler(&g->table, call->cls);
    int rv = fn ? fn(g, call) : VMM_GC_DEFAULT;
    if (rv == VMM_GC_DEFAULT)
        rv = builtin(g, call);
    if (rv < 0 && rv != VMM_GC_RESTART)
        rv = VMM_GC_UNANSWERED;
    return rv;
}

/* Applies an answer to the registers. */
static void resume(const vmm_guestcall_t *call, int rv, ppc_regs_t *r)
{
    bool bsd = call->cls == VMM_GC_BSD;
    if (rv == VMM_GC_OK) {
        r->gpr[3] = call->ret[0];
        r->gpr[4] = call->ret[1];
        r->pc = call->pc + (bsd ? 8 : 4);
    } else if (rv == VMM_GC_RESTART) {
        r->pc = bsd ? call->pc - 4 : call->pc;
    } else {
        r->gpr[3] = (uint32_t)rv;
        r->pc = call->pc + 4;
    }
}

int guestcall_route(vmm_context_t *c, vmm_adsp_t *a, ppc_regs_t *r, ppc_exit_t *x)
{
    vmm_guest_t *g = c->route;
    vmm_guestcall_t call;
    classify(&call, r, x->srr0 - 4);
    g->adsp = a;
    g->kp = c->cpu_key == 0; /* vmmKey clear: the guest runs with Kp = 1 */
    /* Once the guest has exited, its calls are no longer answered. */
    int rv = g->exited ? VMM_GC_UNANSWERED : answer(g, &call);
    if (g->trace)
        gtrace_line(g, &call, rv);
    bool answered = !g->exited && rv != VMM_GC_UNANSWERED;
    if (answered)
        resume(&call, rv, r);
    if (c->dying) {
        /* A handler tore the context down: it leaves as a preempted guest
         * would, at the resume point (after the sc if unanswered). */
        x->stop = PPC_STOP_PREEMPTED;
        if (answered)
            x->srr0 = r->pc;
        return kVmmBogusContext;
    }
    /* Unanswered: the registers stay as the sc left them. */
    return answered ? -1 : kVmmReturnSystemCall;
}

void guestcall_release(vmm_context_t *c)
{
    vmm_guest_t *g = c->route;
    if (!g)
        return;
    gtask_release(g);
    free(g);
    c->route = NULL;
}

/* ---- public functions ---- */

static vmm_context_t *caller_context(vmm_thread_index_t index)
{
    return task_context(task_for_caller(false), index);
}

/* Gives context c of task t a route with the host's table (NULL: none).
 * With t's lock held: vmm_stop_vm reads c->route from other threads. */
static kern_return_t install_locked(vmm_task_t *t, vmm_context_t *c,
                                    const vmm_guestcall_table_t *table)
{
    if (!c->route) {
        vmm_guest_t *g = calloc(1, sizeof *g);
        if (!g)
            return KERN_RESOURCE_SHORTAGE;
        g->ctx = c;
        g->owner = t;
        c->route = g;
    }
    vmm_guestcall_table_t none = {0};
    c->route->table = table ? *table : none;
    return KERN_SUCCESS;
}

VMM_API kern_return_t vmm_guestcall_install(vmm_thread_index_t index,
                                            const vmm_guestcall_table_t *table)
{
    vmm_task_t *t = task_for_caller(false);
    vmm_context_t *c = task_context(t, index);
    if (!c)
        return KERN_FAILURE;
    pthread_mutex_lock(&t->lock);
    kern_return_t kr = install_locked(t, c, table);
    pthread_mutex_unlock(&t->lock);
    return kr;
}

VMM_API kern_return_t vmm_guestcall_remove(vmm_thread_index_t index)
{
    vmm_task_t *t = task_for_caller(false);
    vmm_context_t *c = task_context(t, index);
    if (!c)
        return KERN_FAILURE;
    /* Not from a handler of the running context: its call is still using
     * the route.  The task lock, because vmm_stop_vm follows the route to
     * the guest's own contexts from other threads. */
    kern_return_t kr = KERN_FAILURE;
    pthread_mutex_lock(&t->lock);
    if (!c->in_launch) {
        guestcall_release(c);
        kr = KERN_SUCCESS;
    }
    pthread_mutex_unlock(&t->lock);
    return kr;
}

VMM_API bool vmm_guestcall_exited(vmm_thread_index_t index, int *status)
{
    vmm_context_t *c = caller_context(index);
    if (!c || !c->route || !c->route->exited)
        return false;
    if (status)
        *status = c->route->status;
    return true;
}

VMM_API kern_return_t vmm_guestcall_trace(vmm_thread_index_t index, FILE *stream)
{
    vmm_context_t *c = caller_context(index);
    if (!c || !c->route)
        return KERN_FAILURE;
    c->route->trace = stream;
    return KERN_SUCCESS;
}

VMM_API const char *vmm_guestcall_name(vmm_gc_class_t cls, int32_t number)
{
    const gc_entry_t *e = gc_lookup(cls, number);
    return e ? e->name : NULL;
}

VMM_API vmm_thread_index_t vmm_guest_index(const vmm_guest_t *guest)
{
    return guest->ctx->number;
}

VMM_API void *vmm_guest_refcon(const vmm_guest_t *guest) { return guest->table.refcon; }

VMM_API void vmm_guest_exit(vmm_guest_t *guest, int status)
{
    guest->exited = true;
    guest->status = status;
}

const gc_entry_t *gc_lookup(vmm_gc_class_t cls, int32_t number)
{
    static const struct {
        const gc_table_t *table;
        uint32_t base;
    } tables[VMM_GC_NCLASSES] = {
        [VMM_GC_BSD] = {&gbsd_table, 0},
        [VMM_GC_MACH] = {&gmach_table, 0},
        [VMM_GC_PPC] = {&gppc_table, 0x6000u},
        [VMM_GC_FAST] = {&gfast_table, 0x7FF0u},
    };
    if ((unsigned)cls >= VMM_GC_NCLASSES)
        return NULL;
    const gc_table_t *t = tables[cls].table;
    uint32_t i = cls == VMM_GC_MACH ? -(uint32_t)number : (uint32_t)number - tables[cls].base;
    return i < t->count && t->entries[i].name ? &t->entries[i] : NULL;
}
