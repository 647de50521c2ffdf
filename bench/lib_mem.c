/*
 * bench/lib_mem.c - memory management at scale and the cost of a context,
 * through vmm_dispatch only (public headers only).
 *
 * Memory: one context maps npages distinct vm_allocate pages at guest
 * 0x10000000 upwards (one 256 MiB segment holds 64k pages), then times,
 * per operation, batches of 1024: mapping more pages (at 0x50000000),
 * kVmmGetPageMapping on them, unmapping them, kVmmProtectPage on mapped
 * pages (to read-only and back), the same mapping and unmapping with
 * kVmmMapList / kVmmUnmapList (64 pages a call), and kVmmGetPageDirtyFlag with reset on
 * pages the guest has just written (a `touch` kernel, so that each query
 * finds the page dirty and has to clear the changed bit of a live PTE).
 *
 * Contexts: init and teardown of a context that never ran, the same with
 * a first launch (one `sc`: the engine starts lazily, so that launch
 * carries its set-up), and the resident memory of 32 contexts that each
 * ran once, from /proc/self/statm and /proc/self/smaps_rollup; the cycle
 * of 32 up and down is repeated to show whether what stays after a
 * teardown grows (lost) or levels off (kept by malloc for reuse).
 */
#include "bench.h"

#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vmachmon/vmachmon.h>

#define SAMPLE 1024u
#define BASE_VA 0x10000000u
#define EXTRA_VA 0x50000000u
#define NCTX kVmmMaxContexts

typedef struct ctx {
    vm_address_t state, code;
    uint32_t index;
} ctx_t;

static uint64_t ctx_init_call(vm_address_t state);
static uint64_t ctx_teardown_call(uint32_t index);

static int ctx_open(ctx_t *c, bool with_code)
{
    memset(c, 0, sizeof *c);
    if (vm_allocate(mach_task_self(), &c->state, vm_page_size, VM_FLAGS_ANYWHERE) ||
        (with_code && vm_allocate(mach_task_self(), &c->code, vm_page_size, VM_FLAGS_ANYWHERE)))
        return -1;
    if (ctx_init_call(c->state) != KERN_SUCCESS)
        return -1;
    c->index = ((vmm_state_page_t *)c->state)->thread_index;
    if (with_code) {
        lib_fill_code((void *)c->code);
        return lib_map_range(c->index, c->code, BK_CODE, 1);
    }
    return 0;
}

static void ctx_close(ctx_t *c)
{
    if (c->index)
        ctx_teardown_call(c->index);
    if (c->state)
        vm_deallocate(mach_task_self(), c->state, vm_page_size);
    if (c->code)
        vm_deallocate(mach_task_self(), c->code, vm_page_size);
    memset(c, 0, sizeof *c);
}

/* Launches at pc with r4, r5 and LR = the pad; true if it came back
 * through the pad's sc. */
static bool launch(ctx_t *c, uint32_t pc, uint32_t r4, uint32_t r5)
{
    vmm_state_page_t *s = (vmm_state_page_t *)c->state;
    vmm_regs32_t *r = &s->vmm_proc_state.ppcRegs.ppcRegs32;
    r->ppcPC = pc;
    r->ppcLR = BK_PAD;
    r->ppcGPRs[3] = 0;
    r->ppcGPRs[4] = r4;
    r->ppcGPRs[5] = r5;
    return vmm_dispatch(kVmmExecuteVM, c->index) == kVmmReturnSystemCall && r->ppcPC == BK_PAD + 4;
}

/* ---- memory at scale ---- */

/*
 * The timed batches: SAMPLE operations of one kind each.  They return 0,
 * or non-zero if a call failed.  Not inlined, so that callgrind tells them
 * apart: bench/callgrind.sh divides each one's inclusive instruction count
 * by its calls and by the operations of a batch.
 */
typedef struct mem_env {
    ctx_t *c;
    vm_address_t extra; /* SAMPLE host pages, mapped and unmapped at EXTRA_VA */
    uint32_t npages;    /* mapped at BASE_VA */
} mem_env_t;

#define BATCH static __attribute__((noinline)) uint64_t

BATCH batch_map(const mem_env_t *m)
{
    uint64_t bad = 0;
    for (uint32_t j = 0; j < SAMPLE; j++)
        bad |= vmm_dispatch(kVmmMapPage, m->c->index, m->extra + j * vm_page_size,
                            EXTRA_VA + j * 4096u, VM_PROT_ALL);
    return bad;
}

