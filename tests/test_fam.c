/*
 * tests/test_fam.c - Fast Assist Mode: intercepted exceptions go to the
 * guest's own handler at fastassist_dispatch, which talks to the facility
 * with sc, r0 = 0x6004 (kvmmGetGuestRegister, kvmmSetGuestRegister,
 * kvmmResumeGuest, kvmmExitToHost) without leaving the guest.
 */
#include <CUnit/CUnit.h>

#include "tests/guest.h"
#include "tests/harness.h"

#define HANDLER 0x1800u
#define REFCON 0x2F00u
#define INTERCEPT(code) (0x80000000u >> (code))

static guest_t *const g = &suite_guest;

static vmm_fastassist_state32_t *fam(void) { return &g->state->vmm_fastassist_state.vmmfs32; }

/* Guest: li r3,5; an illegal word (the handler "emulates" it as r3 *= 2);
 * li r6,1; sc. */
static const uint32_t guest_code_words[] = {
    PPC_LI(3, 5),  /* 0x1000 li r3,5 */
    0x00000000,    /* 0x1004 illegal: handled in the guest */
    PPC_LI(6, 1),  /* 0x1008 li r6,1 */
    PPC_SC,        /* 0x100c sc */
};

/* Handler: r3 = guest r3 * 2, then resume after the faulting word. */
static const uint32_t emulating_handler[] = {
    PPC_LI(0, 0x6004),   /* 0x1800 li r0,0x6004 */
    PPC_LI(3, 22),       /* 0x1804 li r3,kvmmGetGuestRegister */
    PPC_LI(4, 3),        /* 0x1808 li r4,3 */
    PPC_SC,              /* 0x180c sc -> r3 = guest r3 */
    PPC_MULLI(5, 3, 2),  /* 0x1810 mulli r5,r3,2 */
    PPC_LI(3, 23),       /* 0x1814 li r3,kvmmSetGuestRegister */
    PPC_LI(4, 3),        /* 0x1818 li r4,3 */
    PPC_SC,              /* 0x181c sc -> guest r3 = r5 */
    PPC_ADDI(4, 2, 4),   /* 0x1820 addi r4,r2,4: past the faulting word */
    PPC_LI(3, 21),       /* 0x1824 li r3,kvmmResumeGuest */
    PPC_LI(6, 0),        /* 0x1828 li r6,0: keep the key */
    PPC_SC,              /* 0x182c sc -> back to the guest */
};

static void arm(uint32_t intercepts)
{
    fam()->fastassist_dispatch = HANDLER;
    fam()->fastassist_refcon = REFCON;
    fam()->fastassist_intercepts = intercepts;
    g->state->vmmCntrl |= vmmFamEna;
}

static void handler_emulates_an_instruction_and_resumes(void)
{
    guest_code(g, guest_code_words, ARRAY_SIZE(guest_code_words));
    guest_code_at(g, HANDLER, emulating_handler, ARRAY_SIZE(emulating_handler));
    g->regs->ppcPC = GUEST_TEXT;
    arm(INTERCEPT(kVmmReturnProgramException));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1010);     /* after the guest's sc */
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 10);    /* emulated */
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[6], 1);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[0], 0);     /* restored from the area */
    CU_ASSERT_EQUAL(fam()->fastassist_dispatch_code, kVmmReturnProgramException);
    CU_ASSERT_EQUAL(fam()->fastassist_parameter[0], 0x1004);
    CU_ASSERT_EQUAL(fam()->fastassist_parameter[1], 0x0008D030u); /* SRR1 */
    CU_ASSERT_EQUAL(fam()->guest_pc, 0x1004);
    CU_ASSERT_EQUAL(fam()->guest_msr, 0x0008D030u);
    CU_ASSERT_FALSE(g->state->vmmStat & vmmFAMmode);
    CU_ASSERT_FALSE(g->state->vmmCntrl & vmmFamSet);
}

