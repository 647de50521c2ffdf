/*
 * bench/vmmbench.c - the benchmark: the same guest kernels through the
 * library (vmm_dispatch), through raw Unicorn and under qemu-ppc, exit
 * costs, memory management at scale and the cost of a context, printed as
 * Markdown tables with ratios and the targets of the issue.
 *
 *   vmmbench [--reps N] [--scale F] [--wall] [--qemu PATH | --no-qemu]
 *            [--ppc-kernels PATH] [--only compute|exit|mem|ctx] [--pages N]
 *   vmmbench --kernel NAME --mode lib|raw|rawbh|rawregs [--scale F]
 *   vmmbench --list      (kernels: name, instructions per iteration, fixed, n)
 *
 * The second form runs one kernel one way once (after a short warm-up),
 * inside bench_region(), for profilers: callgrind --toggle-collect=bench_region
 * counts the host instructions of exactly that run (bench/callgrind.sh).
 *
 * Not a test: `make bench` builds and runs it; `make check` never does.
 */
#define _GNU_SOURCE
#include "bench.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifndef BENCH_QEMU_PPC
#define BENCH_QEMU_PPC ""
#endif
#ifndef BENCH_PPC_ELF
#define BENCH_PPC_ELF ""
#endif
#ifndef BENCH_PPC_CC
#define BENCH_PPC_CC ""
#endif

#define MAX_REPS 64

/* ---- clock and statistics ---- */

static clockid_t clock_id = CLOCK_THREAD_CPUTIME_ID;

void bench_set_clock(bool wall)
{
    clock_id = wall ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID;
}

