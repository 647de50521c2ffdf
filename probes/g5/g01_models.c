/* g01: which CPU does uc_open(PPC64) + uc_ctl_set_cpu_model(UC_CPU_PPC64_*) really give?
 * For every PPC64 model value and for the default: set rc, default MSR, the PVR the CPU reports
 * (mfspr PVR in supervisor real mode), and whether 64-bit instructions (std/ld/rldicl) exist. */
#include "g5.h"

static const struct { const char *name; uint32_t pvr; } want[] = {
    {"E5500", 0x80240020}, {"E6500", 0x80400020}, {"970_V2_2", 0x00390202}, {"970FX_V1_0", 0x00391100},
    {"970FX_V2_0", 0x003C0200}, {"970FX_V2_1", 0x003C0201}, {"970FX_V3_0", 0x003C0300}, {"970FX_V3_1", 0x003C0301},
    {"970MP_V1_0", 0x00440100}, {"970MP_V1_1", 0x00440101}, {"POWER5_V2_1", 0x003B0201}, {"POWER7_V2_3", 0x003F0203},
    {"POWER7_V2_1", 0x004A0201}, {"POWER8E_V2_1", 0x004B0201}, {"POWER8_V2_0", 0x004D0200},
    {"POWER8NVL_V1_0", 0x004C0100}, {"POWER9_V1_0", 0x004E0100}, {"POWER9_V2_0", 0x004E1200},
    {"POWER10_V1_0", 0x00800100},
};

int main(void) {
    printf("UC_CPU_PPC64_970_V2_2=%d UC_CPU_PPC64_ENDING=%d UC_CPU_PPC32_7457A_V1_2=%d\n", UC_CPU_PPC64_970_V2_2,
           UC_CPU_PPC64_ENDING, UC_CPU_PPC32_7457A_V1_2);
    for (int m = -1; m < UC_CPU_PPC64_ENDING; m++) {
        g5_t *g = g5_open(m, false);
        int got = -1;
        uc_ctl_get_cpu_model(g->uc, &got);
        uint64_t msr0 = rreg(g, UC_PPC_REG_MSR);
        /* mfpvr r3 ; mfmsr r4 ; sc */
        uint32_t c1[] = {MFSPR(3, SPR_PVR), MFMSR(4), SC};
        put_phys(g, 0x10000, c1, 3);
        wreg(g, GPR(3), 0xdead);
        g->intno = -1;
        uc_err e = uc_emu_start(g->uc, 0x10000, 0, 0, 0);   /* MSR as reset */
        int int1 = g->intno; uint64_t pc1 = g->intr_pc, pvr = rreg(g, GPR(3)), msr = rreg(g, GPR(4));
        /* 64-bit code: li r5,-1 ; rldicl r5,r5,0,32 (clrldi) ; std r5,0(r6) ; ld r7,0(r6) ; sc */
        uint32_t c2[] = {LI(5, -1), RLDICL(5, 5, 0, 32), STD(5, 0, 6), LD(7, 0, 6), SC};
        put_phys(g, 0x11000, c2, 5);
        wreg(g, GPR(6), 0x20000); wreg(g, GPR(7), 0x7777);
        g->intno = -1;
        uc_err e2 = uc_emu_start(g->uc, 0x11000, 0, 0, 0);
        printf("model %3d %-15s set->get %3d  MSR(reset)=%016" PRIx64 "  run1 rc=%d intno=%d pc=%" PRIx64
               " PVR=%08" PRIx64 " mfmsr=%016" PRIx64 "  run2(64-bit insns) rc=%d intno=%d pc=%" PRIx64 " r5=%016" PRIx64
               " r7=%016" PRIx64 "\n",
               m, m < 0 ? "(default)" : want[m].name, got, msr0, e, int1, pc1, int1 == 8 ? pvr : 0, int1 == 8 ? msr : 0,
               e2, g->intno, g->intr_pc, rreg(g, GPR(5)), rreg(g, GPR(7)));
        char nm[64];
        if (m >= UC_CPU_PPC64_970_V2_2 && m <= UC_CPU_PPC64_970MP_V1_1) {
            snprintf(nm, sizeof nm, "%s: PVR", want[m].name);
            CHECK(nm, want[m].pvr, int1 == 8 ? pvr : 0);
            snprintf(nm, sizeof nm, "%s: std/ld run (ld result)", want[m].name);
            CHECK(nm, 0x00000000ffffffffull, g->intno == 8 ? rreg(g, GPR(7)) : 0x7777);
            snprintf(nm, sizeof nm, "%s: reset MSR has SF (and HV)", want[m].name);
            CHECK(nm, MSR_SF | MSR_HV, msr0 & (MSR_SF | MSR_HV));
        }
        if (m < 0) {
            CHECK("default: first instruction runs (intno 8 = sc)", 8, int1);
            CHECK("default: reset MSR SF|HV", MSR_SF | MSR_HV, msr0 & (MSR_SF | MSR_HV));
        }
        uc_close(g->uc);
    }
    return summary("g01_models");
}