BATCH batch_get_mapping(const mem_env_t *m)
{
    uint64_t bad = 0;
    for (uint32_t j = 0; j < SAMPLE; j++)
        bad |= vmm_dispatch(kVmmGetPageMapping, m->c->index, EXTRA_VA + j * 4096u) ^
               (m->extra + j * vm_page_size);
    return bad;
}

BATCH batch_unmap(const mem_env_t *m)
{
    uint64_t bad = 0;
    for (uint32_t j = 0; j < SAMPLE; j++)
        bad |= vmm_dispatch(kVmmUnmapPage, m->c->index, EXTRA_VA + j * 4096u);
    return bad;
}

/* 64 entries a call, from the comm area of the state page.  A library
 * without the selector answers it as a bogus call: all ones. */
BATCH batch_map_list(const mem_env_t *m)
{
    vmmMList *list = (vmmMList *)((vmm_comm_page_t *)m->c->state)->vmcpComm;
    uint64_t bad = 0;
    for (uint32_t j = 0; j < SAMPLE; j += kVmmMaxMapPages) {
        for (uint32_t i = 0; i < kVmmMaxMapPages; i++) {
            list[i].vmlva = (uint32_t)(m->extra + (j + i) * vm_page_size);
            list[i].vmlava = (EXTRA_VA + (j + i) * 4096u) | VM_PROT_ALL;
        }
        uint64_t kr = vmm_dispatch(kVmmMapList, m->c->index, kVmmMaxMapPages);
        if (kr == UINT64_MAX)
            return kr;
        bad |= kr;
    }
    return bad;
}

BATCH batch_unmap_list(const mem_env_t *m)
{
    vmmUMList *list = (vmmUMList *)((vmm_comm_page_t *)m->c->state)->vmcpComm;
    uint64_t bad = 0;
    for (uint32_t j = 0; j < SAMPLE; j += kVmmMaxUnmapPages) {
        for (uint32_t i = 0; i < kVmmMaxUnmapPages; i++)
            list[i].vmlava = EXTRA_VA + (j + i) * 4096u;
        bad |= vmm_dispatch(kVmmUnmapList, m->c->index, kVmmMaxUnmapPages);
    }
    return bad;
}

/* To read-only and back: 2 * SAMPLE calls. */
BATCH batch_protect(const mem_env_t *m)
{
    uint64_t bad = 0;
    for (uint32_t j = 0; j < SAMPLE; j++)
        bad |= vmm_dispatch(kVmmProtectPage, m->c->index, BASE_VA + j * 4096u, VM_PROT_READ);
    for (uint32_t j = 0; j < SAMPLE; j++)
        bad |= vmm_dispatch(kVmmProtectPage, m->c->index, BASE_VA + j * 4096u, VM_PROT_ALL);
    return bad;
}

/* Every page was written by the guest: each must answer dirty. */
BATCH batch_dirty(const mem_env_t *m)
{
    uint64_t dirty = 0;
    for (uint32_t j = 0; j < SAMPLE; j++)
        dirty += vmm_dispatch(kVmmGetPageDirtyFlag, m->c->index, BASE_VA + j * 4096u, 1);
    return dirty != SAMPLE;
}

/* The npages pages of the address space, at BASE_VA. */
static __attribute__((noinline)) int map_bulk(uint32_t index, vm_address_t pages, uint32_t npages)
{
    return lib_map_range(index, pages, BASE_VA, npages);
}

/* One repetition of every batch; ns per operation into v[]. */
enum { M_MAP, M_GETMAP, M_UNMAP, M_LIST, M_ULIST, M_PROTECT, M_DIRTY, M_N };

static double timed(uint64_t (*fn)(const mem_env_t *), const char *name, const mem_env_t *m,
                    unsigned ops, uint64_t *bad)
{
    bench_cg_start();
    double t = bench_now();
    uint64_t r = fn(m);
    t = bench_now() - t;
    bench_cg_stop("mem %u %s ops=%u", m->npages, name, ops);
    *bad |= r;
    return r == UINT64_MAX ? NAN : t * 1e9 / ops;
}

/* All pages at EXTRA_VA mapped, or unmapped?  (Untimed checks.) */
static uint64_t extra_mapped(const mem_env_t *m)
{
    uint64_t bad = 0;
    for (uint32_t j = 0; j < SAMPLE; j++)
        bad |= vmm_dispatch(kVmmGetPageMapping, m->c->index, EXTRA_VA + j * 4096u) ^
               (m->extra + j * vm_page_size);
    return bad;
}

static uint64_t extra_gone(const mem_env_t *m)
{
    uint64_t bad = 0;
    for (uint32_t j = 0; j < SAMPLE; j++)
        bad |= ~vmm_dispatch(kVmmGetPageMapping, m->c->index, EXTRA_VA + j * 4096u);
    return bad;
}

