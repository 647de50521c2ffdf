/* g04: 64-bit loads and stores in problem state, EAs above 4 GiB, misaligned accesses, 32-bit
 * mode address wrap, and fault precision with Unicorn's virtual TLB (the only translation
 * that runs on 2.1.1's 64-bit CPU, see g02).  CPU: G5_MODEL env or the PPC64 default. */
#include "g5.h"
#include <sys/wait.h>
#include <unistd.h>

static g5_t *g;
static uint64_t code_off;

static uint64_t place(uint64_t msr, const uint32_t *w, size_t n) {
    uint64_t pa = 0x100000 + code_off;
    code_off += (4 * n + 15) & ~15ull;
    put_phys(g, pa, w, n);
    return (msr & MSR_SF) ? 0x100000000ull + pa : pa;
}
static bool run_snip(uint64_t msr, const uint32_t *w, size_t n, const char *what) {
    uint64_t va = place(msr, w, n);
    uc_err e = g5_run(g, va, msr);
    bool ok = e == UC_ERR_OK && g->intno == 8 && g->intr_pc == va + 4 * n;
    if (!ok) {
        n_fail++;
        printf("FAIL %-44s snippet did not complete: rc=%d intno=%d pc=%" PRIx64 " (end %" PRIx64 ") fill %" PRIx64 "/%d\n",
               what, e, g->intno, g->intr_pc, va + 4 * n, g->fill_va, g->fill_type);
    }
    return ok;
}
#define RUN(msr, what, ...) do { uint32_t c_[] = {__VA_ARGS__, SC}; run_snip(msr, c_, sizeof c_ / 4, what); } while (0)
#define SET(r, v) wreg(g, GPR(r), (uint64_t)(v))
#define R(r) rreg(g, GPR(r))


/* First store-type access to a fresh (never written) page, in a child process: Unicorn 2.1.1's
 * notdirty_write() (probe_access / atomic path) looks the page's region up by its *virtual*
 * address; a VA outside every Unicorn region gives a NULL region and a host SIGSEGV.
 * Returns 0 when the snippet completed, 1000+signal when the child died. */
static int fresh(int model, uint64_t dva, const uint32_t *w, size_t n) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        g5_t *c = g5_open(model, true);
        g5_map(c, 0x100000, 0x100000, 0x1000, UC_PROT_ALL);
        g5_map(c, dva & ~0xFFFull, 0x300000, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
        put_phys(c, 0x100000, w, n);
        wreg(c, GPR(4), dva); wreg(c, GPR(5), 0); wreg(c, GPR(28), 1); wreg(c, GPR(29), 2);
        wreg(c, GPR(30), 3); wreg(c, GPR(31), 4);
        g5_run(c, 0x100000, MSR_SF | MSR_USER);
        _exit(c->intno == 8 ? 0 : 100 + (c->intno & 0x7f));
    }
    int st = 0;
    waitpid(pid, &st, 0);
    if (WIFSIGNALED(st)) NOTE("child (engine) killed by signal %d (%s) at VA 0x%" PRIx64, WTERMSIG(st), strsignal(WTERMSIG(st)), dva);
    return WIFSIGNALED(st) ? 1000 + WTERMSIG(st) : WEXITSTATUS(st);
}

static const uint64_t M64 = MSR_SF | MSR_USER, M32 = MSR_USER;
#define DV   0x123456000ull   /* data VA above 4 GiB, two pages */
#define DPA  0x200000ull

