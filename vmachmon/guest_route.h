/*
 * vmachmon/guest_route.h - the guest-call route of a context (internal).
 *
 * A context with a route answers its guest's `sc` instructions in the
 * launch loop (launch.c calls guestcall_route) instead of leaving to the
 * host.  The route holds the host's table, the guest's exit status, the
 * trace stream, and the guest's own control table (a vmm_task_t whose
 * client names memory with the guest's effective addresses), created by the
 * guest's first kVmmInitContext.
 *
 * Files: guestcall.c (router, public functions), guest_mem.c (guest
 * memory: checks, copies, anonymous pages), guest_task.c (the guest's
 * control table and vmm_dispatch from the guest), guest_bsd.c,
 * guest_mach.c, guest_ppc.c (the built-in tables), guest_trace.c (names
 * and the trace line).
 */
#ifndef VMACHMON_GUEST_ROUTE_H
#define VMACHMON_GUEST_ROUTE_H

#include <vmachmon/guestcall.h>

#include "vmachmon/dispatch.h"
#include "vmachmon/facility.h"

struct vmm_guestcall_route {
    vmm_guestcall_table_t table;
    vmm_context_t *ctx;   /* the context whose guest calls come here */
    vmm_task_t *owner;    /* ctx's task */
    /* Valid during a call: the address space the guest runs in, and
     * whether its pages are checked with key Kp = 1 (vmmKey clear). */
    vmm_adsp_t *adsp;
    bool kp;
    vmm_task_t *task;     /* the guest's own control table, or NULL */
    FILE *trace;
    bool exited;
    int status;
    uint32_t heap_hint;   /* first guest page an anywhere-allocation tries */
    uint32_t self;        /* the thread value of fast traps 0x7FF1/0x7FF2 */
};

/* ---- guestcall.c ---- */

/* An `sc` of context c (c has a route) just stopped the guest,
 * whose registers are *r, in address space a (x: the exit, SRR0 after the
 * sc).  Returns -1 when the call was answered (r3, r4 and r->pc updated:
 * resume), or the exit code to leave with: kVmmReturnSystemCall (r
 * untouched), or kVmmBogusContext if a handler tore c down during the call
 * (then *x is made a preemption at the resume point). */
int guestcall_route(vmm_context_t *c, vmm_adsp_t *a, ppc_regs_t *r, ppc_exit_t *x);

/* Frees c's route and the guest's control table (context teardown). */
void guestcall_release(vmm_context_t *c);

/* ---- one entry of a built-in table (guest_bsd.c ...) ---- */

typedef struct gc_entry {
    const char *name;
    const char *args;   /* one letter per argument register, see guest_trace.c */
    char result;        /* how the trace prints r3: 'd', 'u', 'x', 'k', 'n' */
    vmm_guestcall_fn fn; /* NULL: known by name only */
} gc_entry_t;

/* A built-in table, indexed by number (BSD), -number (Mach), number - 0x6000
 * (PowerPC) or number - 0x7FF0 (fast); entries without a name are holes. */
typedef struct gc_table {
    const gc_entry_t *entries;
    uint32_t count;
} gc_table_t;

extern const gc_table_t gbsd_table, gmach_table, gppc_table, gfast_table;

/* The entry for a call, or NULL. */
const gc_entry_t *gc_lookup(vmm_gc_class_t cls, int32_t number);

/* ---- guest_trace.c ---- */

/* One trace line for a call that ended with handler result rv. */
void gtrace_line(vmm_guest_t *g, const vmm_guestcall_t *call, int rv);

/* ---- guest_mem.c ---- */

/* A guest page: 4 KiB, as a physical page (PHYS_PAGE). */
#define GMEM_PAGE 4096u

/* The physical address of guest byte gva if its page allows the access. */
bool gmem_page(const vmm_guest_t *g, uint32_t gva, bool write, uint32_t *pa);
/* True if every page of [gva, gva+len) allows the access (len 0: true). */
bool gmem_check(const vmm_guest_t *g, uint32_t gva, size_t len, bool write);
/* Copies len bytes between host memory and guest memory at gva (out: host
 * to guest), translating each page as it reaches it: the one lookup a copy
 * needs, no check of the whole range first.  False at the first page that
 * does not allow the access (or if the range passes 4 GiB); the pages
 * before it have been copied.  For a caller that has checked the range
 * with gmem_check, or that can live with a partial copy (it cannot fail
 * unless the mappings changed since the check, e.g. in a host callback).
 * Host handlers get the all-or-nothing vmm_guest_copyin/copyout. */
bool gmem_copy(const vmm_guest_t *g, uint32_t gva, void *host, size_t len, bool out);
/* The number of pages covering [addr, addr + len) (computed in 64 bits:
 * any values). */
uint32_t gmem_pages(uint32_t addr, uint32_t len);

/* Where gmem_alloc puts pages. */
typedef enum gmem_place {
    GMEM_ANYWHERE,   /* a free run, found as vmm_guest_calls(3) says
                        (guest_mem.c, find), *addr its hint (0: none) */
    GMEM_FIXED,      /* the pages covering [*addr, *addr + len), replacing
                        what is mapped there */
    GMEM_FIXED_FREE, /* the same, only if none of them is mapped */
} gmem_place_t;

typedef enum gmem_status {
    GMEM_OK,
    GMEM_RANGE,    /* fixed, and the range passes 4 GiB */
    GMEM_NO_SPACE, /* no free run, or (GMEM_FIXED_FREE) a page is taken */
    GMEM_SHORTAGE, /* the host ran out of pages */
} gmem_status_t;

/* Maps fresh zero-filled pages with PP bits pp for len > 0 bytes, placed
 * as `place` says; GMEM_OK with *addr set to the first page's address.
 * Otherwise *addr is unchanged and no new page is left mapped (a GMEM_FIXED
 * run that failed with GMEM_SHORTAGE may have lost pages it replaced). */
gmem_status_t gmem_alloc(vmm_guest_t *g, uint32_t *addr, uint32_t len, gmem_place_t place,
                         unsigned pp);
void gmem_unmap(vmm_guest_t *g, uint32_t gva, uint32_t npages);

/* ---- guest_task.c ---- */

/* vmm_dispatch from the guest: selector, r4..r9.  VMM_GC_OK with the
 * result in ret (r3, r4), or VMM_GC_UNANSWERED for a bogus call. */
int gtask_dispatch(vmm_guest_t *g, uint32_t selector, const uint32_t *regs, uint32_t ret[2]);
/* The register after the first n (<= 6) C arguments of a selector whose
 * dispatch table entry is info: from r4, one register each, a 64-bit one
 * (info->regs[i] == 2) in a pair starting at an odd register (r5:r6,
 * r7:r8), as gtask_dispatch reads them.  Past r9 if they do not fit. */
unsigned gtask_regs_end(const vmm_selector_info_t *info, unsigned n);
/* The guest's control table for vmm_stop_vm, or NULL if it has none. */
vmm_task_t *gtask_of(vmm_guest_t *g);
void gtask_release(vmm_guest_t *g);

#endif /* VMACHMON_GUEST_ROUTE_H */