static int mem_round(const mem_env_t *m, double v[M_N], bool *have_list)
{
    uint64_t bad = 0;
    v[M_MAP] = timed(batch_map, "map", m, SAMPLE, &bad);
    v[M_GETMAP] = timed(batch_get_mapping, "get_mapping", m, SAMPLE, &bad);
    v[M_UNMAP] = timed(batch_unmap, "unmap", m, SAMPLE, &bad);
    bad |= extra_gone(m);
    v[M_LIST] = v[M_ULIST] = NAN;
    if (*have_list) {
        uint64_t r = 0;
        v[M_LIST] = timed(batch_map_list, "map_list", m, SAMPLE, &r);
        if (r == UINT64_MAX) {
            *have_list = false; /* not in this library */
        } else {
            bad |= r | extra_mapped(m);
            v[M_ULIST] = timed(batch_unmap_list, "unmap_list", m, SAMPLE, &bad);
            bad |= extra_gone(m);
        }
    }
    v[M_PROTECT] = timed(batch_protect, "protect", m, 2 * SAMPLE, &bad);
    if (!launch(m->c, BK_CODE + bench_touch.offset, BASE_VA, SAMPLE)) {
        fprintf(stderr, "vmmbench: the touch kernel failed\n");
        return -1;
    }
    v[M_DIRTY] = timed(batch_dirty, "dirty", m, SAMPLE, &bad);
    if (bad) {
        fprintf(stderr, "vmmbench: a memory call failed\n");
        return -1;
    }
    return 0;
}

int lib_mem_costs(const bench_opts_t *o, uint32_t npages, mem_costs_t *out)
{
    ctx_t c;
    vm_address_t pages = 0;
    int rc = -1;
    int reps = o->reps < 3 ? 3 : o->reps;
    double v[M_N][64];
    bool have_list = true;

    if (npages < SAMPLE || reps > 64)
        return -1;
    if (ctx_open(&c, true) != 0 ||
        vm_allocate(mach_task_self(), &pages, (npages + SAMPLE) * vm_page_size,
                    VM_FLAGS_ANYWHERE)) {
        fprintf(stderr, "vmmbench: memory set-up failed\n");
        goto out;
    }
    bench_cg_start();
    double t = bench_now();
    if (map_bulk(c.index, pages, npages) != 0)
        goto out;
    out->map_bulk = (bench_now() - t) * 1e9 / npages;
    bench_cg_stop("mem %u map_bulk ops=%u", npages, npages);

    mem_env_t m = {&c, pages + npages * vm_page_size, npages};
    for (int r = 0; r < reps; r++) {
        double one[M_N];
        if (mem_round(&m, one, &have_list) != 0)
            goto out;
        for (int k = 0; k < M_N; k++)
            v[k][r] = one[k];
    }
    out->map = bench_median(v[M_MAP], reps);
    out->get_mapping = bench_median(v[M_GETMAP], reps);
    out->unmap = bench_median(v[M_UNMAP], reps);
    out->map_list = have_list ? bench_median(v[M_LIST], reps) : NAN;
    out->unmap_list = have_list ? bench_median(v[M_ULIST], reps) : NAN;
    out->map_list_missing = !have_list;
    out->protect = bench_median(v[M_PROTECT], reps);
    out->dirty = bench_median(v[M_DIRTY], reps);
    rc = 0;
out:
    ctx_close(&c);
    if (pages)
        vm_deallocate(mach_task_self(), pages, (npages + SAMPLE) * vm_page_size);
    return rc;
}

/* ---- contexts ---- */

typedef struct mem_snap {
    double vsz, rss;  /* statm */
    double pss, anon; /* smaps_rollup (NaN if absent) */
} mem_snap_t;

static void snap(mem_snap_t *m)
{
    long pg = sysconf(_SC_PAGESIZE);
    unsigned long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%lu %lu", &size, &resident) != 2)
            size = resident = 0;
        fclose(f);
    }
    m->vsz = (double)size * pg;
    m->rss = (double)resident * pg;
    m->pss = m->anon = NAN;
    char line[256];
    f = fopen("/proc/self/smaps_rollup", "r");
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        unsigned long kb;
        if (sscanf(line, "Pss: %lu kB", &kb) == 1)
            m->pss = kb * 1024.0;
        else if (sscanf(line, "Anonymous: %lu kB", &kb) == 1)
            m->anon = kb * 1024.0;
    }
    fclose(f);
}

