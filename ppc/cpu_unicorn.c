/*
 * ppc/cpu_unicorn.c - the PowerPC CPU on Unicorn (the only file that
 * includes <unicorn/unicorn.h>).
 *
 * One Unicorn engine per CPU, CPU model MPC7400 (a G4 whose MMU walks a
 * hashed page table in hardware fashion).  The whole 4 GiB physical space
 * of ppc/physmem.h is one Unicorn region.  What Unicorn does not give
 * through its API is done by short supervisor stubs that run in real mode
 * from this CPU's own physical page and end in `sc`:
 *
 *   - entering the guest: ENTER loads every register from this CPU's frame
 *     (lmw, mtcrf, mtxer, mtlr, mtctr, VRSAVE, SRR0/SRR1) and ends in rfi,
 *     which switches to the guest's MSR and PC;
 *   - leaving it: LEAVE stores them back (stmw, mfxer ..., DAR, DSISR);
 *   - SDR1, segment registers and TLB flushes (mtspr, mtsr, tlbie; sync);
 *   - the AltiVec registers and VSCR (stvx/lvx, mfvscr/mtvscr).
 *
 * The stubs are not only faster than the register API (one engine entry
 * per guest round trip); they are also right where the API is wrong: it
 * loses XER's SO, OV and CA, and has no VRSAVE, DAR or DSISR at all.
 *
 * Exceptions: Unicorn never vectors.  It adds 4 to the PC and calls the
 * interrupt hook with QEMU's exception number; all state is as it was
 * before the faulting instruction.  The hook records the number and the
 * PC, switches the engine to supervisor real mode and redirects it to
 * LEAVE, whose own sc finally stops the engine.  The run then rebuilds
 * SRR0/SRR1 the way the hardware would have (see classify()).
 *
 * Preemption: another thread may only set an atomic word.  A block hook,
 * installed before the first translation so that every translated block
 * calls it, checks that word at the start of each block and stops the
 * engine there, before any instruction of the block has run.  (Stopping
 * the engine from another thread would land after some load or store in
 * the middle of a block with the PC at the block's start: not resumable.)
 * The same hook counts the instruction budget.
 */
#include "config.h"

#include "ppc/cpu.h"

#include <assert.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicorn/unicorn.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ppc/bytes.h"
#include "ppc/htab.h"
#include "ppc/insn.h"
#include "ppc/physmem.h"

/* Translation buffer per engine: ample for guest code, small enough that
 * 32 contexts stay light (Unicorn's default is 1 GiB each). */
#define TCG_BUFFER_SIZE (32u << 20)

/* MSR for stubs: supervisor, translation off, FP and AltiVec usable. */
#define STUB_MSR (PPC_MSR_FP | PPC_MSR_VEC)

/* A CPU has two physical pages: its stubs, then its data (frame and
 * vector scratch).  Keeping data out of the code page matters: the engine
 * treats stores into a page that holds translated code as possible
 * self-modifying code, on its slow path. */
#define CPU_SLOT (2 * PHYS_PAGE)
#define DATA PHYS_PAGE

/* Offsets in the CPU's pages. */
enum {
    STUB_MMU = 0x000,     /* r3 = SDR1, r4..r19 = SR0..SR15 */
    STUB_FLUSH = 0x080,   /* tlbie; sync; isync */
    STUB_ENTER = 0x100,   /* FRAME -> registers, rfi */
    STUB_LEAVE = 0x200,   /* registers -> FRAME, sc */
    STUB_SAVEVR = 0x300,  /* r3 = scratch: v0..v31 then VSCR at +512 */
    STUB_LOADVR = 0x480,  /* r3 = scratch */
    STUB_GETVSCR = 0x5A0, /* r3 = scratch: VSCR (via v0) to +16 */
    STUB_SETVSCR = 0x5C0, /* r3 = scratch: VSCR (via v0) from +16 */
    STUB_END = 0x600,
    FRAME = DATA + 0x000,   /* big-endian register frame, see F_* */
    SCRATCH = DATA + 0x100  /* 528 bytes of vector registers */
};

/* The register frame: the words of ppc_regs_t (big-endian), then DAR and
 * DSISR. */
enum {
    F_SRR0 = 0x00, /* pc */
    F_SRR1 = 0x04, /* msr */
    F_GPR = 0x08,
    F_CR = 0x88,
    F_XER = 0x8C,
    F_LR = 0x90,
    F_CTR = 0x94,
    F_VRSAVE = 0x9C,
    F_DAR = 0xA0,
    F_DSISR = 0xA4
};

/* Bits of the watch word read by the block hook. */
enum { WATCH_PREEMPT = 1, WATCH_BUDGET = 2, WATCH_DEADLINE = 4 };

/* Blocks between two clock reads while a deadline is set. */
#define DEADLINE_TICK 1024

/* Where a run is: ENTER covers the entry stub and the guest after its rfi
 * (the engine cannot tell us when the rfi happens); LEAVE the exit stub. */
enum phase { PHASE_IDLE, PHASE_ENTER, PHASE_LEAVE, PHASE_STUB };

