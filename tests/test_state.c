/*
 * tests/test_state.c - floating-point and AltiVec state: kVmmGetFloatState,
 * kVmmGetVectorState, vmmFloatLoad / vmmVectLoad, the changed bits, and
 * FPSCR / VSCR / VRSAVE swapped at every launch and exit.
 */
#include <CUnit/CUnit.h>
#include <string.h>

#include "tests/guest.h"
#include "tests/harness.h"

#define FLOAT_INIT 0xC24BC19587859393ull
#define QNAN 0x7FFFDEADu

static guest_t *const g = &suite_guest;

static vmm_processor_state_t *ps(void) { return &g->state->vmm_proc_state; }

static uint64_t fpr_bits(int n)
{
    uint64_t v;
    memcpy(&v, &ps()->ppcFPRs[n], 8);
    return v;
}

static void put_double(uint32_t gva, double d)
{
    uint64_t v;
    memcpy(&v, &d, 8);
    be32_put((uint8_t *)g->data + (gva - GUEST_DATA), (uint32_t)(v >> 32));
    be32_put((uint8_t *)g->data + (gva - GUEST_DATA) + 4, (uint32_t)v);
}

/* ---- floating point ---- */

static void float_state_before_any_fp_is_float_init(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetFloatState, g->index), KERN_SUCCESS);
    for (int n = 0; n < 32; n++)
        CU_ASSERT_EQUAL(fpr_bits(n), FLOAT_INIT);
}

static void guest_fp_computes_and_is_reported(void)
{
    const uint32_t code[] = {
        PPC_LI(4, GUEST_DATA),   /* 0x1000 li r4,0x2000 */
        PPC_LFD(1, 0, 4),        /* 0x1004 lfd f1,0(r4)   (1.5) */
        PPC_LFD(2, 8, 4),        /* 0x1008 lfd f2,8(r4)   (2.25) */
        PPC_FADD(3, 1, 2),       /* 0x100c fadd f3,f1,f2 */
        PPC_STFD(3, 16, 4),      /* 0x1010 stfd f3,16(r4) */
        PPC_SC,                  /* 0x1014 sc */
    };
    put_double(GUEST_DATA, 1.5);
    put_double(GUEST_DATA + 8, 2.25);
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_TRUE(g->state->vmmStat & vmmFloatCngd);
    /* The guest's store, in guest memory (big-endian). */
    uint64_t stored = (uint64_t)be32_get((uint8_t *)g->data + 16) << 32 |
                      be32_get((uint8_t *)g->data + 20);
    double d;
    memcpy(&d, &stored, 8);
    CU_ASSERT_DOUBLE_EQUAL(d, 3.75, 0);
    /* The exit MSR shows FP on, as SRR1 did after a lazy FP switch. */
    CU_ASSERT_TRUE(g->regs->ppcMSR & PPC_MSR_FP);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetFloatState, g->index), KERN_SUCCESS);
    CU_ASSERT_DOUBLE_EQUAL(ps()->ppcFPRs[3].d, 3.75, 0);
    CU_ASSERT_DOUBLE_EQUAL(ps()->ppcFPRs[1].d, 1.5, 0);
    CU_ASSERT_EQUAL(fpr_bits(4), FLOAT_INIT); /* never written: FloatInit */
    CU_ASSERT_FALSE(g->state->vmmStat & vmmFloatCngd);
}

static void float_load_loads_registers_at_launch(void)
{
    const uint32_t code[] = {
        PPC_LI(4, GUEST_DATA),   /* 0x1000 li r4,0x2000 */
        PPC_FADD(5, 6, 7),       /* 0x1004 fadd f5,f6,f7 */
        PPC_STFD(5, 24, 4),      /* 0x1008 stfd f5,24(r4) */
        PPC_SC,                  /* 0x100c sc */
    };
    ps()->ppcFPRs[6].d = 10.0;
    ps()->ppcFPRs[7].d = 0.5;
    g->state->vmmCntrl |= vmmFloatLoad;
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_FALSE(g->state->vmmCntrl & vmmFloatLoad); /* cleared */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetFloatState, g->index), KERN_SUCCESS);
    CU_ASSERT_DOUBLE_EQUAL(ps()->ppcFPRs[5].d, 10.5, 0);
}

static void fpscr_is_swapped(void)
{
    const uint32_t code[] = {
        PPC_MFFS(0),            /* 0x1000 mffs f0 */
        PPC_LI(4, GUEST_DATA),  /* 0x1004 li r4,0x2000 */
        PPC_STFD(0, 32, 4),     /* 0x1008 stfd f0,32(r4) */
        PPC_MTFSFI(7, 1),       /* 0x100c mtfsfi 7,1: RN = 01 */
        PPC_SC,                 /* 0x1010 sc */
    };
    ps()->ppcFPSCR.i[1] = 0x00000002; /* RN = 10 (round to +inf) */
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(be32_get((uint8_t *)g->data + 36) & 0xFF, 0x02); /* guest saw the host's */
    CU_ASSERT_EQUAL(ps()->ppcFPSCR.i[1] & 0x3, 0x1);                /* host sees the guest's */
}

/* ---- AltiVec ---- */

static void vector_state_before_any_vector_is_qnan(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetVectorState, g->index), KERN_SUCCESS);
    for (int n = 0; n < 32; n++)
        for (int k = 0; k < 4; k++)
            CU_ASSERT_EQUAL(ps()->ppcVRs[n].i[k], QNAN);
}