int main(void) {
    const char *env = getenv("G5_MODEL");
    int model = env ? atoi(env) : -1;
    g = g5_open(model, true);
    g5_map(g, 0x100100000ull, 0x100000, 0x100000, UC_PROT_ALL);  /* code VA 4 GiB + 1 MiB */
    g5_map(g, 0x100000, 0x100000, 0x100000, UC_PROT_ALL);        /* same code, 32-bit VA */
    g5_map(g, DV, DPA, 0x2000, UC_PROT_READ | UC_PROT_WRITE);
    printf("CPU model %d\n", model);

    /* ---- basic 64-bit loads and stores at a VA above 4 GiB ---- */
    SET(4, DV); SET(5, 0x0123456789ABCDEFull);
    RUN(M64, "std/ld", STD(5, 0, 4), LD(6, 0, 4));
    CHECK("std/ld at VA 0x1_2345_6000", 0x0123456789ABCDEFull, R(6));
    CHECK("std stored big-endian at PA", 0x0123456789ABCDEFull, rd64be(g->phys + DPA));
    CHECK("fill hook saw the 64-bit VA", DV, g->fill_va);
    SET(4, DV); SET(5, 0x1111222233334444ull);
    RUN(M64, "stdu/ldu", STDU(5, 16, 4), MR(8, 4), LDU(6, 8, 4));
    CHECK("stdu updates RA", DV + 16, R(8));
    CHECK("ldu updates RA", DV + 24, R(4));
    CHECK("stdu/ldu value (ldu reads +8: zero)", 0, R(6));
    be32(g->phys + DPA + 0x40, 0x80000001);
    SET(4, DV); SET(9, 0x40);
    RUN(M64, "lwa", LWA(6, 0x40, 4), LWAX(7, 4, 9), LWZ(8, 0x40, 4));
    CHECK("lwa sign-extends", 0xFFFFFFFF80000001ull, R(6));
    CHECK("lwax sign-extends", 0xFFFFFFFF80000001ull, R(7));
    CHECK("lwz zero-extends", 0x80000001ull, R(8));
    SET(4, DV); SET(9, 0x100); SET(5, 0xCAFEBABEDEADBEEFull);
    RUN(M64, "ldx/stdx", STDX(5, 4, 9), LDX(6, 4, 9), LDUX(7, 4, 9));
    CHECK("stdx/ldx", 0xCAFEBABEDEADBEEFull, R(6));
    CHECK("ldux value", 0xCAFEBABEDEADBEEFull, R(7));
    CHECK("ldux updates RA", DV + 0x100, R(4));
    for (int i = 0; i < 16; i++) g->phys[DPA + 0x200 + i] = (uint8_t)(0x10 + i);
    SET(4, DV);
    RUN(M64, "misaligned ld", LD(6, 0x203 & ~3, 4), ADDI(9, 4, 0x203), LDX(7, 9, 0));
    CHECK("ld at +0x200", 0x1011121314151617ull, R(6));
    CHECK("ldx at +0x203 (misaligned)", 0x131415161718191Aull, R(7));
    for (int i = 0; i < 8; i++) g->phys[DPA + 0xFFC + i] = (uint8_t)(0xA0 + i);
    SET(9, DV + 0xFFC);
    RUN(M64, "ld across page", LDX(7, 9, 0));
    CHECK("ld crossing into the next (mapped) page", 0xA0A1A2A3A4A5A6A7ull, R(7));
    SET(4, DV + 0x300); SET(5, 77);
    RUN(M64, "ldarx/stdcx.", LI(0, 0), MTCRF(0xff, 0), LDARX(6, 0, 4), STDCX(5, 0, 4), MFCR(7), LD(8, 0, 4));
    CHECK("stdcx. succeeds (CR0 EQ)", 0x20000000, R(7));
    CHECK("stdcx. stored", 77, R(8));
    memset(g->phys + DPA + 0x400, 0xFF, 0x200);
    SET(4, DV + 0x480);
    RUN(M64, "dcbz", DCBZ(0, 4));
    {
        int lo = -1, hi = -1;
        for (int i = 0; i < 0x200; i++) if (!g->phys[DPA + 0x400 + i]) { if (lo < 0) lo = i; hi = i; }
        NOTE("dcbz at +0x480 cleared bytes +0x%x..+0x%x (%d bytes); a 970 line is 128 bytes; Mac OS X runs "
             "32-bit code with HID5 dcbz32 (32 bytes)", 0x400 + lo, 0x400 + hi, lo < 0 ? 0 : hi - lo + 1);
        CHECK("dcbz clears one 128-byte line (970)", 128, lo < 0 ? 0 : hi - lo + 1);
    }


    /* ---- first store to a fresh page by dcbz / stmw / stswi / stwcx. / stdcx. ---- */
    {
        static const struct { const char *name; uint32_t w[4]; int n; } ops[] = {
            {"dcbz", {DCBZ(0, 4), SC}, 2},
            {"stmw r28", {STMW(28, 0, 4), SC}, 2},
            {"stswi 8 bytes", {X_(28, 4, 8, 725, 0), SC}, 2},
            {"lwarx; stwcx.", {LWARX(3, 0, 4), STWCX(3, 0, 4), SC}, 3},
            {"ldarx; stdcx.", {LDARX(3, 0, 4), STDCX(3, 0, 4), SC}, 3},
            {"std; dcbz (page dirtied first)", {STD(5, 0, 4), DCBZ(0, 4), SC}, 3},
        };
        for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
            char nm[96];
            int r = fresh(model, 0x0000000400000100ull, ops[i].w, ops[i].n);
            snprintf(nm, sizeof nm, "%s, fresh page, VA 0x4_0000_0100 (0=ok, 1011=SIGSEGV)", ops[i].name);
            CHECK(nm, 0, r);
            r = fresh(model, 0x0000000003F00100ull, ops[i].w, ops[i].n);
            snprintf(nm, sizeof nm, "%s, fresh page, VA 0x3F0_0100 (inside a region)", ops[i].name);
            CHECK(nm, 0, r);
        }
    }

    /* ---- faults: precise PC, earlier instructions done, later not ---- */
    SET(4, 0x200000000ull); SET(6, 10); SET(7, 20); SET(3, 0x3333);
    {
        uint32_t c[] = {ADDI(6, 6, 1), LD(3, 0, 4), ADDI(7, 7, 1), SC};
        uint64_t va = place(M64, c, 4);
        long nf = g->nfill;
        uc_err e = g5_run(g, va, M64);
        uint64_t pc = rreg(g, UC_PPC_REG_PC);
        NOTE("ld from unmapped VA 0x2_0000_0000: rc=%d (%s) intno=%d PC=%" PRIx64 " fill va=%" PRIx64 " type=%d fills=%ld",
             e, uc_strerror(e), g->intno, pc, g->fill_va, g->fill_type, g->nfill - nf);
        CHECK("DSI: uc_emu_start rc = UC_ERR_EXCEPTION", UC_ERR_EXCEPTION, e);
        CHECK("DSI: no INTR hook call", (uint64_t)-1, (uint64_t)(int64_t)g->intno);
        CHECK("DSI: PC = the ld (precise)", va + 4, pc);
        CHECK("DSI: earlier addi done once", 11, R(6));
        CHECK("DSI: later addi not done", 20, R(7));
        CHECK("DSI: target register untouched", 0x3333, R(3));
        CHECK("DSI: fill hook got the page VA", 0x200000000ull, g->fill_va);
        CHECK("DSI: fill hook got type READ", UC_MEM_READ, g->fill_type);
        /* host maps the page and resumes at PC */
        g5_map(g, 0x200000000ull, 0x210000, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
        be64(g->phys + 0x210000, 0x5555666677778888ull);
        e = g5_run(g, pc, M64);
        CHECK("resume after mapping: completes", 8, g->intno);
        CHECK("resume: r3 loaded", 0x5555666677778888ull, R(3));
        CHECK("resume: r6 not incremented twice", 11, R(6));
        CHECK("resume: r7 incremented", 21, R(7));
    }
    {   /* store to a read-only page */
        g5_map(g, 0x220000000ull, 0x220000, 0x1000, UC_PROT_READ);
        be64(g->phys + 0x220000, 0x1234);
        SET(4, 0x220000008ull); SET(5, 0xFFFF); SET(6, 10);
        uint32_t c[] = {ADDI(6, 6, 1), LD(8, -8, 4), STD(5, 0, 4), ADDI(6, 6, 1), SC};
        uint64_t va = place(M64, c, 5);
        uc_err e = g5_run(g, va, M64);
        uint64_t pc = rreg(g, UC_PPC_REG_PC);
        CHECK("store to RO page: rc UC_ERR_EXCEPTION", UC_ERR_EXCEPTION, e);
        CHECK("store to RO page: PC = the std", va + 8, pc);
        CHECK("store to RO page: fill type WRITE", UC_MEM_WRITE, g->fill_type);
        CHECK("store to RO page: earlier load done", 0x1234, R(8));
        CHECK("store to RO page: memory unchanged", 0, rd64be(g->phys + 0x220008));
        CHECK("store to RO page: r6 = 11", 11, R(6));
    }
    {   /* misaligned ld crossing into an unmapped page: which address does the host see? */
        SET(9, DV + 0x1FFC); SET(7, 0x7777);
        uint32_t c[] = {LDX(7, 9, 0), SC};
        uint64_t va = place(M64, c, 2);
        uc_err e = g5_run(g, va, M64);
        NOTE("ld at DV+0x1FFC crossing into unmapped DV+0x2000: rc=%d PC=%" PRIx64 " fill va=%" PRIx64 " r7=%" PRIx64,
             e, rreg(g, UC_PPC_REG_PC), g->fill_va, R(7));
        CHECK("cross-page DSI: PC precise", va, rreg(g, UC_PPC_REG_PC));
        CHECK("cross-page DSI: fill saw the second page", DV + 0x2000, g->fill_va);
        CHECK("cross-page DSI: r7 untouched", 0x7777, R(7));
    }
    {   /* instruction fetch from an unmapped VA (ISI) */
        SET(6, 10);
        uc_err e = g5_run(g, 0x300000000ull, M64);
        CHECK("ISI: rc UC_ERR_EXCEPTION", UC_ERR_EXCEPTION, e);
        CHECK("ISI: PC = target", 0x300000000ull, rreg(g, UC_PPC_REG_PC));
        CHECK("ISI: fill type FETCH", UC_MEM_FETCH, g->fill_type);
        /* falling through from a mapped page into an unmapped one */
        g5_map(g, 0x310000000ull, 0x230000, 0x1000, UC_PROT_ALL);
        uint32_t c[] = {ADDI(6, 6, 1), ADDI(6, 6, 1)};
        put_phys(g, 0x230000 + 0xFF8, c, 2);
        e = g5_run(g, 0x310000FF8ull, M64);
        CHECK("ISI fall-through: PC = next page", 0x310001000ull, rreg(g, UC_PPC_REG_PC));
        CHECK("ISI fall-through: both addi done", 12, R(6));
    }
    {   /* the virtual TLB caches translations: an unmap needs uc_ctl_flush_tlb */
        SET(4, DV);
        uint32_t c[] = {LD(6, 0, 4), SC};
        uint64_t va = place(M64, c, 2);
        g5_run(g, va, M64);
        g5_unmap(g, DV);
        uc_err e = g5_run(g, va, M64);
        CHECK("after unmap, no flush: access still succeeds (stale)", 8, g->intno);
        double t0 = now_s();
        CHK(uc_ctl_flush_tlb(g->uc));
        double t1 = now_s();
        e = g5_run(g, va, M64);
        CHECK("after uc_ctl_flush_tlb: DSI", UC_ERR_EXCEPTION, e);
        NOTE("uc_ctl_flush_tlb took %.1f us", (t1 - t0) * 1e6);
        g5_map(g, DV, DPA, 0x2000, UC_PROT_READ | UC_PROT_WRITE);
        CHK(uc_ctl_flush_tlb(g->uc));
    }

    /* ---- 32-bit mode: EAs are truncated to 32 bits ---- */
    g5_map(g, 0x20000, 0x240000, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
    be64(g->phys + 0x240000, 0x0102030405060708ull);
    SET(4, 0xABCD000000020000ull);
    RUN(M32, "ld SF=0 high EA bits", LD(6, 0, 4));
    CHECK("SF=0: ld EA uses low 32 bits (value)", 0x0102030405060708ull, R(6));
    CHECK("SF=0: fill VA < 4 GiB", 0x20000, g->fill_va);
    g5_map(g, 0, 0x250000, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
    be32(g->phys + 0x250004, 0xFEEDF00D);
    SET(4, 0xFFFFFFFCull);
    RUN(M32, "lwz wrap SF=0", LWZ(6, 8, 4));
    CHECK("SF=0: EA 0xFFFFFFFC+8 wraps to 4", 0xFEEDF00D, R(6));
    g5_map(g, 0xFFFFF000ull, 0x260000, 0x1000, UC_PROT_ALL);
    g5_map(g, 0, 0x250000, 0x1000, UC_PROT_ALL);
    CHK(uc_ctl_flush_tlb(g->uc));
    {
        uint32_t a[] = {LI(6, 1), ADDI(6, 6, 1)}, b[] = {SC};
        put_phys(g, 0x260000 + 0xFF8, a, 2);
        put_phys(g, 0x250000, b, 1);
        uc_err e = g5_run(g, 0xFFFFFFF8ull, M32);
        NOTE("fetch wrap SF=0: rc=%d intno=%d PC(hook)=%" PRIx64, e, g->intno, g->intr_pc);
        CHECK("SF=0: fetch wraps 0xFFFFFFFC -> 0 (sc at 0; hook PC 4)", 4, g->intr_pc);
        CHECK("SF=0: both addi before the wrap done", 2, R(6));
    }
    uc_close(g->uc);
    return summary("g04_ldst");
}