int bench_clock_id(void)
{
    return (int)clock_id;
}

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(clock_id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

__attribute__((noinline)) double bench_region(double (*fn)(void *), void *arg)
{
    return fn(arg);
}

#if defined(__has_include) && __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif

static bool under_valgrind(void)
{
#ifdef HAVE_CALLGRIND
    return RUNNING_ON_VALGRIND;
#else
    return false;
#endif
}

/* Marks are made only when asked for (VMMBENCH_MARKS, set by
 * bench/callgrind.sh), so that a profile taken with --toggle-collect is
 * not cut into parts. */
static bool marks(void)
{
    static int on = -1;
    if (on < 0)
        on = under_valgrind() && getenv("VMMBENCH_MARKS") != NULL;
    return on;
}

void bench_cg_start(void)
{
#ifdef HAVE_CALLGRIND
    if (marks())
        CALLGRIND_ZERO_STATS;
#endif
}

void bench_cg_stop(const char *fmt, ...)
{
#ifdef HAVE_CALLGRIND
    if (marks()) {
        char label[128];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(label, sizeof label, fmt, ap);
        va_end(ap);
        CALLGRIND_DUMP_STATS_AT(label);
    }
#else
    (void)fmt;
#endif
}

/* ---- the ways to run a kernel ---- */

enum way { W_LIB, W_RAW, W_RAWBH, W_RAWREGS, W_QEMU, W_QEMU_NOSYS, W_N };

static const char *const way_name[W_N] = {"lib", "raw", "rawbh", "rawregs", "qemu", "qemu-nosys"};

typedef struct runner {
    const bench_opts_t *o;
    lib_guest_t *lib;
    raw_engine_t *raw[W_N];  /* compute engines */
    raw_engine_t *rawx[W_N]; /* exit engines (with the stopping intr hook) */
} runner_t;

static raw_engine_t *engine(runner_t *r, enum way w, bench_kind_t kind)
{
    raw_engine_t **slot = kind == BK_EXIT ? &r->rawx[w] : &r->raw[w];
    unsigned flags = kind == BK_EXIT ? RAW_INTR_HOOK : 0;
    if (w == W_RAWBH)
        flags |= RAW_BLOCK_HOOK;
    if (w == W_RAWREGS)
        flags |= RAW_REGS;
    if (!*slot)
        *slot = raw_open(flags);
    return *slot;
}

/* One run: seconds, or -1.  *exits as lib_run. */
static double run_once(runner_t *r, enum way w, const bench_kernel_t *k, uint64_t n,
                       uint64_t *exits)
{
    *exits = 0;
    switch (w) {
    case W_LIB:
        if (!r->lib && !(r->lib = lib_open()))
            return -1;
        return lib_run(r->lib, k, n, BK_SYS_GETPID, exits);
    case W_RAW:
    case W_RAWBH:
    case W_RAWREGS: {
        raw_engine_t *e = engine(r, w, k->kind);
        return e ? raw_run(e, k, n, BK_SYS_GETPID, exits) : -1;
    }
    case W_QEMU:
    case W_QEMU_NOSYS: {
        double t[2];
        *exits = k->kind == BK_EXIT ? n : 0;
        /* Two runs in one process; the second has its code translated. */
        if (qemu_run(r->o, k, n, w == W_QEMU ? BK_SYS_GETPID : BK_SYS_NONE, 2, t) != 0)
            return -1;
        return t[1];
    }
    default:
        return -1;
    }
}

static void runner_close(runner_t *r)
{
    lib_close(r->lib);
    for (int w = 0; w < W_N; w++) {
        raw_close(r->raw[w]);
        raw_close(r->rawx[w]);
    }
    memset(r, 0, sizeof *r);
}

static uint64_t scaled(const bench_opts_t *o, const bench_kernel_t *k)
{
    double n = (double)k->n * o->scale;
    return n < 1 ? 1 : (uint64_t)n;
}

/* ---- sections ---- */

typedef struct result {
    double t[W_N];     /* median seconds, NaN = not run */
    double speed[W_N]; /* library speed / this way's: median of per-round ratios */
    uint64_t exits[W_N];
    uint64_t insns;
} result_t;

static bool has(const bench_opts_t *o, const char *section)
{
    return !o->only || strcmp(o->only, section) == 0;
}

static bool ways_for(const bench_opts_t *o, const bench_kernel_t *k, enum way w)
{
    if ((w == W_QEMU || w == W_QEMU_NOSYS) && !o->qemu)
        return false;
    if ((w == W_RAWREGS || w == W_QEMU_NOSYS) && k->kind != BK_EXIT)
        return false;
    return true;
}

/* Rounds interleave the ways, so that a busy neighbour hurts them alike. */
static int measure(runner_t *r, const bench_kernel_t *k, result_t *res)
{
    const bench_opts_t *o = r->o;
    double v[W_N][MAX_REPS];
    uint64_t n = scaled(o, k);
    res->insns = bench_insns(k, n);
    for (int w = 0; w < W_N; w++)
        res->t[w] = NAN;
    for (int rep = 0; rep < o->reps; rep++)
        for (int w = 0; w < W_N; w++) {
            if (!ways_for(o, k, (enum way)w))
                continue;
            v[w][rep] = run_once(r, (enum way)w, k, n, &res->exits[w]);
            if (v[w][rep] < 0)
                return -1;
        }
    for (int w = 0; w < W_N; w++) {
        res->speed[w] = NAN;
        if (!ways_for(o, k, (enum way)w))
            continue;
        double ratio[MAX_REPS];
        for (int rep = 0; rep < o->reps; rep++)
            ratio[rep] = v[w][rep] / v[W_LIB][rep];
        res->speed[w] = bench_median(ratio, o->reps);
        res->t[w] = bench_median(v[w], o->reps);
    }
    return 0;
}

static double mips(const result_t *res, enum way w)
{
    return res->insns / res->t[w] / 1e6;
}

/* A table cell with `digits` decimals; "-" for a way not run. */
static void cell(double v, int digits)
{
    if (isnan(v))
        printf(" | -");
    else
        printf(" | %.*f", digits, v);
}

typedef struct verdicts {
    double worst_raw, worst_qemu, exit_ratio, mem_ratio, ctx_ms, rss_mib;
    const char *worst_raw_k, *worst_qemu_k, *mem_worst;
} verdicts_t;

static int compute_section(runner_t *r, result_t res[], verdicts_t *vd)
{
    const bench_opts_t *o = r->o;
    printf("\n## Guest speed (MIPS = guest instructions / second / 1e6, median of %d)\n\n"
           "Each round runs every column once, back to back; a ratio is the median of the\n"
           "rounds' ratios (library speed / that column's speed).\n\n",
           o->reps);
    printf("| kernel | guest insns | library | raw | raw + block hook | qemu-ppc | lib/raw | "
           "lib/(raw+hook) | lib/qemu |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    vd->worst_raw = vd->worst_qemu = INFINITY;
    for (size_t i = 0; i < bench_nkernels; i++) {
        const bench_kernel_t *k = &bench_kernels[i];
        if (!has(o, k->kind == BK_EXIT ? "exit" : "compute"))
            continue;
        if (measure(r, k, &res[i]) != 0)
            return -1;
        const result_t *x = &res[i];
        printf("| %s | %llu", k->name, (unsigned long long)x->insns);
        cell(mips(x, W_LIB), 0);
        cell(mips(x, W_RAW), 0);
        cell(mips(x, W_RAWBH), 0);
        cell(mips(x, W_QEMU), 0);
        double lr = x->speed[W_RAW], lq = x->speed[W_QEMU];
        cell(lr, 2);
        cell(x->speed[W_RAWBH], 2);
        cell(lq, 2);
        printf(" |\n");
        fflush(stdout);
        if (k->kind == BK_COMPUTE) {
            if (lr < vd->worst_raw)
                vd->worst_raw = lr, vd->worst_raw_k = k->name;
            if (!isnan(lq) && lq < vd->worst_qemu)
                vd->worst_qemu = lq, vd->worst_qemu_k = k->name;
        }
    }
    printf("\nKernels: ");
    for (size_t i = 0; i < bench_nkernels; i++)
        printf("%s%s = %s", i ? "; " : "", bench_kernels[i].name, bench_kernels[i].title);
    printf(".  The call kernel's qemu-ppc column makes real getpid calls.\n");
    return 0;
}

static void exit_section(const bench_opts_t *o, const result_t *call, double stop_s, double timer_s,
                         verdicts_t *vd)
{
    static const char *const what[W_N] = {
        "library: sc -> exit to host -> kVmmExecuteVM",
        "raw Unicorn: sc -> intr hook uc_emu_stop -> uc_emu_start(PC)",
        "raw Unicorn + empty block hook",
        "raw Unicorn + 38 registers through uc_reg_{read,write}_batch",
        "qemu-ppc: sc -> getpid (a host syscall) -> guest",
        "qemu-ppc: sc -> unknown syscall (ENOSYS from qemu itself) -> guest"};
    printf("\n## Exit cost (call kernel, %llu exits a run, median of %d)\n\n",
           (unsigned long long)scaled(o, bench_kernel("call")), o->reps);
    printf("| round trip | ns each | exits/s | / raw |\n|---|---:|---:|---:|\n");
    double raw_ns = call->t[W_RAW] / (double)call->exits[W_RAW];
    for (int w = 0; w < W_N; w++) {
        if (isnan(call->t[w]))
            continue;
        double ns = call->t[w] / (double)call->exits[w] * 1e9;
        printf("| %s | %.0f | %.2fM | %.2f |\n", what[w], ns, 1e3 / ns, ns / (raw_ns * 1e9));
    }
    /* Both make the same number of exits: the median of the rounds' ratios. */
    vd->exit_ratio = 1 / call->speed[W_RAW];
    printf("\nlibrary / raw, median of the rounds' ratios: %.2f\n", vd->exit_ratio);
    if (isnan(stop_s))
        return;
    printf("\nWhat the block hook buys (loop kernel running; guest thread on CPU 0, the\n"
           "stopping thread spinning on CPU 1; wall clock, median of %d):\n\n"
           "| preemption | latency |\n|---|---:|\n"
           "| vmm_stop_vm on another thread -> kVmmExecuteVM returns kVmmStopped | %.1f us |\n"
           "| kVmmSetTimer deadline -> kVmmReturnNull | %.1f us |\n",
           o->reps * 4 > 64 ? 64 : o->reps * 4, stop_s * 1e6, timer_s * 1e6);
}

static int mem_section(const bench_opts_t *o, verdicts_t *vd)
{
    uint32_t sizes[] = {1024, 16384, 65536};
    mem_costs_t m[3];
    int n = 3;
    if (o->pages) /* one size, for profilers: repeated in every column */
        sizes[0] = o->pages, n = 1;
    for (int i = 0; i < n; i++)
        if (lib_mem_costs(o, sizes[i], &m[i]) != 0)
            return -1;
    for (int i = n; i < 3; i++)
        m[i] = m[0];
    printf("\n## Memory management at scale (ns per page, batches of 1024, median of %d)\n\n",
           o->reps < 3 ? 3 : o->reps);
    printf("| operation | 1k pages mapped | 16k | 64k | 64k/1k |\n|---|---:|---:|---:|---:|\n");
    struct {
        const char *name;
        size_t off;
    } rows[] = {
        {"kVmmMapPage (mapping the N pages)", offsetof(mem_costs_t, map_bulk)},
        {"kVmmMapPage (1024 more)", offsetof(mem_costs_t, map)},
        {"kVmmUnmapPage", offsetof(mem_costs_t, unmap)},
        {"kVmmProtectPage", offsetof(mem_costs_t, protect)},
        {"kVmmGetPageDirtyFlag (reset, page dirty)", offsetof(mem_costs_t, dirty)},
        {"kVmmGetPageMapping", offsetof(mem_costs_t, get_mapping)},
        {"kVmmMapList (64 a call), per page", offsetof(mem_costs_t, map_list)},
        {"kVmmUnmapList (64 a call), per page", offsetof(mem_costs_t, unmap_list)},
    };
    vd->mem_ratio = 0;
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        double v[3];
        for (int i = 0; i < 3; i++)
            memcpy(&v[i], (const char *)&m[i] + rows[r].off, sizeof v[i]);
        if (isnan(v[0]) && m[0].map_list_missing) {
            printf("| %s | TODO: not implemented yet (bogus selector) | | | |\n", rows[r].name);
            continue;
        }
        printf("| %s | %.0f | %.0f | %.0f | %.2f |\n", rows[r].name, v[0], v[1], v[2], v[2] / v[0]);
        if (v[2] / v[0] > vd->mem_ratio)
            vd->mem_ratio = v[2] / v[0], vd->mem_worst = rows[r].name;
    }
    return 0;
}

static int ctx_section(const bench_opts_t *o, verdicts_t *vd)
{
    ctx_costs_t c;
    if (lib_ctx_costs(o, &c) != 0)
        return -1;
    printf("\n## Contexts (median of %d)\n\n", o->reps * 4 < 20 ? 20 : o->reps * 4);
    printf("| what | cost |\n|---|---:|\n");
    printf("| kVmmInitContext (never run) | %.1f us |\n", c.init * 1e6);
    printf("| kVmmTearDownContext (never run) | %.1f us |\n", c.teardown * 1e6);
    printf("| init + vm_allocate + map a code page | %.1f us |\n", c.init_run * 1e6);
    printf("| first kVmmExecuteVM (one sc; engine starts lazily) | %.1f us |\n", c.first_run * 1e6);
    printf("| kVmmTearDownContext after a run | %.1f us |\n", c.teardown_run * 1e6);
    vd->ctx_ms = (c.init_run + c.first_run + c.teardown_run) * 1e3;
    printf("| **init + first run + teardown** | **%.2f ms** |\n", vd->ctx_ms);
    printf("| resident per context (32 contexts, each ran once), RSS | %.2f MiB |\n",
           c.rss_per_ctx / 1048576);
    printf("| same, Pss / Anonymous (smaps_rollup) | %.2f / %.2f MiB |\n", c.pss_per_ctx / 1048576,
           c.anon_per_ctx / 1048576);
    printf("| virtual size per context | %.1f MiB |\n", c.vsz_per_ctx / 1048576);
    printf("| RSS above the start after tearing the 32 down, cycles 1-%d |", CTX_CYCLES);
    for (int k = 0; k < CTX_CYCLES; k++)
        printf(" %.1f", c.rss_after_teardown[k] / 1048576);
    printf(" MiB |\n| same after malloc_trim(0) | %.1f MiB |\n", c.rss_after_trim / 1048576);
    vd->rss_mib = c.rss_per_ctx / 1048576;
    return 0;
}

static void verdict(const char *what, bool ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void verdict(const char *what, bool ok, const char *fmt, ...)
{
    va_list ap;
    printf("| %s | %s | ", what, ok ? "met" : "**missed**");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf(" |\n");
}

static void targets(const bench_opts_t *o, const verdicts_t *v, bool compute, bool ex, bool mem,
                    bool ctx)
{
    printf("\n## Targets\n\n| target | | measured |\n|---|---|---|\n");
    if (compute) {
        verdict(">= 0.9x raw Unicorn on the compute kernels", v->worst_raw >= 0.9,
                "worst %.2fx (%s)", v->worst_raw, v->worst_raw_k);
        if (o->qemu)
            verdict(">= 0.9x qemu-ppc on the compute kernels", v->worst_qemu >= 0.9,
                    "worst %.2fx (%s)", v->worst_qemu, v->worst_qemu_k);
    }
    if (ex)
        verdict("exit round trip within 2x of raw Unicorn's", v->exit_ratio <= 2, "%.2fx",
                v->exit_ratio);
    if (mem)
        verdict("per-page cost at 64k pages within 2x of 1k", v->mem_ratio <= 2, "worst %.2fx (%s)",
                v->mem_ratio, v->mem_worst);
    if (ctx) {
        verdict("init + teardown of a context under 5 ms", v->ctx_ms < 5,
                "%.2f ms (with its first run)", v->ctx_ms);
        verdict("under 16 MiB resident per idle context", v->rss_mib < 16, "%.2f MiB", v->rss_mib);
    }
}

/* ---- start-up checks and the machine ---- */

static int check_counts(void)
{
    for (size_t i = 0; i <= bench_nkernels; i++) {
        const bench_kernel_t *k = i < bench_nkernels ? &bench_kernels[i] : &bench_touch;
        uint64_t n = 3, got = raw_count(k, n); /* touch: 3 of the 4 data pages */
        if (got != bench_insns(k, n)) {
            fprintf(stderr, "vmmbench: kernel %s runs %llu instructions for n=%llu, not %llu\n",
                    k->name, (unsigned long long)got, (unsigned long long)n,
                    (unsigned long long)bench_insns(k, n));
            return -1;
        }
    }
    return 0;
}

static void machine(const bench_opts_t *o)
{
    char model[256] = "?", line[512];
    FILE *f = fopen("/proc/cpuinfo", "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "model name", 10) == 0) {
            const char *p = strchr(line, ':');
            snprintf(model, sizeof model, "%.200s", p ? p + 2 : line);
            model[strcspn(model, "\n")] = 0;
            break;
        }
    if (f)
        fclose(f);
    long mem_kb = 0;
    f = fopen("/proc/meminfo", "r");
    while (f && fgets(line, sizeof line, f) && sscanf(line, "MemTotal: %ld kB", &mem_kb) != 1)
        ;
    if (f)
        fclose(f);
    struct utsname u;
    uname(&u);
    double load[3] = {0};
    getloadavg(load, 3);
    printf("# vmmbench\n\n");
    printf("- machine: %s, %ld online CPUs, %.0f GiB, Linux %s %s, load average %.2f at start\n",
           model, sysconf(_SC_NPROCESSORS_ONLN), mem_kb / 1048576.0, u.release, u.machine, load[0]);
    printf("- Unicorn %s (library and raw columns), CPU model 7400 v2.9 everywhere\n",
           raw_unicorn_version());
    if (o->qemu)
        printf("- %s, `-cpu 7400`; guest built with %s\n", qemu_version(o->qemu), BENCH_PPC_CC);
    else
        printf(
            "- qemu-ppc column skipped (no qemu-ppc, no PowerPC cross compiler, or --no-qemu)\n");
    printf("- clock: %s; %d repetitions, median reported; scale %g\n",
           o->wall ? "CLOCK_MONOTONIC (wall)" : "CLOCK_THREAD_CPUTIME_ID (this thread's CPU time)",
           o->reps, o->scale);
}

/* ---- one kernel one way, for profilers ---- */

typedef struct single {
    runner_t *r;
    enum way w;
    const bench_kernel_t *k;
    uint64_t n, exits;
} single_t;

static double single_fn(void *arg)
{
    single_t *s = arg;
    return run_once(s->r, s->w, s->k, s->n, &s->exits);
}

static int single(const bench_opts_t *o)
{
    const bench_kernel_t *k = bench_kernel(o->kernel);
    int w = 0;
    while (w < W_N && strcmp(way_name[w], o->mode ? o->mode : "lib") != 0)
        w++;
    if (!k || w >= W_QEMU) {
        fprintf(stderr,
                "vmmbench: --kernel loop|fact|store|load|call, --mode lib|raw|rawbh|rawregs\n");
        return 2;
    }
    runner_t r = {.o = o};
    single_t s = {&r, (enum way)w, k, scaled(o, k), 0};
    uint64_t x;
    if (run_once(&r, s.w, k, s.n / 100 + 1, &x) < 0) /* warm-up: engine up, code translated */
        return 1;
    double t = bench_region(single_fn, &s);
    runner_close(&r);
    if (t < 0)
        return 1;
    printf("%s %s: %llu guest instructions, %llu exits, %.6f s, %.0f MIPS\n", k->name, way_name[w],
           (unsigned long long)bench_insns(k, s.n), (unsigned long long)s.exits, t,
           bench_insns(k, s.n) / t / 1e6);
    return 0;
}

/* ---- main ---- */

static void usage(void)
{
    fprintf(stderr,
            "usage: vmmbench [--reps N] [--scale F] [--wall] [--qemu PATH | --no-qemu]\n"
            "                [--ppc-kernels PATH] [--only compute|exit|mem|ctx] [--pages N]\n"
            "       vmmbench --kernel NAME [--mode lib|raw|rawbh|rawregs] [--scale F]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    bench_opts_t o = {.reps = 5, .scale = 1, .qemu = BENCH_QEMU_PPC, .ppc_elf = BENCH_PPC_ELF};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--reps") && v)
            o.reps = atoi(argv[++i]);
        else if (!strcmp(a, "--scale") && v)
            o.scale = atof(argv[++i]);
        else if (!strcmp(a, "--wall"))
            o.wall = true;
        else if (!strcmp(a, "--qemu") && v)
            o.qemu = argv[++i];
        else if (!strcmp(a, "--no-qemu"))
            o.qemu = "";
        else if (!strcmp(a, "--ppc-kernels") && v)
            o.ppc_elf = argv[++i];
        else if (!strcmp(a, "--only") && v)
            o.only = argv[++i];
        else if (!strcmp(a, "--kernel") && v)
            o.kernel = argv[++i];
        else if (!strcmp(a, "--mode") && v)
            o.mode = argv[++i];
        else if (!strcmp(a, "--list")) {
            for (size_t k = 0; k < bench_nkernels; k++)
                printf("%s %llu %llu %llu\n", bench_kernels[k].name,
                       (unsigned long long)bench_kernels[k].per_iter,
                       (unsigned long long)bench_kernels[k].fixed,
                       (unsigned long long)bench_kernels[k].n);
            return 0;
        } else if (!strcmp(a, "--pages") && v)
            o.pages = (uint32_t)atoi(argv[++i]);
        else
            usage();
    }
    if (o.reps < 1 || o.reps > MAX_REPS || !(o.scale > 0) || (o.pages && o.pages < 1024))
        usage();
    bench_set_clock(o.wall);
    if (check_counts() != 0)
        return 1;
    if (o.kernel) {
        o.qemu = NULL;
        return single(&o);
    }

    char msg[256];
    const char *why = NULL;
    if (!o.qemu || !*o.qemu || access(o.qemu, X_OK) != 0)
        why = "no qemu-ppc";
    else if (!o.ppc_elf || !*o.ppc_elf || access(o.ppc_elf, R_OK) != 0)
        why = "no PowerPC kernels program (PowerPC cross compiler missing?)";
    else if (qemu_check(o.ppc_elf, msg, sizeof msg) < 0)
        why = msg;
    if (why)
        o.qemu = NULL;

    machine(&o);
    printf(
        "- guest instruction counts: per kernel, checked against Unicorn's UC_HOOK_CODE count\n");
    if (why)
        printf("- **qemu-ppc column skipped: %s**\n", why);
    else
        printf("- qemu-ppc kernels: the words of %s between bench_k_<name> and its _end symbol "
               "equal kernels.c's, all %ld of them\n",
               o.ppc_elf, qemu_check(o.ppc_elf, msg, sizeof msg));
    fflush(stdout);

    runner_t r = {.o = &o};
    result_t res[16];
    verdicts_t vd = {0};
    bool compute = has(&o, "compute"), ex = has(&o, "exit");
    int rc = 0;
    double stop_s = NAN, timer_s = NAN;
    if ((compute || ex) && compute_section(&r, res, &vd) != 0)
        rc = 1;
    /* Threads racing a guest mean nothing under valgrind, which runs one
     * thread at a time. */
    if (ex && !rc && !under_valgrind() &&
        (!r.lib || lib_preempt_latency(r.lib, o.reps * 4, &stop_s, &timer_s)))
        rc = 1;
    runner_close(&r);
    if (ex && !rc)
        for (size_t i = 0; i < bench_nkernels; i++)
            if (bench_kernels[i].kind == BK_EXIT)
                exit_section(&o, &res[i], stop_s, timer_s, &vd);
    fflush(stdout);
    if (!rc && has(&o, "mem") && mem_section(&o, &vd) != 0)
        rc = 1;
    fflush(stdout);
    if (!rc && has(&o, "ctx") && ctx_section(&o, &vd) != 0)
        rc = 1;
    if (!rc)
        targets(&o, &vd, compute, ex, has(&o, "mem"), has(&o, "ctx"));
    return rc;
}