struct ppc_cpu {
    uc_engine *uc;
    uc_hook intr_hook, block_hook;
    uint32_t page_pa;
    uint8_t *page;

    /* Set by the hooks during a run. */
    enum phase phase;
    bool got_intr, preempted, budget_out, deadline_hit, stub_done;
    uint32_t intno, intr_pc;
    _Atomic uint32_t watch;
    int64_t budget;
    uint64_t deadline;
    int tick;

    /* MMU state wanted, and what the engine holds. */
    uint32_t want_sdr1, want_sr[16];
    uint32_t cur_sdr1, cur_sr[16];
    bool mmu_known, tlb_stale, mmu_changed;

    /* What the engine holds, to skip needless writes: after a run, its
     * registers are exactly those LEAVE saved (eng_valid). */
    uint32_t eng_msr, eng_fpscr;
    ppc_regs_t eng;
    bool eng_valid;

    /* Pending code invalidations (physical ranges); overflow = flush all. */
    uint32_t inval_pa[64], inval_len[64];
    unsigned ninval;
    bool inval_all;
};

static const int gpr_ids[32] = {
    UC_PPC_REG_0,  UC_PPC_REG_1,  UC_PPC_REG_2,  UC_PPC_REG_3,
    UC_PPC_REG_4,  UC_PPC_REG_5,  UC_PPC_REG_6,  UC_PPC_REG_7,
    UC_PPC_REG_8,  UC_PPC_REG_9,  UC_PPC_REG_10, UC_PPC_REG_11,
    UC_PPC_REG_12, UC_PPC_REG_13, UC_PPC_REG_14, UC_PPC_REG_15,
    UC_PPC_REG_16, UC_PPC_REG_17, UC_PPC_REG_18, UC_PPC_REG_19,
    UC_PPC_REG_20, UC_PPC_REG_21, UC_PPC_REG_22, UC_PPC_REG_23,
    UC_PPC_REG_24, UC_PPC_REG_25, UC_PPC_REG_26, UC_PPC_REG_27,
    UC_PPC_REG_28, UC_PPC_REG_29, UC_PPC_REG_30, UC_PPC_REG_31};

/* ---- hooks --------------------------------------------------------------- */

static void reg_set(ppc_cpu_t *cpu, int id, uint32_t v);
static uint32_t reg_get(ppc_cpu_t *cpu, int id);

static void on_intr(uc_engine *uc, uint32_t intno, void *data)
{
    ppc_cpu_t *cpu = data;
    if (cpu->phase != PHASE_ENTER) {
        /* A stub's closing sc (or, if a stub went wrong, its fault). */
        cpu->stub_done = intno == 8;
        uc_emu_stop(uc);
        return;
    }
    /* A guest exception: keep what it was, then save the guest's
     * registers with LEAVE, still inside this run. */
    cpu->intno = intno;
    cpu->got_intr = true;
    cpu->intr_pc = reg_get(cpu, UC_PPC_REG_PC);
    cpu->phase = PHASE_LEAVE;
    reg_set(cpu, UC_PPC_REG_MSR, STUB_MSR);
    reg_set(cpu, UC_PPC_REG_PC, cpu->page_pa + STUB_LEAVE);
}

/* Out of line and cold, its arguments in the order of on_block's: inlined
 * into on_block, its stack frame (the timespec) made the compiler save
 * registers on the fast path too, 10 instructions a block instead of 4. */
