/*
 * bench/raw.c - the kernels on Unicorn directly: the baseline.
 *
 * What "raw" means here: the same guest words at the same guest addresses
 * as the library column, the same CPU model (UC_CPU_PPC32_7400_V2_9) and
 * translation-buffer size (32 MiB), and no hooks at all.  Exits are
 * enabled with none set (uc_ctl_exits_enable), as the library does: then
 * uc_emu_start ignores `until` and does not invalidate the block before
 * it at the end of every run, which otherwise costs about 640 host
 * instructions a run (a soft-TLB refill for the address until-1).  The guest runs
 * in supervisor real mode (MSR as Unicorn leaves it, 0x40) from ordinary
 * uc_mem_map regions; the library's guest runs in problem state with
 * translation on through a hashed page table, which Unicorn serves from the
 * same soft TLB (measured at the same speed, unicorn-ppc-measurements.md
 * section 3b).  A compute kernel returns to an `sc`; with no interrupt hook
 * that makes uc_emu_start return UC_ERR_EXCEPTION, which ends the run.
 *
 * Variants, each on a fresh engine because hooks are compiled into
 * translated code:
 *   RAW_BLOCK_HOOK  an empty UC_HOOK_BLOCK over all addresses: what the
 *                   library's preemption hook costs, the callback aside;
 *   RAW_INTR_HOOK   a UC_HOOK_INTR that stops the engine on sc, for the
 *                   exit kernel: exit, then uc_emu_start(PC) again;
 *   RAW_REGS        at each exit read, and before each entry write, the 38
 *                   registers a VMM moves (PC, MSR, GPRs, CR, XER, LR, CTR)
 *                   with uc_reg_read_batch / uc_reg_write_batch.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <unicorn/unicorn.h>

#include "ppc/insn.h"

#define TCG_BUFFER_SIZE (32u << 20) /* as ppc/cpu_unicorn.c */
#define FAR 0xFFFFF000u             /* `until`: ignored, exits are enabled */
#define NREGS 38

struct raw_engine {
    uc_engine *uc;
    unsigned flags;
    uint32_t intno;
    uint64_t ninsn;
    int regs[NREGS];
    uint32_t vals[NREGS];
    void *ptrs[NREGS];
};

static void on_block(uc_engine *uc, uint64_t addr, uint32_t size, void *data) {}

static void on_intr_stop(uc_engine *uc, uint32_t intno, void *data)
{
    ((raw_engine_t *)data)->intno = intno;
    uc_emu_stop(uc);
}

/* Counting run: an sc in a kernel returns at once (as a syscall would);
 * the one in the pad ends the run. */
static void on_intr_count(uc_engine *uc, uint32_t intno, void *data)
{
    uint32_t pc = 0;
    uc_reg_read(uc, UC_PPC_REG_PC, &pc);
    if (intno != 8 || pc == BK_PAD + 4)
        uc_emu_stop(uc);
}

static void on_code(uc_engine *uc, uint64_t addr, uint32_t size, void *data)
{
    ((raw_engine_t *)data)->ninsn++;
}

static int put_words(uc_engine *uc, uint32_t at, const uint32_t *w, size_t n)
{
    uint8_t b[4096];
    if (n > sizeof b / 4)
        return -1;
    for (size_t i = 0; i < n; i++) {
        b[4 * i] = (uint8_t)(w[i] >> 24);
        b[4 * i + 1] = (uint8_t)(w[i] >> 16);
        b[4 * i + 2] = (uint8_t)(w[i] >> 8);
        b[4 * i + 3] = (uint8_t)w[i];
    }
    return uc_mem_write(uc, at, b, 4 * n) == UC_ERR_OK ? 0 : -1;
}

static int load_kernels(uc_engine *uc)
{
    const uint32_t pad = PPC_SC;
    for (size_t i = 0; i < bench_nkernels; i++)
        if (put_words(uc, BK_CODE + bench_kernels[i].offset, bench_kernels[i].words,
                      bench_kernels[i].nwords) != 0)
            return -1;
    if (put_words(uc, BK_CODE + bench_touch.offset, bench_touch.words, bench_touch.nwords))
        return -1;
    return put_words(uc, BK_PAD, &pad, 1);
}

static raw_engine_t *open_engine(unsigned flags, bool counting)
{
    raw_engine_t *e = calloc(1, sizeof *e);
    uc_hook h;
    if (!e)
        return NULL;
    e->flags = flags;
    if (uc_open(UC_ARCH_PPC, UC_MODE_PPC32 | UC_MODE_BIG_ENDIAN, &e->uc) != UC_ERR_OK) {
        free(e);
        return NULL;
    }
    uc_engine *uc = e->uc;
    if (uc_ctl_set_cpu_model(uc, UC_CPU_PPC32_7400_V2_9) != UC_ERR_OK ||
        uc_ctl_set_tcg_buffer_size(uc, TCG_BUFFER_SIZE) != UC_ERR_OK ||
        uc_ctl_exits_enable(uc) != UC_ERR_OK ||
        uc_mem_map(uc, BK_CODE, 0x1000, UC_PROT_ALL) != UC_ERR_OK ||
        uc_mem_map(uc, BK_DATA, BK_DATA_PAGES * 0x1000, UC_PROT_ALL) != UC_ERR_OK ||
        uc_mem_map(uc, BK_STACK, BK_STACK_PAGES * 0x1000, UC_PROT_ALL) != UC_ERR_OK ||
        load_kernels(uc) != 0)
        goto fail;
    if ((flags & RAW_BLOCK_HOOK) &&
        uc_hook_add(uc, &h, UC_HOOK_BLOCK, on_block, e, 1, 0) != UC_ERR_OK)
        goto fail;
    if ((flags & RAW_INTR_HOOK) &&
        uc_hook_add(uc, &h, UC_HOOK_INTR, on_intr_stop, e, 1, 0) != UC_ERR_OK)
        goto fail;
    if (counting && (uc_hook_add(uc, &h, UC_HOOK_CODE, on_code, e, 1, 0) != UC_ERR_OK ||
                     uc_hook_add(uc, &h, UC_HOOK_INTR, on_intr_count, e, 1, 0) != UC_ERR_OK))
        goto fail;
    for (int i = 0; i < 32; i++)
        e->regs[i] = UC_PPC_REG_0 + i;
    e->regs[32] = UC_PPC_REG_PC;
    e->regs[33] = UC_PPC_REG_MSR;
    e->regs[34] = UC_PPC_REG_CR;
    e->regs[35] = UC_PPC_REG_XER;
    e->regs[36] = UC_PPC_REG_LR;
    e->regs[37] = UC_PPC_REG_CTR;
    for (int i = 0; i < NREGS; i++)
        e->ptrs[i] = &e->vals[i];
    return e;
fail:
    fprintf(stderr, "vmmbench: raw Unicorn setup failed\n");
    raw_close(e);
    return NULL;
}

