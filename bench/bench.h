/*
 * bench/bench.h - what the parts of vmmbench share: options, the clock,
 * and the three ways of running a kernel.
 *
 *   lib.c, lib_mem.c  through vmm_dispatch (public headers only: this file
 *                     and kernels.h are plain C and include nothing private)
 *   raw.c             through Unicorn directly (links -lunicorn)
 *   qemu.c            under qemu-ppc user mode (a child process)
 *
 * Times are in seconds.  By default the clock is the calling thread's CPU
 * time (the machine is shared: a thread that waits for a core does not
 * count), or CLOCK_MONOTONIC with --wall.  The qemu-ppc guest reads the
 * same kind of clock itself, around the kernel only.
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernels.h"

typedef struct bench_opts {
    int reps;            /* repetitions; the median is reported */
    double scale;        /* multiplies every iteration count */
    bool wall;           /* CLOCK_MONOTONIC instead of thread CPU time */
    const char *qemu;    /* qemu-ppc, or NULL: no qemu column */
    const char *ppc_elf; /* bench/ppc-kernels, or NULL */
    const char *only;    /* run one section: compute, exit, mem, ctx */
    const char *kernel;  /* with --kernel: one kernel ... */
    const char *mode;    /* ... one way: lib, raw, rawbh */
    uint32_t pages;      /* memory section at this size only (0: 1k, 16k, 64k) */
} bench_opts_t;

/* ---- clock and statistics (vmmbench.c) ---- */

void bench_set_clock(bool wall);
int bench_clock_id(void);
double bench_now(void);
double bench_median(double *v, int n);
/* The region callgrind measures (--toggle-collect=bench_region): calls
 * fn(arg) and returns what it returns. */
double bench_region(double (*fn)(void *), void *arg);
/* Marks around every measured region, for bench/callgrind.sh: start
 * zeroes callgrind's counters, stop dumps them as a part named by the
 * printf-style label.  Outside callgrind they cost a few instructions. */
void bench_cg_start(void);
void bench_cg_stop(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- the library (lib.c, lib_mem.c) ---- */

typedef struct lib_guest lib_guest_t;

/* A context with the layout of kernels.h mapped and every kernel loaded;
 * NULL (message on stderr) if the library refused. */
lib_guest_t *lib_open(void);
void lib_close(lib_guest_t *g);
/* Runs kernel k with n iterations (r7 = syscall number); returns the
 * seconds it took, or -1 (message on stderr) if the guest went wrong.
 * An exit kernel is relaunched at every exit; *exits counts them. */
double lib_run(lib_guest_t *g, const bench_kernel_t *k, uint64_t n, uint32_t r7, uint64_t *exits);

/* Median latency (wall clock, seconds) from vmm_stop_vm on another thread
 * to kVmmExecuteVM returning kVmmStopped, and from a kVmmSetTimer deadline
 * to kVmmReturnNull, with the loop kernel running; 0 or -1. */
int lib_preempt_latency(lib_guest_t *g, int reps, double *stop_s, double *timer_s);

/* Every kernel at its offset and the `sc` pad, into a code page. */
void lib_fill_code(void *page);
/* kVmmMapPage of pages consecutive pages, host -> guest; 0 or -1. */
int lib_map_range(uint32_t index, uintptr_t host, uint32_t guest, unsigned pages);

/* Nanoseconds per operation with npages pages mapped; NaN = not done. */
typedef struct mem_costs {
    double map_bulk;    /* mapping the npages themselves, average */
    double map;         /* 1024 more pages, kVmmMapPage */
    double map_list;    /* the same with kVmmMapList, 64 a call */
    double unmap_list;  /* and kVmmUnmapList */
    double unmap;       /* unmapping those 1024 */
    double protect;     /* kVmmProtectPage on 1024 mapped pages */
    double dirty;       /* kVmmGetPageDirtyFlag with reset, pages the guest wrote */
    double get_mapping; /* kVmmGetPageMapping */
    bool map_list_missing;
} mem_costs_t;
int lib_mem_costs(const bench_opts_t *o, uint32_t npages, mem_costs_t *out);

#define CTX_CYCLES 6 /* times the 32 contexts are made and torn down */

typedef struct ctx_costs {
    double init, teardown;                    /* seconds, context never run */
    double init_run, first_run, teardown_run; /* a context that ran one sc */
    double rss_per_ctx;                       /* bytes, 32 contexts that each ran once */
    double pss_per_ctx, anon_per_ctx;
    double rss_after_teardown[CTX_CYCLES]; /* bytes above the start, after each cycle */
    double rss_after_trim;                 /* the same after malloc_trim(0) */
    double vsz_per_ctx;
} ctx_costs_t;
int lib_ctx_costs(const bench_opts_t *o, ctx_costs_t *out);

/* ---- raw Unicorn (raw.c) ---- */

enum {
    RAW_BLOCK_HOOK = 1, /* an empty UC_HOOK_BLOCK, like the library's */
    RAW_INTR_HOOK = 2,  /* a UC_HOOK_INTR that stops on sc (exit kernels) */
    RAW_REGS = 4        /* move 38 registers through the API at each exit */
};

typedef struct raw_engine raw_engine_t;

raw_engine_t *raw_open(unsigned flags);
void raw_close(raw_engine_t *e);
/* As lib_run.  Without RAW_INTR_HOOK a compute kernel ends in the `sc`
 * with UC_ERR_EXCEPTION, which is how a hook-less run stops. */
double raw_run(raw_engine_t *e, const bench_kernel_t *k, uint64_t n, uint32_t r7, uint64_t *exits);
/* Guest instructions of kernel k with n iterations, counted by Unicorn
 * (UC_HOOK_CODE); 0 on failure. */
uint64_t raw_count(const bench_kernel_t *k, uint64_t n);
const char *raw_unicorn_version(void);

/* ---- qemu-ppc (qemu.c) ---- */

/* Compares the kernels in the PowerPC ELF with the word arrays.  Returns
 * the number of words checked, or -1 with a reason in msg. */
long qemu_check(const char *elf, char *msg, size_t len);
/* Runs kernel k with n iterations reps times in one qemu-ppc process;
 * fills t[0..reps-1] with seconds.  0, or -1 (message on stderr). */
int qemu_run(const bench_opts_t *o, const bench_kernel_t *k, uint64_t n, uint32_t r7, int reps,
             double *t);
/* First line of `qemu-ppc --version`, or "" */
const char *qemu_version(const char *qemu);

#endif /* BENCH_BENCH_H */