static __attribute__((noinline, cold)) void block_slow(uc_engine *uc, uint64_t addr,
                                                        uint32_t size, ppc_cpu_t *cpu, uint32_t w)
{
    if (cpu->phase != PHASE_ENTER)
        return; /* stubs always finish */
    if ((w & WATCH_BUDGET) && addr != cpu->page_pa + STUB_ENTER) {
        cpu->budget -= size / 4 ? size / 4 : 1;
        if (cpu->budget < 0) {
            cpu->budget = 0;
            cpu->budget_out = true;
            uc_emu_stop(uc);
            return;
        }
    }
    if ((w & WATCH_DEADLINE) && --cpu->tick <= 0) {
        struct timespec ts;
        cpu->tick = DEADLINE_TICK;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        if ((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec >= cpu->deadline) {
            cpu->deadline_hit = true;
            uc_emu_stop(uc);
            return;
        }
    }
    if (w & WATCH_PREEMPT) {
        cpu->preempted = true;
        uc_emu_stop(uc);
    }
}

/* Called at the start of every translated block: one load and a test. */
static void on_block(uc_engine *uc, uint64_t addr, uint32_t size, void *data)
{
    ppc_cpu_t *cpu = data;
    uint32_t w = atomic_load_explicit(&cpu->watch, memory_order_relaxed);
    if (__builtin_expect(w != 0, 0))
        block_slow(uc, addr, size, cpu, w);
}

/* ---- register transfer --------------------------------------------------- */

static uint32_t reg_get(ppc_cpu_t *cpu, int id)
{
    uint32_t v = 0;
    uc_reg_read(cpu->uc, id, &v);
    return v;
}

static void reg_set(ppc_cpu_t *cpu, int id, uint32_t v)
{
    uc_reg_write(cpu->uc, id, &v);
}

/* ---- stubs --------------------------------------------------------------- */

static void put_words(uint8_t *p, const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        be32_store(p + 4 * i, w[i]);
}

static void write_stubs(ppc_cpu_t *cpu)
{
    uint32_t w[128];
    size_t n = 0;

    w[n++] = PPC_MTSPR(PPC_SPR_SDR1, 3);
    for (unsigned sr = 0; sr < 16; sr++)
        w[n++] = PPC_MTSR(sr, 4 + sr);
    w[n++] = PPC_TLBIE(0);
    w[n++] = PPC_SYNC;
    w[n++] = PPC_ISYNC;
    w[n++] = PPC_SC;
    put_words(cpu->page + STUB_MMU, w, n);

    const uint32_t flush[] = {PPC_TLBIE(0), PPC_SYNC, PPC_ISYNC, PPC_SC};
    put_words(cpu->page + STUB_FLUSH, flush, 4);

    /* ENTER: the frame's address is baked into the stub (lis/ori). */
    uint32_t frame = cpu->page_pa + FRAME;
    n = 0;
    w[n++] = PPC_LIS(1, frame >> 16);
    w[n++] = PPC_ORI(1, 1, frame & 0xFFFF);
    w[n++] = PPC_LWZ(0, F_CR, 1);
    w[n++] = PPC_MTCRF(0xFF, 0);
    w[n++] = PPC_LWZ(0, F_XER, 1);
    w[n++] = PPC_MTXER(0);
    w[n++] = PPC_LWZ(0, F_LR, 1);
    w[n++] = PPC_MTLR(0);
    w[n++] = PPC_LWZ(0, F_CTR, 1);
    w[n++] = PPC_MTCTR(0);
    w[n++] = PPC_LWZ(0, F_VRSAVE, 1);
    w[n++] = PPC_MTSPR(PPC_SPR_VRSAVE, 0);
    w[n++] = PPC_LWZ(0, F_SRR0, 1);
    w[n++] = PPC_MTSPR(PPC_SPR_SRR0, 0);
    w[n++] = PPC_LWZ(0, F_SRR1, 1);
    w[n++] = PPC_MTSPR(PPC_SPR_SRR1, 0);
    /* Single loads, not lmw: QEMU runs lmw in a slow helper. */
    for (unsigned g = 0; g < 32; g++)
        if (g != 1)
            w[n++] = PPC_LWZ(g, F_GPR + 4 * g, 1);
    w[n++] = PPC_LWZ(1, F_GPR + 4, 1);
    w[n++] = PPC_RFI;
    assert(STUB_ENTER + 4 * n <= STUB_LEAVE);
    put_words(cpu->page + STUB_ENTER, w, n);

    /* LEAVE: r1 parks in SPRG0 while it holds the frame's address. */
    n = 0;
    w[n++] = PPC_MTSPR(PPC_SPR_SPRG0, 1);
    w[n++] = PPC_LIS(1, frame >> 16);
    w[n++] = PPC_ORI(1, 1, frame & 0xFFFF);
    for (unsigned g = 0; g < 32; g++)
        if (g != 1)
            w[n++] = PPC_STW(g, F_GPR + 4 * g, 1);
    w[n++] = PPC_MFSPR(0, PPC_SPR_SPRG0);
    w[n++] = PPC_STW(0, F_GPR + 4, 1);
    w[n++] = PPC_MFCR(0);
    w[n++] = PPC_STW(0, F_CR, 1);
    w[n++] = PPC_MFXER(0);
    w[n++] = PPC_STW(0, F_XER, 1);
    w[n++] = PPC_MFLR(0);
    w[n++] = PPC_STW(0, F_LR, 1);
    w[n++] = PPC_MFCTR(0);
    w[n++] = PPC_STW(0, F_CTR, 1);
    w[n++] = PPC_MFSPR(0, PPC_SPR_VRSAVE);
    w[n++] = PPC_STW(0, F_VRSAVE, 1);
    w[n++] = PPC_MFSPR(0, PPC_SPR_DAR);
    w[n++] = PPC_STW(0, F_DAR, 1);
    w[n++] = PPC_MFSPR(0, PPC_SPR_DSISR);
    w[n++] = PPC_STW(0, F_DSISR, 1);
    /* Put r0 and r1 back: the engine must hold exactly what the frame
     * says, since the next entry rewrites only registers that changed. */
    w[n++] = PPC_LWZ(0, F_GPR, 1);
    w[n++] = PPC_MFSPR(1, PPC_SPR_SPRG0);
    w[n++] = PPC_SC;
    assert(STUB_LEAVE + 4 * n <= STUB_SAVEVR);
    put_words(cpu->page + STUB_LEAVE, w, n);

    /* save: v0..v31 to r3+16n, then VSCR (via v0) to r3+512, then v0 back */
    n = 0;
    for (unsigned v = 0; v < 32; v++) {
        w[n++] = PPC_LI(4, 16 * v);
        w[n++] = PPC_STVX(v, 3, 4);
    }
    w[n++] = PPC_MFVSCR(0);
    w[n++] = PPC_LI(4, 512);
    w[n++] = PPC_STVX(0, 3, 4);
    w[n++] = PPC_LI(4, 0);
    w[n++] = PPC_LVX(0, 3, 4);
    w[n++] = PPC_SC;
    assert(STUB_SAVEVR + 4 * n <= STUB_LOADVR);
    put_words(cpu->page + STUB_SAVEVR, w, n);

    /* load: VSCR (via v0) from r3+512, then v0..v31 from r3+16n */
    n = 0;
    w[n++] = PPC_LI(4, 512);
    w[n++] = PPC_LVX(0, 3, 4);
    w[n++] = PPC_MTVSCR(0);
    for (unsigned v = 0; v < 32; v++) {
        w[n++] = PPC_LI(4, 16 * v);
        w[n++] = PPC_LVX(v, 3, 4);
    }
    w[n++] = PPC_SC;
    assert(STUB_LOADVR + 4 * n <= STUB_GETVSCR);
    put_words(cpu->page + STUB_LOADVR, w, n);

    /* VSCR alone: v0 parks in the scratch while it carries VSCR. */
    const uint32_t getvscr[] = {PPC_LI(4, 0),  PPC_STVX(0, 3, 4), PPC_MFVSCR(0),
                                PPC_LI(4, 16), PPC_STVX(0, 3, 4), PPC_LI(4, 0),
                                PPC_LVX(0, 3, 4), PPC_SC};
    put_words(cpu->page + STUB_GETVSCR, getvscr, 8);
    const uint32_t setvscr[] = {PPC_LI(4, 0),     PPC_STVX(0, 3, 4), PPC_LI(4, 16),
                                PPC_LVX(0, 3, 4), PPC_MTVSCR(0),     PPC_LI(4, 0),
                                PPC_LVX(0, 3, 4), PPC_SC};
    put_words(cpu->page + STUB_SETVSCR, setvscr, 8);
}

/* Runs the stub at `off` in supervisor real mode; it must end in its sc. */
static int run_stub_as(ppc_cpu_t *cpu, uint32_t off, enum phase phase)
{
    if (cpu->eng_msr != STUB_MSR) {
        reg_set(cpu, UC_PPC_REG_MSR, STUB_MSR);
        cpu->eng_msr = STUB_MSR;
    }
    cpu->phase = phase;
    cpu->stub_done = false;
    uc_err err = uc_emu_start(cpu->uc, cpu->page_pa + off, 0, 0, 0);
    cpu->phase = PHASE_IDLE;
    return (err == UC_ERR_OK && cpu->stub_done) ? 0 : -1;
}

/* Stubs other than LEAVE use guest registers as scratch. */
static int run_stub(ppc_cpu_t *cpu, uint32_t off)
{
    cpu->eng_valid = false;
    return run_stub_as(cpu, off, PHASE_STUB);
}

/* ---- life cycle ---------------------------------------------------------- */

int ppc_cpu_create(ppc_cpu_t **out, ppc_model_t model)
{
    (void)model;
    if (!physmem_init())
        return -1;
    ppc_cpu_t *cpu = calloc(1, sizeof *cpu);
    if (!cpu)
        return -1;
    cpu->page_pa = physmem_slot_alloc(PHYS_CPU_BASE, PHYS_CPU_END, CPU_SLOT);
    if (!cpu->page_pa)
        goto fail;
    cpu->page = physmem_host(cpu->page_pa);
    if (uc_open(UC_ARCH_PPC, UC_MODE_PPC32 | UC_MODE_BIG_ENDIAN, &cpu->uc) != UC_ERR_OK) {
        cpu->uc = NULL;
        goto fail;
    }
    /* Both must come before the engine's first use. */
    if (uc_ctl_set_cpu_model(cpu->uc, UC_CPU_PPC32_7400_V2_9) != UC_ERR_OK ||
        uc_ctl_set_tcg_buffer_size(cpu->uc, TCG_BUFFER_SIZE) != UC_ERR_OK)
        goto fail;
    /* With exits enabled and none set, the `until` argument is ignored:
     * no sentinel address a guest could reach, no invalidation of the
     * block before it at the end of every run. */
    if (uc_ctl_exits_enable(cpu->uc) != UC_ERR_OK)
        goto fail;
    if (uc_mem_map_ptr(cpu->uc, 0, PHYS_SIZE, UC_PROT_ALL, physmem_base()) != UC_ERR_OK)
        goto fail;
    /* Hooks are compiled into translated code: all of them now. */
    if (uc_hook_add(cpu->uc, &cpu->intr_hook, UC_HOOK_INTR, on_intr, cpu, 1, 0) != UC_ERR_OK ||
        uc_hook_add(cpu->uc, &cpu->block_hook, UC_HOOK_BLOCK, on_block, cpu, 1, 0) != UC_ERR_OK)
        goto fail;
    write_stubs(cpu);
    cpu->eng_msr = UINT32_MAX; /* unknown: written before first use */
    cpu->eng_fpscr = UINT32_MAX;
    *out = cpu;
    return 0;
fail:
    ppc_cpu_destroy(cpu);
    return -1;
}

void ppc_cpu_destroy(ppc_cpu_t *cpu)
{
    if (!cpu)
        return;
    if (cpu->uc)
        uc_close(cpu->uc);
    if (cpu->page_pa)
        physmem_slot_free(PHYS_CPU_BASE, CPU_SLOT, cpu->page_pa);
    free(cpu);
}

/* ---- MMU and code ---------------------------------------------------------- */

void ppc_cpu_set_mmu(ppc_cpu_t *cpu, uint32_t sdr1, const uint32_t sr[16])
{
    cpu->want_sdr1 = sdr1;
    memcpy(cpu->want_sr, sr, sizeof cpu->want_sr);
    cpu->mmu_changed = true;
}

void ppc_cpu_flush_tlb(ppc_cpu_t *cpu) { cpu->tlb_stale = true; }

void ppc_cpu_invalidate_all_code(ppc_cpu_t *cpu) { cpu->inval_all = true; }

void ppc_cpu_invalidate_code(ppc_cpu_t *cpu, uint32_t pa, uint32_t len)
{
    if (cpu->ninval == sizeof cpu->inval_pa / sizeof cpu->inval_pa[0]) {
        cpu->inval_all = true;
        return;
    }
    cpu->inval_pa[cpu->ninval] = pa;
    cpu->inval_len[cpu->ninval] = len;
    cpu->ninval++;
}

static int sync_mmu(ppc_cpu_t *cpu)
{
    /* Compared only after a ppc_cpu_set_mmu(), not at every run. */
    bool same = cpu->mmu_known &&
                (!cpu->mmu_changed || (cpu->cur_sdr1 == cpu->want_sdr1 &&
                                       memcmp(cpu->cur_sr, cpu->want_sr, sizeof cpu->cur_sr) == 0));
    if (same)
        cpu->mmu_changed = false;
    if (same && !cpu->tlb_stale)
        return 0;
    if (same)
        return run_stub(cpu, STUB_FLUSH) == 0 ? (cpu->tlb_stale = false, 0) : -1;
    reg_set(cpu, UC_PPC_REG_3, cpu->want_sdr1);
    for (int i = 0; i < 16; i++)
        reg_set(cpu, gpr_ids[4 + i], cpu->want_sr[i]);
    if (run_stub(cpu, STUB_MMU) != 0)
        return -1;
    cpu->cur_sdr1 = cpu->want_sdr1;
    memcpy(cpu->cur_sr, cpu->want_sr, sizeof cpu->cur_sr);
    cpu->mmu_known = true;
    cpu->mmu_changed = false;
    cpu->tlb_stale = false;
    return 0;
}

static void sync_code(ppc_cpu_t *cpu)
{
    if (!cpu->ninval && !cpu->inval_all)
        return;
    if (cpu->inval_all) {
        uc_ctl_flush_tb(cpu->uc);
    } else {
        /* The cache is looked up through the current translation: in real
         * mode an address is its physical address. */
        reg_set(cpu, UC_PPC_REG_MSR, STUB_MSR);
        cpu->eng_msr = STUB_MSR;
        for (unsigned i = 0; i < cpu->ninval; i++)
            uc_ctl_remove_cache(cpu->uc, (uint64_t)cpu->inval_pa[i],
                                (uint64_t)cpu->inval_pa[i] + cpu->inval_len[i]);
    }
    cpu->ninval = 0;
    cpu->inval_all = false;
}

/* ---- running ---------------------------------------------------------------- */

/* Translates ea through the page table the guest runs with. */
static bool translate(const ppc_cpu_t *cpu, uint32_t ea, uint32_t *pa)
{
    ppc_htab_t h = {.pa = cpu->cur_sdr1 & 0xFFFF0000u};
    h.mem = physmem_host(h.pa);
    return htab_lookup(&h, ea, pa);
}

/* Reads the instruction word at ea through the current page table. */
static bool fetch_insn(ppc_cpu_t *cpu, uint32_t ea, uint32_t msr, uint32_t *insn)
{
    uint32_t pa;
    if (!translate(cpu, ea, &pa))
        return false;
    const uint8_t *p = physmem_host(pa & ~3u);
    uint32_t be = be32_load(p);
    *insn = (msr & PPC_MSR_LE) ? __builtin_bswap32(be) : be;
    return true;
}

/* Why an instruction took a program exception (QEMU keeps the reason to
 * itself): traps and FP-enabled exceptions are recognised by their
 * opcodes; every other program exception from intno 6 is a privileged
 * instruction in problem state.  Invalid forms come as intno 96. */
static uint32_t program_reason(uint32_t intno, uint32_t insn, uint32_t msr)
{
    if (intno != 6)
        return PPC_SRR1_ILLEGAL;
    unsigned op = ppc_op(insn);
    if (op == 3 || (op == 31 && ppc_xo10(insn) == 4))
        return PPC_SRR1_TRAP;
    if ((op == 63 || op == 59) && (msr & (PPC_MSR_FE0 | PPC_MSR_FE1)))
        return PPC_SRR1_FP_ENABLED;
    return PPC_SRR1_PRIVILEGED;
}

/* DSISR of an alignment exception, built from the instruction as the
 * 32-bit OEA specifies (X-form: bits 29-30, 25, 21-24; D-form: bit 5,
 * bits 1-4), plus RT and RA. */
static uint32_t alignment_dsisr(uint32_t insn)
{
    uint32_t d = 0;
    unsigned op = ppc_op(insn);
    if (op == 31) {
        d |= ((insn >> 1) & 3) << 15;     /* instruction bits 29-30 -> 15-16 */
        d |= ((insn >> 6) & 1) << 14;     /* bit 25 -> 17 */
        d |= ((insn >> 7) & 0xF) << 10;   /* bits 21-24 -> 18-21 */
    } else {
        d |= ((insn >> 26) & 1) << 14;    /* bit 5 -> 17 */
        d |= ((insn >> 27) & 0xF) << 10;  /* bits 1-4 -> 18-21 */
    }
    d |= ppc_rt(insn) << 5;               /* RT/RS -> 22-26 */
    d |= ppc_ra(insn);                    /* RA -> 27-31 */
    return d;
}

/* Effective address of a load or store (D-form or X-form). */
static uint32_t insn_ea(uint32_t insn, const uint32_t gpr[32])
{
    unsigned ra = ppc_ra(insn);
    uint32_t base = ra ? gpr[ra] : 0;
    if (ppc_op(insn) == 31)
        return base + gpr[ppc_rb(insn)];
    return base + (uint32_t)ppc_d(insn);
}

/* Key and PP of the PTE for ea, for an ISI's reason. */
static uint32_t isi_reason(ppc_cpu_t *cpu, uint32_t ea)
{
    uint32_t pa;
    return translate(cpu, ea, &pa) ? PPC_DSISR_PROTECTION : PPC_DSISR_NOT_FOUND;
}

static int classify(ppc_cpu_t *cpu, ppc_regs_t *r, uint32_t dar, uint32_t dsisr,
                    ppc_exit_t *exit)
{
    exit->srr1 = r->msr & 0x0200FFFFu; /* MSR bits SRR1 keeps */
    exit->dar = exit->dsisr = exit->insn = 0;
    exit->srr0 = r->pc;
    exit->vector = 0;
    if (!cpu->got_intr) {
        exit->stop = cpu->budget_out     ? PPC_STOP_BUDGET
                     : cpu->deadline_hit ? PPC_STOP_DEADLINE
                                         : PPC_STOP_PREEMPTED;
        return 0;
    }
    exit->stop = PPC_STOP_EXCEPTION;
    switch (cpu->intno) {
    case 2: exit->vector = PPC_VEC_DSI; exit->dar = dar; exit->dsisr = dsisr; break;
    case 3: exit->vector = PPC_VEC_ISI; break;
    case 5: exit->vector = PPC_VEC_ALIGNMENT; break;
    case 6: case 96: exit->vector = PPC_VEC_PROGRAM; break;
    case 7: exit->vector = PPC_VEC_FP_UNAVAILABLE; break;
    case 8: exit->vector = PPC_VEC_SYSCALL; break;
    case 68: exit->vector = PPC_VEC_TRACE; break;
    case 73: exit->vector = PPC_VEC_VMX_UNAVAILABLE; break;
    default: exit->stop = PPC_STOP_ENGINE; return -1;
    }
    /* The hook saw PC = faulting instruction + 4; for sc that is SRR0. */
    exit->srr0 = cpu->intno == 8 ? cpu->intr_pc : cpu->intr_pc - 4;
    if (exit->vector == PPC_VEC_ISI)
        exit->srr1 |= isi_reason(cpu, exit->srr0);
    else if (exit->vector != PPC_VEC_SYSCALL && exit->vector != PPC_VEC_TRACE)
        fetch_insn(cpu, exit->srr0, r->msr, &exit->insn);
    if (exit->vector == PPC_VEC_PROGRAM)
        exit->srr1 |= program_reason(cpu->intno, exit->insn, r->msr);
    if (exit->vector == PPC_VEC_ALIGNMENT) {
        exit->dar = insn_ea(exit->insn, r->gpr);
        exit->dsisr = alignment_dsisr(exit->insn);
    }
    r->pc = exit->srr0;
    return 0;
}

static inline uint32_t frame_get(const ppc_cpu_t *cpu, uint32_t off)
{
    uint32_t v;
    memcpy(&v, cpu->page + FRAME + off, 4);
    return __builtin_bswap32(v);
}

/* Byte-swaps n 32-bit words (n a multiple of 4), four at a time. */
static void swap_words(uint32_t *dst, const uint32_t *src, int n)
{
#ifdef __SSE2__
    for (int i = 0; i < n; i += 4) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(src + i));
        x = _mm_or_si128(_mm_slli_epi16(x, 8), _mm_srli_epi16(x, 8));
        x = _mm_shufflehi_epi16(_mm_shufflelo_epi16(x, 0xB1), 0xB1);
        _mm_storeu_si128((__m128i *)(void *)(dst + i), x);
    }