/* Handler: note its entry registers in r7, r8, then exit to the host. */
static const uint32_t exiting_handler[] = {
    PPC_MR(7, 0),        /* 0x1800 mr r7,r0 (dispatch code) */
    PPC_MR(8, 3),        /* 0x1804 mr r8,r3 (DAR) */
    PPC_LI(0, 0x6004),   /* 0x1808 li r0,0x6004 */
    PPC_LI(3, 20),       /* 0x180c li r3,kvmmExitToHost */
    PPC_SC,              /* 0x1810 sc -> to the host */
    PPC_LI(0, 0x6004),   /* 0x1814 li r0,0x6004 (relaunched here) */
    PPC_LI(3, 23),       /* 0x1818 li r3,kvmmSetGuestRegister */
    PPC_LI(4, 3),        /* 0x181c li r4,3 */
    PPC_LI(5, 0x777),    /* 0x1820 li r5,0x777 (the "loaded" value) */
    PPC_SC,              /* 0x1824 sc */
    PPC_ADDI(4, 2, 4),   /* 0x1828 addi r4,r2,4 */
    PPC_LI(3, 21),       /* 0x182c li r3,kvmmResumeGuest */
    PPC_LI(6, 0),        /* 0x1830 li r6,0 */
    PPC_SC,              /* 0x1834 sc */
};

static const uint32_t faulting_load[] = {
    PPC_LIS(4, 0x5000),  /* 0x1000 lis r4,0x5000 */
    PPC_LWZ(3, 0x10, 4), /* 0x1004 lwz r3,16(r4): not mapped */
    PPC_SC,              /* 0x1008 sc */
};

static void handler_exits_to_the_host_and_is_resumed(void)
{
    guest_code(g, faulting_load, ARRAY_SIZE(faulting_load));
    guest_code_at(g, HANDLER, exiting_handler, ARRAY_SIZE(exiting_handler));
    g->regs->ppcPC = GUEST_TEXT;
    arm(INTERCEPT(kVmmReturnDataPageFault));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    /* The host sees the handler, in FAM mode. */
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1814);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[7], kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[8], 0x50000010);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[1], REFCON);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[2], 0x1004);
    CU_ASSERT_TRUE(g->state->vmmStat & vmmFAMmode);
    CU_ASSERT_TRUE(g->state->vmmCntrl & vmmFamSet);
    CU_ASSERT_EQUAL(fam()->fastassist_parameter[1], 0x50000010); /* DAR */
    CU_ASSERT_EQUAL(fam()->fastassist_parameter[2], 0x40000000); /* DSISR */
    CU_ASSERT_EQUAL(fam()->guest_register[4], 0x50000000);
    /* Relaunched with vmmFamSet, the handler goes on and resumes the guest. */
    g->state->vmmCntrl |= vmmFamEna;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, g->index), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x100c);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 0x777);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[4], 0x50000000);
    CU_ASSERT_FALSE(g->state->vmmStat & vmmFAMmode);
}

static void exception_not_intercepted_leaves_to_the_host(void)
{
    guest_code(g, faulting_load, ARRAY_SIZE(faulting_load));
    arm(INTERCEPT(kVmmReturnProgramException)); /* DSI not in the mask */
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1004);
}

static void no_interception_without_fam_enable(void)
{
    guest_code(g, faulting_load, ARRAY_SIZE(faulting_load));
    arm(INTERCEPT(kVmmReturnDataPageFault));
    g->state->vmmCntrl &= ~vmmFamEna;
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnDataPageFault);
}

static void get_guest_register_out_of_range_leaves_r3(void)
{
    const uint32_t handler[] = {
        PPC_LI(0, 0x6004),   /* 0x1800 li r0,0x6004 */
        PPC_LI(3, 22),       /* 0x1804 li r3,kvmmGetGuestRegister */
        PPC_LI(4, 8),        /* 0x1808 li r4,8: out of range */
        PPC_SC,              /* 0x180c sc -> r3 stays 22 */
        PPC_MR(9, 3),        /* 0x1810 mr r9,r3 */
        PPC_LI(3, 20),       /* 0x1814 li r3,kvmmExitToHost */
        PPC_SC,              /* 0x1818 sc */
    };
    guest_code(g, guest_code_words, ARRAY_SIZE(guest_code_words));
    guest_code_at(g, HANDLER, handler, ARRAY_SIZE(handler));
    g->regs->ppcPC = GUEST_TEXT;
    arm(INTERCEPT(kVmmReturnProgramException));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[9], 22);
    g->state->vmmCntrl &= ~(vmmFamSet | vmmFamEna);
}

static const test_case_t fam_tests[] = {
    TEST(handler_emulates_an_instruction_and_resumes),
    TEST(handler_exits_to_the_host_and_is_resumed),
    TEST(exception_not_intercepted_leaves_to_the_host),
    TEST(no_interception_without_fam_enable),
    TEST(get_guest_register_out_of_range_leaves_r3),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"fast assist", suite_guest_setup, suite_guest_teardown, fam_tests},
    SUITES_END,
};

int main(void) { return harness_run("test_fam", suites); }
