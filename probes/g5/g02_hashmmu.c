/* g02: can the default PPC64 CPU (the only 64-bit CPU 2.1.1 gives, see g01) run anything with
 * Unicorn's emulated MMU (translation off or on)?  A VMM needs: supervisor real-mode stubs
 * (to set SLB/SDR1 or LPCR/PTCR) and guests in problem state with IR/DR on. */
#include "g5.h"

static void one(const char *what, uint64_t msr_in, int expect_intno) {
    g5_t *g = g5_open(-1, false);
    uint32_t c[] = {LI(3, 42), SC};
    put_phys(g, 0x10000, c, 2);
    wreg(g, GPR(3), 0);
    uint64_t reset = rreg(g, UC_PPC_REG_MSR);
    uc_err e = g5_run(g, 0x10000, msr_in);
    uint64_t msr = rreg(g, UC_PPC_REG_MSR);
    printf("%-52s reset MSR %016" PRIx64 "  wrote %016" PRIx64 " read %016" PRIx64 "  rc=%d intno=%d PC(hook)=%" PRIx64 " r3=%" PRIu64 "\n",
           what, reset, msr_in, msr, e, g->intno, g->intr_pc, rreg(g, GPR(3)));
    char nm[96];
    snprintf(nm, sizeof nm, "%s: intno (8 = li;sc ran)", what);
    CHECK(nm, expect_intno, g->intno);
    uc_close(g->uc);
}

int main(void) {
    /* 1. real mode, supervisor, as reset (SF only: HV is dropped at reset) */
    one("real mode, supervisor, MSR=SF", MSR_SF, 8);
    /* 2. try to set HV through the API (uc_ppc_store_msr never alters HV) */
    one("real mode, supervisor, MSR=SF|HV (HV via API)", MSR_SF | MSR_HV, 8);
    /* 3. 32-bit real mode */
    one("real mode, supervisor, MSR=0 (32-bit)", 0, 8);
    /* 4. translation on, supervisor: the SLB is empty (only a real-mode stub could fill it; the
     *    API cannot), so a segment fault (ISEG, 66) is the expected answer */
    one("IR|DR, supervisor (empty SLB)", MSR_SF | MSR_IR | MSR_DR, 66);
    /* 5. problem state: book3s forces EE|IR|DR when PR is set */
    one("PR only (problem state; empty SLB)", MSR_SF | MSR_PR, 66);
    {
        g5_t *g = g5_open(-1, false);
        wreg(g, UC_PPC_REG_MSR, MSR_SF | MSR_PR);
        CHECK("MSR write PR -> read (EE|IR|DR forced on)", MSR_SF | MSR_PR | MSR_EE | MSR_IR | MSR_DR,
              rreg(g, UC_PPC_REG_MSR) & (MSR_SF | MSR_PR | MSR_EE | MSR_IR | MSR_DR));
        wreg(g, UC_PPC_REG_MSR, ~0ull);
        NOTE("default CPU: MSR after writing all ones = %016" PRIx64 " (msr_mask without HV)", rreg(g, UC_PPC_REG_MSR));
        uc_close(g->uc);
    }
    return summary("g02_hashmmu");
}