#else
    for (int i = 0; i < n; i++)
        dst[i] = __builtin_bswap32(src[i]);
#endif
}

/* The frame is the register image in big-endian words. */
static void frame_store(ppc_cpu_t *cpu, const ppc_regs_t *r)
{
    swap_words((uint32_t *)(void *)(cpu->page + FRAME), &r->pc, PPC_REGS_IMAGE_WORDS);
}

/* Everything but PC and MSR, which the frame does not bring back. */
static void frame_load(const ppc_cpu_t *cpu, ppc_regs_t *r)
{
    uint32_t pc = r->pc, msr = r->msr;
    swap_words(&r->pc, (const uint32_t *)(const void *)(cpu->page + FRAME),
               PPC_REGS_IMAGE_WORDS);
    r->pc = pc;
    r->msr = msr;
}

/*
 * Loads the guest registers into the engine and returns the address to
 * start at.  Usually only a few registers differ from what the engine
 * already holds, and the API writes those; XER (whose SO/OV/CA the API
 * cannot write) or VRSAVE (which it cannot reach) going in needs ENTER,
 * which loads everything and switches to the guest with rfi.
 */
static uint32_t load_guest(ppc_cpu_t *cpu, const ppc_regs_t *regs)
{
    if (!cpu->eng_valid || regs->xer != cpu->eng.xer || regs->vrsave != cpu->eng.vrsave) {
        if (cpu->eng_msr != STUB_MSR) {
            reg_set(cpu, UC_PPC_REG_MSR, STUB_MSR);
            cpu->eng_msr = STUB_MSR;
        }
        frame_store(cpu, regs);
        return cpu->page_pa + STUB_ENTER;
    }
    if (memcmp(regs->gpr, cpu->eng.gpr, sizeof regs->gpr) != 0)
        for (int i = 0; i < 32; i++)
            if (regs->gpr[i] != cpu->eng.gpr[i])
                reg_set(cpu, gpr_ids[i], regs->gpr[i]);
    if (regs->cr != cpu->eng.cr)
        reg_set(cpu, UC_PPC_REG_CR, regs->cr);
    if (regs->lr != cpu->eng.lr)
        reg_set(cpu, UC_PPC_REG_LR, regs->lr);
    if (regs->ctr != cpu->eng.ctr)
        reg_set(cpu, UC_PPC_REG_CTR, regs->ctr);
    reg_set(cpu, UC_PPC_REG_MSR, regs->msr);
    cpu->eng_msr = regs->msr;
    return regs->pc;
}

