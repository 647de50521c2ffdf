/* g07: the stop/preemption mechanism the library relies on (flag + UC_HOOK_BLOCK -> uc_emu_stop,
 * resumable at the PC) on the 64-bit CPU with the virtual TLB, and guest speed compared with
 * the G4 engine (PPC32, MPC7400).  CPU: G5_MODEL env or the PPC64 default. */
#include "g5.h"
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

static _Atomic int stop_flag;
static void on_block(uc_engine *uc, uint64_t addr, uint32_t size, void *ud) {
    if (atomic_load_explicit(&stop_flag, memory_order_relaxed)) uc_emu_stop(uc);
}
struct stopper { int delay_us; double t_set; };
static void *stopper_thread(void *p) {
    struct stopper *s = p;
    usleep(s->delay_us);
    s->t_set = now_s();
    atomic_store(&stop_flag, 1);
    return NULL;
}

/* loop: addi r3,r3,1 ; std r3,0(r4) ; addi r5,r5,1 ; b loop  -- consistent iff r3 == r5 == mem */
static void stop_test(g5_t *g, bool is64, uint64_t code_va, uint64_t data_va, uint8_t *data_host) {
    uint32_t w[] = {ADDI(3, 3, 1), is64 ? STD(3, 0, 4) : STW(3, 0, 4), ADDI(5, 5, 1), B(-12)};
    (void)w;
    int bad = 0, trials = 50;
    double lat[50];
    wreg(g, GPR(3), 0); wreg(g, GPR(5), 0); wreg(g, GPR(4), data_va);
    uint64_t pc = code_va;
    for (int t = 0; t < trials; t++) {
        atomic_store(&stop_flag, 0);
        struct stopper s = {200 + (t * 37) % 300, 0};
        pthread_t th;
        pthread_create(&th, NULL, stopper_thread, &s);
        g->intno = -1;
        uc_err e = uc_emu_start(g->uc, pc, 0, 0, 0);
        double t_end = now_s();
        pthread_join(th, NULL);
        lat[t] = (t_end - s.t_set) * 1e6;
        pc = rreg(g, UC_PPC_REG_PC);
        uint64_t r3 = rreg(g, GPR(3)), r5 = rreg(g, GPR(5));
        uint64_t mem = is64 ? rd64be(data_host) : rd32be(data_host);
        if (e != UC_ERR_OK || r3 != r5 || (r3 && mem != r3) || pc != code_va) bad++;
    }
    for (int i = 1; i < trials; i++)   /* sort latencies */
        for (int j = i; j > 0 && lat[j] < lat[j - 1]; j--) { double x = lat[j]; lat[j] = lat[j - 1]; lat[j - 1] = x; }
    printf("     %s: %d/%d stops inconsistent; stop latency median %.1f us (max %.1f); iterations %" PRIu64 "\n",
           is64 ? "G5" : "G4", bad, trials, lat[trials / 2], lat[trials - 1], rreg(g, GPR(3)));
    CHECK(is64 ? "G5 flag+block-hook stops consistent (bad stops)" : "G4 flag+block-hook stops consistent (bad stops)", 0, bad);
}

/* time one run of the given loop, in guest instructions per second */
static double timed(g5_t *g, uint64_t pc, uint64_t msr, uint64_t insns) {
    wreg(g, UC_PPC_REG_MSR, msr);
    double best = 1e9;
    for (int rep = 0; rep < 3; rep++) {
        wreg(g, GPR(3), 0);
        g->intno = -1;
        double t0 = now_s();
        uc_emu_start(g->uc, pc, 0, 0, 0);
        double t = now_s() - t0;
        if (g->intno != 8) printf("     (loop did not end in sc: intno %d)\n", g->intno);
        if (t < best) best = t;
    }
    return insns / best / 1e6;
}

