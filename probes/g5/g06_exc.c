/* g06: exceptions in problem state, 64-bit mode: which intno, which PC in the hook, and which
 * instructions a 970 does not have (a guest that probes for them must get a program exception).
 * CPU: G5_MODEL env or the PPC64 default; virtual TLB. */
#include "g5.h"

static g5_t *g;
static uint64_t code_off;

/* run [insn] at a fresh VA above 4 GiB; report intno and PC (hook) relative to the insn */
static void exc(const char *name, uint64_t msr, uint32_t insn, int want_intno, int want_pc_off) {
    uint64_t pa = 0x100000 + code_off;
    code_off += 16;
    uint32_t w[] = {insn, SC};
    put_phys(g, pa, w, 2);
    uint64_t va = ((msr & MSR_SF) ? 0x100000000ull : 0) + pa;
    uc_err e = g5_run(g, va, msr);
    char nm[96];
    printf("     %-40s insn %08x: rc=%d intno=%d PC(hook)=insn%+lld\n", name, insn, e, g->intno,
           (long long)(g->intr_pc - va));
    snprintf(nm, sizeof nm, "%s: intno", name);
    CHECK(nm, want_intno, g->intno);
    snprintf(nm, sizeof nm, "%s: PC in hook - insn", name);
    CHECK(nm, want_pc_off, (int64_t)(g->intr_pc - va));
}

static const uint64_t M64 = MSR_SF | MSR_USER;

int main(void) {
    const char *env = getenv("G5_MODEL");
    int model = env ? atoi(env) : -1;
    g = g5_open(model, true);
    g5_map(g, 0x100100000ull, 0x100000, 0x100000, UC_PROT_ALL);
    g5_map(g, 0x100000, 0x100000, 0x100000, UC_PROT_ALL);
    g5_map(g, 0x200000000ull, 0x200000, 0x10000, UC_PROT_READ | UC_PROT_WRITE);
    wreg(g, GPR(4), 0x200000004ull); wreg(g, GPR(5), 0);
    /* expected: the 2.1.1 G4 numbers (unicorn-ppc-measurements.md) for the same events */
    /* write the data page once first: a first dcbz/stmw to a clean page above 4 GiB kills the
     * process on 2.1.1 (see g04) */
    exc("std (dirties the data page)", M64, STD(5, 4, 4), 8, 8);
    exc("sc (64-bit, above 4 GiB)", M64, SC, 8, 4);
    exc("sc (32-bit mode)", MSR_USER, SC, 8, 4);
    exc("illegal 0x00000000", M64, 0x00000000, 96, 4);
    exc("illegal 0xFEEDFACE", M64, 0xFEEDFACEu, 96, 4);
    exc("privileged mfmsr", M64, MFMSR(3), 6, 4);
    exc("privileged mtmsrd", M64, MTMSRD(3, 0), 6, 4);
    exc("privileged mfspr SRR0", M64, MFSPR(3, SPR_SRR0), 6, 4);
    exc("privileged mfspr PVR", M64, MFSPR(3, SPR_PVR), 6, 4);
    exc("privileged rfid", M64, RFID, 6, 4);
    exc("privileged slbmte", M64, SLBMTE(3, 4), 6, 4);
    exc("privileged tlbie", M64, TLBIE(4), 6, 4);
    exc("trap tw 31,0,0", M64, TW(31, 0, 0), 6, 4);
    exc("trap td 31,0,0", M64, TD(31, 0, 0), 6, 4);
    exc("trap tdi 31,r0,0", M64, TDI(31, 0, 0), 6, 4);
    exc("fadd with MSR[FP]=0", M64 & ~MSR_FP, FADD(1, 2, 3), 7, 4);
    exc("vaddubm with MSR[VEC]=0", M64 & ~MSR_VEC, VADDUBM(1, 2, 3), 73, 4);
    exc("ldarx misaligned (EA%8=4)", M64, LDARX(3, 0, 4), 5, 4);
    exc("lwarx misaligned (EA%4=2)", M64, (wreg(g, GPR(6), 0x200000002ull), LWARX(3, 0, 6)), 5, 4);
    /* instructions a 970 does not implement: must be illegal (program exception) on a G5 */
    exc("xxlor (VSX, not on 970)", M64, XXLOR(1, 2, 3), 96, 4);
    exc("popcntb (ISA 2.02, not on 970)", M64, POPCNTB(3, 4), 96, 4);
    exc("cmpb (ISA 2.05, not on 970)", M64, CMPB(3, 4, 5), 96, 4);
    exc("popcntd (ISA 2.06, not on 970)", M64, POPCNTD(3, 4), 96, 4);
    exc("isel (not on 970)", M64, ISEL(3, 4, 5, 2), 96, 4);
    /* instructions a 970 does implement, used by Mac OS X code: must run */
    exc("dst (AltiVec data stream touch)", M64, DST(4, 5, 0), 8, 8);
    exc("dssall", M64, DSSALL, 8, 8);
    exc("dcbt", M64, DCBT(0, 4), 8, 8);
    exc("mftb", M64, MFTB(3), 8, 8);
    exc("dcbzl (970: 128-byte dcbz)", M64, DCBZL(0, 4), 8, 8);
    exc("lmw (64-bit mode)", M64, LMW(28, 0, 4), 8, 8);
    exc("stmw (64-bit mode)", M64, STMW(28, 0, 4), 8, 8);
    /* trace */
    {
        uint64_t pa = 0x100000 + code_off; code_off += 16;
        uint32_t w[] = {ADDI(3, 3, 1), ADDI(3, 3, 1), SC};
        put_phys(g, pa, w, 3);
        uc_err e = g5_run(g, 0x100000000ull + pa, M64 | MSR_SE);
        printf("     MSR[SE] trace: rc=%d intno=%d PC(hook)=insn%+lld\n", e, g->intno, (long long)(g->intr_pc - 0x100000000ull - pa));
        CHECK("trace (MSR[SE]) after 1st insn: intno", 68, g->intno);
        CHECK("trace: PC in hook - insn (G4: next + 4)", 8, g->intr_pc - 0x100000000ull - pa);
    }
    uc_close(g->uc);
    return summary("g06_exc");
}