int ppc_cpu_run(ppc_cpu_t *cpu, ppc_regs_t *regs, ppc_exit_t *exit)
{
    exit->stop = PPC_STOP_ENGINE;
    sync_code(cpu);
    if (sync_mmu(cpu) != 0)
        return -1;
    if (regs->fpscr != cpu->eng_fpscr) {
        reg_set(cpu, UC_PPC_REG_FPSCR, regs->fpscr);
        cpu->eng_fpscr = regs->fpscr;
    }
    uint32_t start = load_guest(cpu, regs);
    /* From here on the engine no longer holds what eng says. */
    cpu->eng_valid = false;

    cpu->got_intr = cpu->preempted = cpu->budget_out = cpu->deadline_hit = false;
    cpu->stub_done = false;
    cpu->phase = PHASE_ENTER;
    uc_err err = uc_emu_start(cpu->uc, start, 0, 0, 0);
    enum phase phase = cpu->phase;
    cpu->phase = PHASE_IDLE;
    if (err != UC_ERR_OK)
        return -1;

    if (phase == PHASE_LEAVE) {
        /* An exception: LEAVE has saved the guest (and ended the run). */
        if (!cpu->stub_done)
            return -1;
    } else if (cpu->preempted || cpu->budget_out || cpu->deadline_hit) {
        /* Stopped at the start of a block.  If that block is ENTER itself
         * (supervisor state), the guest never ran: regs stand as given. */
        cpu->eng_msr = reg_get(cpu, UC_PPC_REG_MSR);
        if (!(cpu->eng_msr & PPC_MSR_PR))
            return classify(cpu, regs, 0, 0, exit);
        cpu->intr_pc = reg_get(cpu, UC_PPC_REG_PC);
        if (run_stub_as(cpu, STUB_LEAVE, PHASE_LEAVE) != 0)
            return -1;
        regs->pc = cpu->intr_pc;
    } else {
        return -1; /* the engine stopped for no reason we know */
    }
    cpu->eng_msr = STUB_MSR;
    frame_load(cpu, regs);
    /* Only FP instructions change FPSCR, and they need MSR[FP] (the guest
     * cannot change its MSR): with FP off it is what was loaded. */
    if (regs->msr & PPC_MSR_FP)
        cpu->eng_fpscr = reg_get(cpu, UC_PPC_REG_FPSCR);
    regs->fpscr = cpu->eng_fpscr;
    cpu->eng = *regs;
    cpu->eng_valid = true;
    return classify(cpu, regs, frame_get(cpu, F_DAR), frame_get(cpu, F_DSISR), exit);
}

