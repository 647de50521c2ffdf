/* g08: the 970's own MMU as the library would use it for a G5 (the G4 design: emulated hashed
 * page table, guest in problem state with IR|DR, precise DSI/ISI with DAR/DSISR, R/C bits):
 * SLB entries by slbmte from a supervisor real-mode stub, a 64-bit HTAB via SDR1, 16-byte PTEs.
 * CPU: G5_MODEL env, default UC_CPU_PPC64_970_V2_2.  On the installed 2.1.1 that number selects
 * a PPC 401 (g01), so the stub fails at slbmte; run against the patched build (Makefile `fixed`)
 * to see what a 970 would do. */
#include "g5.h"

static g5_t *g;
#define HTAB_PA  0x400000ull       /* 256 KiB aligned: HTABSIZE 0 = 2048 PTEGs x 128 bytes */
#define HTAB_MASK 0x7FFull
#define STUB_PA  0x10000ull
#define DATA_PA  0x200000ull
#define CODE_PA  0x100000ull

static uint64_t vsid_of(uint64_t ea) { return 0x1000 + (ea >> 28); }   /* one VSID per segment */
static uint8_t *pte_slot(uint64_t ea, int secondary) {
    uint64_t epn = ea & 0x0FFFF000ull;
    uint64_t hash = vsid_of(ea) ^ (epn >> 12);
    if (secondary) hash = ~hash;
    return g->phys + HTAB_PA + (hash & HTAB_MASK) * 128;
}
static void set_pte(uint64_t ea, uint64_t pa, unsigned pp) {
    uint8_t *p = pte_slot(ea, 0);
    uint64_t epn = ea & 0x0FFFF000ull;
    be64(p, vsid_of(ea) << 12 | ((epn >> 16) & ~0x7Full) | 1);   /* AVPN | V */
    be64(p + 8, (pa & ~0xFFFull) | 0x10 | pp);                     /* RPN | M | PP */
}
static uint64_t pte_w1(uint64_t ea) { return rd64be(pte_slot(ea, 0) + 8); }

/* supervisor real-mode stub at STUB_PA, ends in sc */
static uc_err stub(const uint32_t *w, int n, const char *what) {
    uint64_t msr = rreg(g, UC_PPC_REG_MSR);
    put_phys(g, STUB_PA, w, n);
    wreg(g, UC_PPC_REG_MSR, MSR_SF | MSR_FP | MSR_VEC);
    /* the code cache is looked up through the current translation: real mode first */
    uc_ctl_remove_cache(g->uc, STUB_PA, STUB_PA + 4 * n);
    g->intno = -1;
    uc_err e = uc_emu_start(g->uc, STUB_PA, 0, 0, 0);
    bool ok = e == UC_ERR_OK && g->intno == 8 && g->intr_pc == STUB_PA + 4 * n;
    if (!ok) printf("     stub %s: rc=%d intno=%d PC=%" PRIx64 " (end %" PRIx64 ")\n", what, e, g->intno, g->intr_pc, (uint64_t)(STUB_PA + 4 * n));
    wreg(g, UC_PPC_REG_MSR, msr);
    return ok ? UC_ERR_OK : UC_ERR_EXCEPTION;
}
static void dar_dsisr(uint64_t *dar, uint64_t *dsisr) {
    uint32_t w[] = {MFSPR(20, SPR_DAR), MFSPR(21, SPR_DSISR), SC};
    stub(w, 3, "mfspr DAR/DSISR");
    *dar = rreg(g, GPR(20)); *dsisr = rreg(g, GPR(21));
}
static void flush(void) {
    uint32_t w[] = {PTESYNC, TLBIE(0), X_(0, 0, 0, 566, 0) /* tlbsync */, PTESYNC, SC};
    stub(w, 5, "tlbie");
}

static const uint64_t MU = MSR_SF | MSR_USER;

