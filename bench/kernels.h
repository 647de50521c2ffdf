/*
 * bench/kernels.h - the guest kernels every column of the benchmark runs.
 *
 * A kernel is position-independent PowerPC code that starts at its first
 * word, takes its inputs in registers and returns with blr:
 *
 *     r1  stack pointer (16-byte aligned, 64 KiB below it are usable)
 *     r3  0
 *     r4  base of a 16 KiB data buffer (four pages, page-aligned)
 *     r5  n, the iteration count
 *     r6  the factorial's argument (12)
 *     r7  the system call number the call kernel puts in r0
 *     LR  where to go when done
 *
 * The library and raw-Unicorn columns run the words below (built with the
 * encoders of ppc/insn.h in kernels.c) with LR pointing at an `sc`; the
 * qemu-ppc column runs bench/ppc/kernels.S, assembled by the PowerPC cross
 * compiler, which vmmbench checks word for word against these arrays
 * before it trusts a qemu number (bench_qemu_check()).
 *
 * This header is plain C: the library side of the benchmark, which sees
 * only the public headers, includes it too.
 */
#ifndef BENCH_KERNELS_H
#define BENCH_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* Guest layout shared by the library and raw columns (guest addresses). */
#define BK_CODE 0x00010000u /* one page: every kernel, at its offset */
#define BK_PAD 0x00010FFCu  /* `sc`: where a kernel's blr returns */
#define BK_DATA 0x00100000u /* 4 pages of data */
#define BK_DATA_PAGES 4
#define BK_STACK 0x00180000u /* 16 pages of stack */
#define BK_STACK_PAGES 16
#define BK_STACK_TOP (BK_STACK + BK_STACK_PAGES * 4096u - 64)

#define BK_FACT_ARG 12   /* r6 of the factorial kernel */
#define BK_SYS_GETPID 20 /* Linux/ppc32 getpid: a real host syscall under qemu */
#define BK_SYS_NONE 999  /* no such syscall: qemu answers ENOSYS itself */

typedef enum bench_kind {
    BK_COMPUTE, /* runs to its blr in one launch */
    BK_EXIT     /* leaves to the host at every sc */
} bench_kind_t;

typedef struct bench_kernel {
    const char *name;  /* "loop", also the argument of the qemu harness */
    const char *title; /* one line for the table */
    bench_kind_t kind;
    const uint32_t *words;
    size_t nwords;
    uint32_t offset;   /* where it sits in the code page */
    uint64_t n;        /* iterations at scale 1 */
    uint64_t per_iter; /* guest instructions per iteration */
    uint64_t fixed;    /* guest instructions outside the loop, blr included */
} bench_kernel_t;

/* The kernels, in table order, and their number. */
extern const bench_kernel_t bench_kernels[];
extern const size_t bench_nkernels;

/* The "touch" kernel of the memory section: one stw to each of r5 pages
 * from r4 on (4 + 3 per page instructions: mtctr, stw/addi/bdnz, blr). */
extern const bench_kernel_t bench_touch;

const bench_kernel_t *bench_kernel(const char *name);

/* Guest instructions of a run with n iterations (the kernel's own,
 * its closing blr included; not the sc or bl that brackets it). */
static inline uint64_t bench_insns(const bench_kernel_t *k, uint64_t n)
{
    return k->per_iter * n + k->fixed;
}

#endif /* BENCH_KERNELS_H */