/* ---- preemption and budget ---------------------------------------------------- */

void ppc_cpu_preempt(ppc_cpu_t *cpu)
{
    atomic_fetch_or_explicit(&cpu->watch, WATCH_PREEMPT, memory_order_release);
}

void ppc_cpu_clear_preempt(ppc_cpu_t *cpu)
{
    /* Called at every launch: no locked read-modify-write when there is
     * nothing to clear (a request arriving after the load is a new one,
     * as it would be after the clear). */
    if (atomic_load_explicit(&cpu->watch, memory_order_acquire) & WATCH_PREEMPT)
        atomic_fetch_and_explicit(&cpu->watch, ~(uint32_t)WATCH_PREEMPT, memory_order_acq_rel);
}

void ppc_cpu_set_budget(ppc_cpu_t *cpu, uint64_t insns)
{
    if (insns == 0) {
        atomic_fetch_and(&cpu->watch, ~(uint32_t)WATCH_BUDGET);
        cpu->budget = 0;
        return;
    }
    cpu->budget = insns > INT64_MAX ? INT64_MAX : (int64_t)insns;
    atomic_fetch_or(&cpu->watch, WATCH_BUDGET);
}

void ppc_cpu_set_deadline(ppc_cpu_t *cpu, uint64_t ns)
{
    cpu->deadline = ns;
    cpu->tick = DEADLINE_TICK;
    /* Called at every launch: no locked read-modify-write when the bit is
     * already as wanted (only this thread changes it). */
    bool on = (atomic_load_explicit(&cpu->watch, memory_order_relaxed) & WATCH_DEADLINE) != 0;
    if (ns && !on)
        atomic_fetch_or(&cpu->watch, WATCH_DEADLINE);
    else if (!ns && on)
        atomic_fetch_and(&cpu->watch, ~(uint32_t)WATCH_DEADLINE);
}