raw_engine_t *raw_open(unsigned flags)
{
    return open_engine(flags, false);
}

void raw_close(raw_engine_t *e)
{
    if (!e)
        return;
    uc_close(e->uc);
    free(e);
}

static uint32_t get(raw_engine_t *e, int id)
{
    uint32_t v = 0;
    uc_reg_read(e->uc, id, &v);
    return v;
}

static void set(raw_engine_t *e, int id, uint32_t v)
{
    uc_reg_write(e->uc, id, &v);
}

static void set_inputs(raw_engine_t *e, const bench_kernel_t *k, uint64_t n, uint32_t r7)
{
    set(e, UC_PPC_REG_1, BK_STACK_TOP);
    set(e, UC_PPC_REG_3, 0);
    set(e, UC_PPC_REG_4, BK_DATA);
    set(e, UC_PPC_REG_5, (uint32_t)n);
    set(e, UC_PPC_REG_6, BK_FACT_ARG);
    set(e, UC_PPC_REG_7, r7);
    set(e, UC_PPC_REG_LR, BK_PAD);
}

/* Re-enters until the guest reaches the pad; one uc_emu_start per exit. */
static int run_exits(raw_engine_t *e, uint32_t pc, uint64_t *exits)
{
    uint64_t x = 0;
    for (;;) {
        if (e->flags & RAW_REGS) {
            e->vals[32] = pc;
            uc_reg_write_batch(e->uc, e->regs, e->ptrs, NREGS);
        }
        e->intno = 0;
        if (uc_emu_start(e->uc, pc, FAR, 0, 0) != UC_ERR_OK || e->intno != 8)
            return -1;
        if (e->flags & RAW_REGS) {
            uc_reg_read_batch(e->uc, e->regs, e->ptrs, NREGS);
            pc = e->vals[32];
        } else {
            pc = get(e, UC_PPC_REG_PC);
        }
        x++;
        if (pc == BK_PAD + 4)
            break;
    }
    *exits = x;
    return 0;
}

double raw_run(raw_engine_t *e, const bench_kernel_t *k, uint64_t n, uint32_t r7, uint64_t *exits)
{
    uint32_t start = BK_CODE + k->offset;
    set_inputs(e, k, n, r7);
    *exits = 0;
    bench_cg_start();
    double t0 = bench_now();
    if (e->flags & RAW_INTR_HOOK) {
        if (e->flags & RAW_REGS)
            uc_reg_read_batch(e->uc, e->regs, e->ptrs, NREGS);
        if (run_exits(e, start, exits) != 0)
            goto bad;
    } else {
        uc_err err = uc_emu_start(e->uc, start, FAR, 0, 0);
        if (err != UC_ERR_EXCEPTION || get(e, UC_PPC_REG_PC) != BK_PAD + 4)
            goto bad;
    }
    double t = bench_now() - t0;
    bench_cg_stop("compute %s %s insns=%llu exits=%llu", k->name,
                  (e->flags & RAW_REGS)         ? "rawregs"
                  : (e->flags & RAW_BLOCK_HOOK) ? "rawbh"
                                                : "raw",
                  (unsigned long long)bench_insns(k, n), (unsigned long long)*exits);
    return t;
bad:
    fprintf(stderr, "vmmbench: raw %s did not end at the pad (PC 0x%x)\n", k->name,
            get(e, UC_PPC_REG_PC));
    return -1;
}

uint64_t raw_count(const bench_kernel_t *k, uint64_t n)
{
    raw_engine_t *e = open_engine(0, true);
    if (!e)
        return 0;
    set_inputs(e, k, n, BK_SYS_NONE);
    uc_err err = uc_emu_start(e->uc, BK_CODE + k->offset, FAR, 0, 0);
    uint64_t count = (err == UC_ERR_OK && get(e, UC_PPC_REG_PC) == BK_PAD + 4) ? e->ninsn - 1 : 0;
    raw_close(e);
    return count; /* the pad's sc is not the kernel's */
}

const char *raw_unicorn_version(void)
{
    static char buf[32];
    unsigned major, minor;
    unsigned v = uc_version(&major, &minor);
    snprintf(buf, sizeof buf, "%u.%u.%u", major, minor, (v >> 8) & 0xFF);
    return buf;
}