/* Not inlined, so that callgrind counts each per call (bench/callgrind.sh). */
static __attribute__((noinline)) uint64_t ctx_init_call(vm_address_t state)
{
    return vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, state);
}

static __attribute__((noinline)) uint64_t ctx_teardown_call(uint32_t index)
{
    return vmm_dispatch(kVmmTearDownContext, index);
}

static __attribute__((noinline)) bool ctx_first_run(ctx_t *c)
{
    return launch(c, BK_PAD, 0, 0);
}

/* 32 contexts up, each run once, then all down: snapshots in between. */
static int cycle(ctx_t all[NCTX], mem_snap_t *up, mem_snap_t *down)
{
    for (int i = 0; i < NCTX; i++)
        if (ctx_open(&all[i], true) != 0 || !ctx_first_run(&all[i]))
            return -1;
    snap(up);
    for (int i = 0; i < NCTX; i++)
        ctx_close(&all[i]);
    snap(down);
    return 0;
}

int lib_ctx_costs(const bench_opts_t *o, ctx_costs_t *out)
{
    int reps = o->reps * 4 < 20 ? 20 : o->reps * 4;
    double *v = calloc((size_t)reps * 5, sizeof *v);
    ctx_t c, all[NCTX];
    int rc = -1;
    if (!v)
        return -1;
    memset(&c, 0, sizeof c);
    memset(all, 0, sizeof all);

    /* Once, untimed: what any first context of a process pays. */
    if (ctx_open(&c, true) != 0 || !ctx_first_run(&c))
        goto fail;
    ctx_close(&c);

    for (int r = 0; r < reps; r++) {
        vm_address_t state = 0;
        if (vm_allocate(mach_task_self(), &state, vm_page_size, VM_FLAGS_ANYWHERE))
            goto fail;
        bench_cg_start();
        double t0 = bench_now();
        uint64_t kr = ctx_init_call(state);
        double t1 = bench_now();
        bench_cg_stop("ctx init ops=1");
        bench_cg_start();
        uint64_t kr2 = ctx_teardown_call(((vmm_state_page_t *)state)->thread_index);
        double t2 = bench_now();
        bench_cg_stop("ctx teardown ops=1");
        vm_deallocate(mach_task_self(), state, vm_page_size);
        if (kr || kr2)
            goto fail;
        v[r] = t1 - t0;
        v[reps + r] = t2 - t1;
    }
    out->init = bench_median(v, reps);
    out->teardown = bench_median(v + reps, reps);

    for (int r = 0; r < reps; r++) {
        double t0 = bench_now();
        if (ctx_open(&c, true) != 0)
            goto fail;
        double t1 = bench_now();
        bench_cg_start();
        bool ok = ctx_first_run(&c);
        double t2 = bench_now();
        bench_cg_stop("ctx first_run ops=1");
        bench_cg_start();
        ctx_teardown_call(c.index);
        double t3 = bench_now();
        bench_cg_stop("ctx teardown_run ops=1");
        c.index = 0;
        ctx_close(&c);
        if (!ok)
            goto fail;
        v[2 * reps + r] = t1 - t0; /* init + vm_allocate + map the code page */
        v[3 * reps + r] = t2 - t1;
        v[4 * reps + r] = t3 - t2;
    }
    out->init_run = bench_median(v + 2 * reps, reps);
    out->first_run = bench_median(v + 3 * reps, reps);
    out->teardown_run = bench_median(v + 4 * reps, reps);

    /* Resident memory: 32 contexts, each run once; three times over, to
     * tell memory kept for reuse (flat) from memory lost (growing). */
    mem_snap_t m0, up, up2, down[CTX_CYCLES];
    snap(&m0);
    for (int k = 0; k < CTX_CYCLES; k++) {
        mem_snap_t u;
        if (cycle(all, k ? &u : &up, &down[k]) != 0)
            goto fail;
        out->rss_after_teardown[k] = down[k].rss - m0.rss;
    }
    /* Memory the C library keeps for reuse, not lost: handed back here. */
    malloc_trim(0);
    snap(&up2);
    out->rss_after_trim = up2.rss - m0.rss;
    out->rss_per_ctx = (up.rss - m0.rss) / NCTX;
    out->vsz_per_ctx = (up.vsz - m0.vsz) / NCTX;
    out->pss_per_ctx = (up.pss - m0.pss) / NCTX;
    out->anon_per_ctx = (up.anon - m0.anon) / NCTX;
    rc = 0;
fail:
    if (rc)
        fprintf(stderr, "vmmbench: context measurements failed\n");
    ctx_close(&c);
    for (int i = 0; i < NCTX; i++)
        ctx_close(&all[i]);
    free(v);
    return rc;
}