uint64_t ppc_cpu_budget_left(const ppc_cpu_t *cpu)
{
    return cpu->budget > 0 ? (uint64_t)cpu->budget : 0;
}

bool ppc_cpu_has_budget(const ppc_cpu_t *cpu)
{
    return (atomic_load(&cpu->watch) & WATCH_BUDGET) != 0;
}

void ppc_cpu_charge_budget(ppc_cpu_t *cpu, uint64_t insns)
{
    if (!ppc_cpu_has_budget(cpu))
        return;
    cpu->budget = (uint64_t)cpu->budget > insns ? cpu->budget - (int64_t)insns : 0;
}

/* ---- FP and vector state -------------------------------------------------------- */

void ppc_cpu_get_fprs(ppc_cpu_t *cpu, uint64_t fpr[32])
{
    for (int i = 0; i < 32; i++)
        uc_reg_read(cpu->uc, UC_PPC_REG_FPR0 + i, &fpr[i]);
}

void ppc_cpu_set_fprs(ppc_cpu_t *cpu, const uint64_t fpr[32])
{
    for (int i = 0; i < 32; i++)
        uc_reg_write(cpu->uc, UC_PPC_REG_FPR0 + i, &fpr[i]);
}

int ppc_cpu_get_vrs(ppc_cpu_t *cpu, uint32_t vr[32][4], uint32_t *vscr)
{
    /* The stub clobbers r3/r4 only; guest GPRs are reloaded at every run. */
    reg_set(cpu, UC_PPC_REG_3, cpu->page_pa + SCRATCH);
    if (run_stub(cpu, STUB_SAVEVR) != 0)
        return -1;
    const uint8_t *s = cpu->page + SCRATCH;
    for (int n = 0; n < 32; n++)
        for (int k = 0; k < 4; k++)
            vr[n][k] = be32_load(s + 16 * n + 4 * k);
    *vscr = be32_load(s + 512 + 12);
    return 0;
}