int main(void) {
    const char *env = getenv("G5_MODEL");
    int model = env ? atoi(env) : UC_CPU_PPC64_970_V2_2;
    g = g5_open(model, false);
    printf("CPU model %d, reset MSR %016" PRIx64 "\n", model, rreg(g, UC_PPC_REG_MSR));
    {   /* which CPU is it */
        uint32_t w[] = {MFSPR(3, SPR_PVR), SC};
        stub(w, 2, "mfpvr");
        NOTE("PVR %08" PRIx64 " (970 v2.2 = 00390202)", rreg(g, GPR(3)));
    }
    /* ---- MMU set-up stub: SDR1, slbia, 4 SLB entries ---- */
    uint64_t segs[] = {0x100000000ull, 0x120000000ull, 0x200000000ull, 0x0ull};
    uint32_t w[64]; int n = 0;
    w[n++] = MTSPR(SPR_SDR1, 3);
    w[n++] = SLBIA;
    for (int i = 0; i < 4; i++) {
        wreg(g, GPR(4 + 2 * i), vsid_of(segs[i]) << 12 | 0x400 /* Kp */);
        wreg(g, GPR(5 + 2 * i), (segs[i] & ~0x0FFFFFFFull) | 0x08000000 /* V */ | (uint64_t)(i + 1));
        w[n++] = SLBMTE(4 + 2 * i, 5 + 2 * i);
    }
    wreg(g, GPR(20), 0x120000000ull | 0x08000000 | 2);
    w[n++] = SLBMFEE(21, 20);
    w[n++] = SLBMFEV(22, 20);
    w[n++] = ISYNC;
    w[n++] = SC;
    wreg(g, GPR(3), HTAB_PA);
    uc_err e = stub(w, n, "SDR1/slbmte");
    CHECK("stub: mtspr SDR1, slbia, slbmte x4 run", UC_ERR_OK, e);
    if (e != UC_ERR_OK) { NOTE("no usable 970 MMU on this engine: stopping"); uc_close(g->uc); return summary("g08_970mmu"); }
    CHECK("slbmfee of entry 2 (ESID|V)", 0x120000000ull | 0x08000000, rreg(g, GPR(21)));
    CHECK("slbmfev of entry 2 (VSID|Kp)", vsid_of(0x120000000ull) << 12 | 0x400, rreg(g, GPR(22)));

    /* ---- PTEs: code VA 0x1_0010_0000 -> CODE_PA (RO for user), data VA 0x1_2345_6000 -> DATA_PA (RW) ---- */
    for (int i = 0; i < 4; i++) set_pte(0x100100000ull + 0x1000 * i, CODE_PA + 0x1000 * i, 3);
    set_pte(0x123456000ull, DATA_PA, 2);
    set_pte(0x123457000ull, DATA_PA + 0x1000, 3);             /* read-only page */
    set_pte(0x0000000000010000ull, 0x300000, 2);              /* low segment, for 32-bit mode */
    flush();

    /* 1. user-mode 64-bit code at VA above 4 GiB, ld/std above 4 GiB */
    uint32_t c1[] = {ADDI(6, 6, 1), STD(5, 0, 4), LD(7, 0, 4), LI(0, 0), MTXER(0), ADDIC(8, 5, 1), MFXER(9), SC};
    put_phys(g, CODE_PA, c1, 8);
    wreg(g, GPR(4), 0x123456008ull); wreg(g, GPR(5), 0xFFFFFFFFFFFFFFFFull); wreg(g, GPR(6), 0);
    e = g5_run(g, 0x100100000ull, MU);
    CHECK("PR=1 IR|DR 64-bit: code at VA 0x1_0010_0000 runs to sc", 8, g->intno);
    CHECK("  sc PC in hook (64-bit)", 0x100100000ull + 32, g->intr_pc);
    CHECK("  std/ld through HTAB", 0xFFFFFFFFFFFFFFFFull, rreg(g, GPR(7)));
    CHECK("  stored at the PTE's PA", 0xFFFFFFFFFFFFFFFFull, rd64be(g->phys + DATA_PA + 8));
    CHECK("  XER after addic -1+1 (970: CA only)", 0x20000000, rreg(g, GPR(9)));
    CHECK("  data PTE R|C set", 0x180, pte_w1(0x123456000ull) & 0x180);
    CHECK("  code PTE R set, C clear", 0x100, pte_w1(0x100100000ull) & 0x180);
    /* where did the R bit go?  dump the byte after each of those PTEs (next slot, dword0 MSB) */
    NOTE("byte after data PTE (next slot byte 0) = %02x, after code PTE = %02x (R update lands at ptex*16+16)",
         pte_slot(0x123456000ull, 0)[16], pte_slot(0x100100000ull, 0)[16]);
    CHECK("  next slot's dword0 not written by the R update", 0, pte_slot(0x123456000ull, 0)[16]);

    /* 2. DSI: no PTE (SLB entry present) */
    uint32_t c2[] = {ADDI(6, 6, 1), LD(3, 0x18, 4), ADDI(7, 7, 1), SC};
    put_phys(g, CODE_PA + 0x100, c2, 4);
    wreg(g, GPR(4), 0x200000000ull); wreg(g, GPR(6), 10); wreg(g, GPR(7), 20); wreg(g, GPR(3), 0x3333);
    e = g5_run(g, 0x100100100ull, MU);
    uint64_t dar, dsisr;
    uint64_t pc = g->intr_pc; int ino = g->intno;
    uint64_t r6 = rreg(g, GPR(6)), r7 = rreg(g, GPR(7)), r3 = rreg(g, GPR(3));
    dar_dsisr(&dar, &dsisr);
    CHECK("DSI (no PTE): intno 2", 2, ino);
    CHECK("  PC in hook = ld + 4", 0x100100104ull + 4, pc);
    CHECK("  earlier addi done, later not, RT kept", 0x0b14003333ull, r6 << 32 | r7 << 24 | r3);
    CHECK("  DAR = exact 64-bit EA", 0x200000018ull, dar);
    CHECK("  DSISR = not found", 0x40000000, dsisr);
    /* host maps it, restarts at the ld */
    set_pte(0x200000000ull, DATA_PA + 0x2000, 2);
    be64(g->phys + DATA_PA + 0x2018, 0x0123456789ABCDEFull);
    e = g5_run(g, 0x100100104ull, MU);
    CHECK("  restart after PTE insert: r3", 0x0123456789ABCDEFull, rreg(g, GPR(3)));
    CHECK("  restart: r6 once, r7 done", 0x0b15, rreg(g, GPR(6)) << 8 | rreg(g, GPR(7)));

    /* 3. DSI: store to a read-only page (PP=3, key 1) */
    uint32_t c3[] = {LD(8, 0, 4), STD(5, 8, 4), SC};
    put_phys(g, CODE_PA + 0x200, c3, 3);
    wreg(g, GPR(4), 0x123457000ull);
    e = g5_run(g, 0x100100200ull, MU);
    pc = g->intr_pc; ino = g->intno;
    dar_dsisr(&dar, &dsisr);
    CHECK("DSI (store to PP=3): intno 2", 2, ino);
    CHECK("  PC in hook = std + 4", 0x100100208ull, pc);
    CHECK("  DAR", 0x123457008ull, dar);
    CHECK("  DSISR = protection | store", 0x0A000000, dsisr);

    /* 4. ISI: fetch from a page without PTE */
    e = g5_run(g, 0x200005000ull, MU);
    CHECK("ISI (no PTE): intno 3", 3, g->intno);
    CHECK("  PC in hook = target + 4", 0x200005004ull, g->intr_pc);

    /* 5. segment faults: no SLB entry */
    uint32_t c5[] = {LD(3, 0, 4), SC};
    put_phys(g, CODE_PA + 0x300, c5, 2);
    wreg(g, GPR(4), 0x300000040ull);
    e = g5_run(g, 0x100100300ull, MU);
    pc = g->intr_pc; ino = g->intno;
    dar_dsisr(&dar, &dsisr);
    CHECK("data segment fault: intno 65 (DSEG)", 65, ino);
    CHECK("  PC in hook = ld + 4", 0x100100304ull, pc);
    CHECK("  DAR", 0x300000040ull, dar);
    e = g5_run(g, 0x400000000ull, MU);
    CHECK("instruction segment fault: intno 66 (ISEG)", 66, g->intno);

    /* 6. 32-bit mode guest with translation (ESID 0) */
    uint32_t c6[] = {LIS(3, 1), ORI(3, 3, 0x800), LI(4, 1), STW(4, 0, 3), LWZ(5, 0, 3), SC};
    put_phys(g, 0x300000, c6, 6);
    wreg(g, GPR(5), 0);
    e = g5_run(g, 0x10000, MSR_USER);
    CHECK("SF=0, PR=1, IR|DR: code at VA 0x10000 runs", 8, g->intno);
    CHECK("  stw/lwz at VA 0x10800", 1, rreg(g, GPR(5)));

    /* 7. dcbz / stmw as first write to a clean page above 4 GiB under the emulated MMU */
    {
        set_pte(0x123458000ull, DATA_PA + 0x3000, 2);
        flush();
        uint32_t c7[] = {DCBZ(0, 4), STMW(28, 0x80, 4), SC};
        put_phys(g, CODE_PA + 0x400, c7, 3);
        wreg(g, GPR(4), 0x123458000ull);
        fflush(stdout);
        e = g5_run(g, 0x100100400ull, MU);
        CHECK("dcbz + stmw, first writes to a page above 4 GiB: completes", 8, g->intno);
    }
    /* 8. speed under the emulated MMU (compare g07: G4 and virtual-TLB numbers) */
    {
        uint32_t l1[] = {LI(3, 0), ADDI(3, 3, 1), CMPW(0, 3, 6), BNE(-8), SC};
        uint32_t l2[11], l3[11];
        l2[0] = l3[0] = MTCTR(6);
        for (int k = 0; k < 8; k++) { l2[1 + k] = STD(7, 8 * k, 4); l3[1 + k] = LD(7, 8 * k, 4); }
        l2[9] = l3[9] = BDNZ(-32); l2[10] = l3[10] = SC;
        put_phys(g, CODE_PA + 0x1000, l1, 5);
        put_phys(g, CODE_PA + 0x1100, l2, 11);
        put_phys(g, CODE_PA + 0x1200, l3, 11);
        struct { const char *nm; uint64_t va, iters, per; } L[] = {
            {"L1 addi/cmpw/bne", 0x100101000ull, 100000000, 3},
            {"L2 8 x std + bdnz", 0x100101100ull, 10000000, 9},
            {"L3 8 x ld + bdnz", 0x100101200ull, 10000000, 9}};
        for (int i = 0; i < 3; i++) {
            double best = 1e9;
            for (int rep = 0; rep < 3; rep++) {
                wreg(g, GPR(6), L[i].iters); wreg(g, GPR(4), 0x123456000ull);
                double t0 = now_s();
                g5_run(g, L[i].va, MU);
                double t = now_s() - t0;
                if (t < best) best = t;
            }
            printf("     %-20s 970, HTAB MMU, PR=1, SF=1: %.0f MIPS (intno %d)\n", L[i].nm, L[i].iters * L[i].per / best / 1e6, g->intno);
        }
    }
    uc_close(g->uc);
    return summary("g08_970mmu");
}
