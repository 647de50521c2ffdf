/*
 * bench/kernels.c - the guest kernels as instruction words (see kernels.h).
 *
 * Each array is annotated with its assembly; bench/ppc/kernels.S holds the
 * same code for the PowerPC cross assembler, and vmmbench compares the two
 * word for word.  Instruction counts: per_iter and fixed below, checked by
 * vmmbench at start-up against Unicorn's own count (a UC_HOOK_CODE).
 */
#include "kernels.h"

#include <string.h>

#include "ppc/insn.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const uint32_t k_loop[] = {
    PPC_ADDI(3, 3, 1), /* 0: 1: addi r3,r3,1 */
    PPC_CMPW(0, 3, 5), /* 1:    cmpw r3,r5 */
    PPC_BNE(-8),       /* 2:    bne 1b */
    PPC_BLR,           /* 3:    blr */
};

static const uint32_t k_fact[] = {
    PPC_MFLR(8),         /*  0:    mflr r8 */
    PPC_MTCTR(5),        /*  1:    mtctr r5 */
    PPC_MR(3, 6),        /*  2: 1: mr r3,r6 */
    PPC_BL(16),          /*  3:    bl fact */
    PPC_BDNZ(-8),        /*  4:    bdnz 1b */
    PPC_MTLR(8),         /*  5:    mtlr r8 */
    PPC_BLR,             /*  6:    blr */
    PPC_CMPWI(0, 3, 1),  /*  7: fact: cmpwi r3,1 */
    PPC_BC(4, 1, 56),    /*  8:    ble 2f */
    PPC_MFLR(0),         /*  9:    mflr r0 */
    PPC_STWU(1, -16, 1), /* 10:    stwu r1,-16(r1) */
    PPC_STW(0, 20, 1),   /* 11:    stw r0,20(r1) */
    PPC_STW(31, 12, 1),  /* 12:    stw r31,12(r1) */
    PPC_MR(31, 3),       /* 13:    mr r31,r3 */
    PPC_ADDI(3, 3, -1),  /* 14:    addi r3,r3,-1 */
    PPC_BL(-32),         /* 15:    bl fact */
    PPC_MULLW(3, 3, 31), /* 16:    mullw r3,r3,r31 */
    PPC_LWZ(31, 12, 1),  /* 17:    lwz r31,12(r1) */
    PPC_LWZ(0, 20, 1),   /* 18:    lwz r0,20(r1) */
    PPC_ADDI(1, 1, 16),  /* 19:    addi r1,r1,16 */
    PPC_MTLR(0),         /* 20:    mtlr r0 */
    PPC_BLR,             /* 21:    blr */
    PPC_LI(3, 1),        /* 22: 2: li r3,1 */
    PPC_BLR,             /* 23:    blr */
};

/* fact(n) runs 15 instructions per level above 1 and 4 at the bottom; the
 * outer loop adds mr, bl, bdnz per call. */
#define FACT_INSNS(n) (15u * ((n)-1) + 4u)

/* Eight accesses 2 KiB apart: two to each of the four data pages. */
#define OVER_4_PAGES(insn, r)                                                                      \
    insn(r, 0, 4), insn(r, 2048, 4), insn(r, 4096, 4), insn(r, 6144, 4), insn(r, 8192, 4),         \
        insn(r, 10240, 4), insn(r, 12288, 4), insn(r, 14336, 4)

static const uint32_t k_store[] = {
    PPC_MTCTR(5),             /* 0:    mtctr r5 */
    OVER_4_PAGES(PPC_STW, 3), /* 1-8: 1: stw r3,0(r4) ... stw r3,14336(r4) */
    PPC_BDNZ(-32),            /* 9:    bdnz 1b */
    PPC_BLR,                  /* 10:   blr */
};

static const uint32_t k_load[] = {
    PPC_MTCTR(5),             /* 0:    mtctr r5 */
    OVER_4_PAGES(PPC_LWZ, 9), /* 1-8: 1: lwz r9,0(r4) ... lwz r9,14336(r4) */
    PPC_BDNZ(-32),            /* 9:    bdnz 1b */
    PPC_BLR,                  /* 10:   blr */
};

static const uint32_t k_call[] = {
    PPC_MTCTR(5),      /* 0:    mtctr r5 */
    PPC_ADDI(9, 9, 1), /* 1: 1: addi r9,r9,1 */
    PPC_MR(0, 7),      /* 2:    mr r0,r7 */
    PPC_SC,            /* 3:    sc */
    PPC_BDNZ(-12),     /* 4:    bdnz 1b */
    PPC_BLR,           /* 5:    blr */
};

static const uint32_t k_touch[] = {
    PPC_MTCTR(5),         /* 0:    mtctr r5 */
    PPC_STW(3, 0, 4),     /* 1: 1: stw r3,0(r4) */
    PPC_ADDI(4, 4, 4096), /* 2:    addi r4,r4,4096 */
    PPC_BDNZ(-8),         /* 3:    bdnz 1b */
    PPC_BLR,              /* 4:    blr */
};

#define WORDS(a) a, N_OF(a)

const bench_kernel_t bench_kernels[] = {
    {"loop", "tight integer loop (addi; cmpw; bne)", BK_COMPUTE, WORDS(k_loop), 0x000, 100000000, 3,
     1},
    {"fact", "recursive factorial, fact(12) per call (3 stw, 2 lwz a frame)", BK_COMPUTE,
     WORDS(k_fact), 0x100, 1000000, 3 + FACT_INSNS(BK_FACT_ARG), 4},
    {"store", "store loop (8 x stw over 4 pages; bdnz)", BK_COMPUTE, WORDS(k_store), 0x200,
     10000000, 9, 2},
    {"load", "load loop (8 x lwz over 4 pages; bdnz)", BK_COMPUTE, WORDS(k_load), 0x300, 10000000,
     9, 2},
    {"call", "sc every 4 insns (addi; mr r0,r7; sc; bdnz), exit to host", BK_EXIT, WORDS(k_call),
     0x400, 500000, 4, 2},
};
const size_t bench_nkernels = N_OF(bench_kernels);

const bench_kernel_t bench_touch = {
    "touch", "one stw per page", BK_COMPUTE, WORDS(k_touch), 0x500, 1024, 3, 2};

const bench_kernel_t *bench_kernel(const char *name)
{
    for (size_t i = 0; i < bench_nkernels; i++)
        if (strcmp(bench_kernels[i].name, name) == 0)
            return &bench_kernels[i];
    return strcmp(name, bench_touch.name) == 0 ? &bench_touch : NULL;
}