int ppc_cpu_get_vscr(ppc_cpu_t *cpu, uint32_t *vscr)
{
    reg_set(cpu, UC_PPC_REG_3, cpu->page_pa + SCRATCH);
    if (run_stub(cpu, STUB_GETVSCR) != 0)
        return -1;
    *vscr = be32_load(cpu->page + SCRATCH + 16 + 12);
    return 0;
}

int ppc_cpu_set_vscr(ppc_cpu_t *cpu, uint32_t vscr)
{
    const uint32_t v[4] = {0, 0, 0, vscr};
    put_words(cpu->page + SCRATCH + 16, v, 4);
    reg_set(cpu, UC_PPC_REG_3, cpu->page_pa + SCRATCH);
    return run_stub(cpu, STUB_SETVSCR);
}

int ppc_cpu_set_vrs(ppc_cpu_t *cpu, const uint32_t vr[32][4], uint32_t vscr)
{
    uint8_t *s = cpu->page + SCRATCH;
    for (int n = 0; n < 32; n++)
        put_words(s + 16 * n, vr[n], 4);
    const uint32_t v[4] = {0, 0, 0, vscr};
    put_words(s + 512, v, 4);
    reg_set(cpu, UC_PPC_REG_3, cpu->page_pa + SCRATCH);
    return run_stub(cpu, STUB_LOADVR);
}