static void guest_altivec_computes(void)
{
    const uint32_t code[] = {
        PPC_LI(4, GUEST_DATA),      /* 0x1000 li r4,0x2000 */
        PPC_LI(5, 16),              /* 0x1004 li r5,16 */
        PPC_LVX(1, 0, 4),           /* 0x1008 lvx v1,0,r4 */
        PPC_LVX(2, 4, 5),           /* 0x100c lvx v2,r4,r5 */
        PPC_VADDUWM(3, 1, 2),       /* 0x1010 vadduwm v3,v1,v2 */
        PPC_LI(5, 32),              /* 0x1014 li r5,32 */
        PPC_STVX(3, 4, 5),          /* 0x1018 stvx v3,r4,r5 */
        PPC_SC,                     /* 0x101c sc */
    };
    for (int k = 0; k < 4; k++) {
        be32_put((uint8_t *)g->data + 4 * k, 0x10000000u * (k + 1) + 1);
        be32_put((uint8_t *)g->data + 16 + 4 * k, 0x01000000u + k);
    }
    g->regs->ppcVRSave = 0x70000000; /* v1, v2, v3 live */
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    for (int k = 0; k < 4; k++)
        CU_ASSERT_EQUAL(be32_get((uint8_t *)g->data + 32 + 4 * k),
                        0x10000000u * (k + 1) + 1 + 0x01000000u + k);
    CU_ASSERT_TRUE(g->state->vmmStat & vmmVectCngd);
    CU_ASSERT_TRUE(g->regs->ppcMSR & PPC_MSR_VEC);
}

static void vector_state_reports_the_vrsave_registers(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetVectorState, g->index), KERN_SUCCESS);
    CU_ASSERT_FALSE(g->state->vmmStat & vmmVectCngd);
    CU_ASSERT_EQUAL(ps()->ppcVRs[3].i[0], 0x11000001u);
    CU_ASSERT_EQUAL(ps()->ppcVRs[3].i[3], 0x41000004u);
    CU_ASSERT_EQUAL(ps()->ppcVRs[1].i[1], 0x20000001u);
    /* Not in VRSAVE: the original returned the quiet NaN for these. */
    CU_ASSERT_EQUAL(ps()->ppcVRs[0].i[0], QNAN);
    CU_ASSERT_EQUAL(ps()->ppcVRs[4].i[2], QNAN);
}

static void vector_load_round_trips(void)
{
    const uint32_t code[] = {
        PPC_VADDUWM(9, 7, 8), /* 0x1000 vadduwm v9,v7,v8 */
        PPC_SC,               /* 0x1004 sc */
    };
    for (int k = 0; k < 4; k++) {
        ps()->ppcVRs[7].i[k] = 100u * (k + 1);
        ps()->ppcVRs[8].i[k] = 7u;
    }
    g->regs->ppcVRSave = 0x01C00000; /* v7, v8, v9 */
    g->state->vmmCntrl |= vmmVectLoad;
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_FALSE(g->state->vmmCntrl & vmmVectLoad);
    memset(ps()->ppcVRs, 0, sizeof ps()->ppcVRs);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetVectorState, g->index), KERN_SUCCESS);
    for (int k = 0; k < 4; k++) {
        CU_ASSERT_EQUAL(ps()->ppcVRs[7].i[k], 100u * (k + 1));
        CU_ASSERT_EQUAL(ps()->ppcVRs[9].i[k], 100u * (k + 1) + 7);
    }
}

static void vscr_and_vrsave_are_swapped(void)
{
    const uint32_t code[] = {
        PPC_MFVSCR(10),                       /* 0x1000 mfvscr v10 */
        PPC_LI(4, GUEST_DATA),                /* 0x1004 li r4,0x2000 */
        PPC_LI(5, 48),                        /* 0x1008 li r5,48 */
        PPC_STVX(10, 4, 5),                   /* 0x100c stvx v10,r4,r5 */
        PPC_MFSPR(6, PPC_SPR_VRSAVE),         /* 0x1010 mfspr r6,VRSAVE */
        PPC_LI(7, 0x1234),                    /* 0x1014 li r7,0x1234 */
        PPC_MTSPR(PPC_SPR_VRSAVE, 7),         /* 0x1018 mtspr VRSAVE,r7 */
        PPC_VXOR(11, 11, 11),                 /* 0x101c vxor v11,v11,v11 */
        PPC_MTVSCR(11),                       /* 0x1020 mtvscr v11 (all zero) */
        PPC_SC,                               /* 0x1024 sc */
    };
    ps()->ppcVSCR.i[3] = 0x00010000; /* NJ */
    g->regs->ppcVRSave = 0xABCD0000;
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(be32_get((uint8_t *)g->data + 48 + 12), 0x00010000); /* guest saw it */
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[6], 0xABCD0000);
    CU_ASSERT_EQUAL(g->regs->ppcVRSave, 0x1234);   /* host sees the guest's */
    CU_ASSERT_EQUAL(ps()->ppcVSCR.i[3], 0);
}

static void bad_index_fails(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetFloatState, 0), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetFloatState, 33), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetVectorState, 0), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetVectorState, g->index + 1), KERN_FAILURE);
}

static const test_case_t fp_tests[] = {
    TEST(float_state_before_any_fp_is_float_init),
    TEST(guest_fp_computes_and_is_reported),
    TEST(float_load_loads_registers_at_launch),
    TEST(fpscr_is_swapped),
    TEST_END,
};

static const test_case_t vec_tests[] = {
    TEST(vector_state_before_any_vector_is_qnan),
    TEST(guest_altivec_computes),
    TEST(vector_state_reports_the_vrsave_registers),
    TEST(vector_load_round_trips),
    TEST(vscr_and_vrsave_are_swapped),
    TEST(bad_index_fails),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"float", suite_guest_setup, suite_guest_teardown, fp_tests},
    {"vector", suite_guest_setup, suite_guest_teardown, vec_tests},
    SUITES_END,
};

int main(void) { return harness_run("test_state", suites); }