int main(void) {
    const char *env = getenv("G5_MODEL");
    int model = env ? atoi(env) : -1;
    /* G5 engine: PPC64, virtual TLB, problem state, 64-bit mode, code above 4 GiB */
    g5_t *g5 = g5_open(model, true);
    g5_map(g5, 0x100100000ull, 0x100000, 0x100000, UC_PROT_ALL);
    g5_map(g5, 0x200000000ull, 0x200000, 0x1000000, UC_PROT_READ | UC_PROT_WRITE);
    uc_hook hb;
    CHK(uc_hook_add(g5->uc, &hb, UC_HOOK_BLOCK, on_block, NULL, 1, 0));
    g5->stop_on_intr = true;
    /* G4 engine: PPC32 MPC7400 as the library uses it (real mode here: same speed as its HTAB mode) */
    g5_t *g4 = g5_open_mode(UC_MODE_PPC32, UC_CPU_PPC32_7400_V2_9, false);
    CHK(uc_hook_add(g4->uc, &hb, UC_HOOK_BLOCK, on_block, NULL, 1, 0));
    const uint64_t M64 = MSR_SF | MSR_USER, M4 = MSR_FP | MSR_VEC;   /* G4: supervisor real mode */

    /* ---- 1. stop mechanics ---- */
    {
        uint32_t w5[] = {ADDI(3, 3, 1), STD(3, 0, 4), ADDI(5, 5, 1), B(-12)};
        put_phys(g5, 0x100000, w5, 4);
        wreg(g5, UC_PPC_REG_MSR, M64);
        stop_test(g5, true, 0x100100000ull, 0x200000000ull, g5->phys + 0x200000);
        uint32_t w4[] = {ADDI(3, 3, 1), STW(3, 0, 4), ADDI(5, 5, 1), B(-12)};
        put_phys(g4, 0x100000, w4, 4);
        wreg(g4, UC_PPC_REG_MSR, M4);
        stop_test(g4, false, 0x100000, 0x200000, g4->phys + 0x200000);
        atomic_store(&stop_flag, 0);
    }

    /* ---- 2. speed ---- */
    const int N1 = 100000000, N2 = 10000000, N3 = 10000000;
    /* L1: li r3,0 ; loop: addi r3,r3,1 ; cmpw r3,r6 ; bne loop ; sc     (3 insns/iter) */
    uint32_t l1[] = {LI(3, 0), ADDI(3, 3, 1), CMPW(0, 3, 6), BNE(-8), SC};
    /* L2: mtctr r6 ; loop: 8 x st r7,k(r4) ; bdnz loop ; sc            (9 insns/iter) */
    uint32_t l2_64[12], l2_32[12], l3_64[12], l3_32[12];
    l2_64[0] = l2_32[0] = l3_64[0] = l3_32[0] = MTCTR(6);
    for (int k = 0; k < 8; k++) {
        l2_64[1 + k] = STD(7, 8 * k, 4); l2_32[1 + k] = STW(7, 4 * k, 4);
        l3_64[1 + k] = LD(7, 8 * k, 4); l3_32[1 + k] = LWZ(7, 4 * k, 4);
    }
    l2_64[9] = l2_32[9] = l3_64[9] = l3_32[9] = BDNZ(-32);
    l2_64[10] = l2_32[10] = l3_64[10] = l3_32[10] = SC;
    struct { const char *name; uint32_t *w5, *w4; int n; uint64_t iters, per; } L[] = {
        {"L1 addi/cmpw/bne", l1, l1, 5, N1, 3},
        {"L2 8 x std|stw + bdnz", l2_64, l2_32, 11, N2, 9},
        {"L3 8 x ld|lwz + bdnz", l3_64, l3_32, 11, N3, 9},
    };
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++) {
        uint64_t off = 0x101000 + 0x100 * i;
        put_phys(g5, off, L[i].w5, L[i].n);
        put_phys(g4, off, L[i].w4, L[i].n);
        wreg(g5, GPR(6), L[i].iters); wreg(g4, GPR(6), L[i].iters);
        wreg(g5, GPR(4), 0x200000000ull); wreg(g4, GPR(4), 0x200000);
        double m5 = timed(g5, 0x100000000ull + off, M64, L[i].iters * L[i].per);
        double m4 = timed(g4, off, M4, L[i].iters * L[i].per);
        printf("     %-24s G4 (7400, PPC32) %7.0f MIPS   G5 (PPC64, vTLB, PR=1, SF=1) %7.0f MIPS   ratio %.2f\n",
               L[i].name, m4, m5, m5 / m4);
        char nm[96];
        snprintf(nm, sizeof nm, "%s: G5 at least half the G4 speed", L[i].name);
        CHECK(nm, 1, m5 >= 0.5 * m4);
    }
    /* sc exit + re-entry round trip */
    {
        uint32_t w[] = {SC};
        put_phys(g5, 0x102000, w, 1);
        put_phys(g4, 0x102000, w, 1);
        double r[2];
        g5_t *gs[2] = {g4, g5};
        uint64_t pcs[2] = {0x102000, 0x100102000ull}, msrs[2] = {M4, M64};
        for (int k = 0; k < 2; k++) {
            wreg(gs[k], UC_PPC_REG_MSR, msrs[k]);
            int n = 200000;
            double t0 = now_s();
            for (int i = 0; i < n; i++) uc_emu_start(gs[k]->uc, pcs[k], 0, 0, 0);
            r[k] = (now_s() - t0) / n * 1e9;
        }
        printf("     sc exit + uc_emu_start again: G4 %.0f ns, G5 %.0f ns\n", r[0], r[1]);
    }
    /* virtual TLB refill cost: touch 4096 distinct pages once per pass, flush between passes */
    {
        /* mtctr r6 ; loop: ld r7,0(r4) ; addi r4,r4,4096 ; bdnz loop ; sc */
        uint32_t w[] = {MTCTR(6), LD(7, 0, 4), ADDI(4, 4, 4096), BDNZ(-8), SC};
        put_phys(g5, 0x103000, w, 5);
        wreg(g5, UC_PPC_REG_MSR, M64);
        double best = 1e9; long nf0 = 0;
        for (int rep = 0; rep < 5; rep++) {
            CHK(uc_ctl_flush_tlb(g5->uc));
            wreg(g5, GPR(4), 0x200000000ull); wreg(g5, GPR(6), 4096);
            nf0 = g5->nfill;
            double t0 = now_s();
            uc_emu_start(g5->uc, 0x100103000ull, 0, 0, 0);
            double t = now_s() - t0;
            nf0 = g5->nfill - nf0;
            if (t < best) best = t;
        }
        printf("     vTLB: 4096 new pages touched: %ld fills, %.0f ns per page (fill hook + TLB refill)\n", nf0,
               best / 4096 * 1e9);
    }
    uc_close(g5->uc);
    uc_close(g4->uc);
    return summary("g07_stop_speed");
}
