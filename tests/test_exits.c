/*
 * tests/test_exits.c - every way a guest leaves: the exit code, the PC and
 * MSR the state page reports, and the return_params of that exit.
 *
 * The guest runs with MSR = 0xD030 (EE PR ME IR DR) plus the bits the host
 * may set; a program exception adds its SRR1 reason bit.
 */
#include <CUnit/CUnit.h>

#include "tests/guest.h"
#include "tests/harness.h"

#define MSR_GUEST 0x0000D030u

static guest_t *const g = &suite_guest;

static const uint32_t *params(void) { return g->state->vmmRet.vmmrp32.return_params; }

/* ---- program exceptions ---- */

static void illegal_instruction(void)
{
    const uint32_t code[] = {
        PPC_LI(3, 1),  /* 0x1000 li r3,1 */
        0xfeedface,    /* 0x1004 illegal: opcode 63, xo 359 */
        PPC_LI(4, 2),  /* 0x1008 li r4,2 (must not run) */
    };
    g->regs->ppcGPRs[4] = 0;
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(g->state->return_code, kVmmReturnProgramException);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1004);
    CU_ASSERT_EQUAL(g->regs->ppcMSR, MSR_GUEST | 0x00080000u);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 1);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[4], 0);
}

static void privileged_instruction(void)
{
    const uint32_t code[] = {
        PPC_MFMSR(3), /* 0x1000 mfmsr r3: supervisor only */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1000);
    CU_ASSERT_EQUAL(g->regs->ppcMSR, MSR_GUEST | 0x00040000u);
}

static void trap_instruction(void)
{
    const uint32_t code[] = {
        PPC_LI(3, 7),        /* 0x1000 li r3,7 */
        PPC_TWI(4, 3, 7),    /* 0x1004 tweqi r3,7: taken */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1004);
    CU_ASSERT_EQUAL(g->regs->ppcMSR, MSR_GUEST | 0x00020000u);
}

/* ---- system call ---- */

static void system_call(void)
{
    const uint32_t code[] = {
        PPC_LI(3, 0x33), /* 0x1000 li r3,0x33 */
        PPC_LI(4, 0x44), /* 0x1004 li r4,0x44 */
        PPC_LI(5, 0x55), /* 0x1008 li r5,0x55 */
        PPC_LI(6, 0x66), /* 0x100c li r6,0x66 */
        PPC_SC,          /* 0x1010 sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1014); /* the instruction after sc */
    CU_ASSERT_EQUAL(g->regs->ppcMSR, MSR_GUEST);
    CU_ASSERT_EQUAL(params()[0], 0x33);
    CU_ASSERT_EQUAL(params()[1], 0x44);
    CU_ASSERT_EQUAL(params()[2], 0x55);
    CU_ASSERT_EQUAL(params()[3], 0x66);
}

/* ---- storage exceptions ---- */

static void load_from_unmapped_page(void)
{
    const uint32_t code[] = {
        PPC_LIS(4, 0x5000),  /* 0x1000 lis r4,0x5000 */
        PPC_ADDI(6, 6, 1),   /* 0x1004 addi r6,r6,1 (runs once) */
        PPC_LWZ(3, 8, 4),    /* 0x1008 lwz r3,8(r4): no page */
    };
    g->regs->ppcGPRs[6] = 10;
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1008);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[6], 11);
    CU_ASSERT_EQUAL(params()[0], 0x50000008); /* DAR */
    CU_ASSERT_EQUAL(params()[1], 0x40000000); /* DSISR: no translation */
}

static void store_to_unmapped_page(void)
{
    const uint32_t code[] = {
        PPC_LIS(4, 0x5000), /* 0x1000 lis r4,0x5000 */
        PPC_STW(3, 16, 4),  /* 0x1004 stw r3,16(r4): no page */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1004);
    CU_ASSERT_EQUAL(params()[0], 0x50000010);
    CU_ASSERT_EQUAL(params()[1], 0x42000000); /* no translation, store */
}

static void store_to_read_only_page(void)
{
    const uint32_t code[] = {
        PPC_LIS(4, 0x0000),       /* 0x1000 lis r4,0 */
        PPC_ORI(4, 4, GUEST_DATA),/* 0x1004 ori r4,r4,0x2000 */
        PPC_LWZ(5, 0, 4),         /* 0x1008 lwz r5,0(r4): allowed */
        PPC_STW(5, 4, 4),         /* 0x100c stw r5,4(r4): read-only */
    };
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage, g->index, GUEST_DATA, VM_PROT_READ),
                    KERN_SUCCESS);
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x100c);
    CU_ASSERT_EQUAL(params()[0], GUEST_DATA + 4);
    CU_ASSERT_EQUAL(params()[1], 0x0A000000); /* protection, store */
    vmm_dispatch(kVmmProtectPage, g->index, GUEST_DATA, VM_PROT_ALL);
}

static void fetch_from_unmapped_page(void)
{
    const uint32_t code[] = {
        PPC_LIS(3, 0x7000), /* 0x1000 lis r3,0x7000 */
        PPC_MTCTR(3),       /* 0x1004 mtctr r3 */
        PPC_BCTR,           /* 0x1008 bctr: to a page that is not there */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnInstrPageFault);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x70000000);
    CU_ASSERT_EQUAL(params()[0], 0x70000000);
    CU_ASSERT_EQUAL(params()[1], 0x40000000);
    CU_ASSERT_EQUAL(g->regs->ppcMSR, MSR_GUEST | 0x40000000u);
}

/* ---- alignment, trace, lazy FP ---- */

static void alignment_lwarx(void)
{
    const uint32_t code[] = {
        PPC_LI(4, GUEST_DATA + 2), /* 0x1000 li r4,0x2002 */
        PPC_LWARX(3, 0, 4),        /* 0x1004 lwarx r3,0,r4: misaligned */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnAlignmentFault);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1004);
    CU_ASSERT_EQUAL(params()[0], GUEST_DATA + 2);
    /* X-form DSISR: bits 15-16 = 00, 17 = 0, 18-21 = 0000 (xo 20 = 0b0000010100
     * gives bits 21-24 = 0000 and 25 = 1? see alignment_dsisr), RT = 3, RA = 0 */
    CU_ASSERT_EQUAL(params()[1] & 0x3FF, 3u << 5 | 0);
}

static void single_step_trace(void)
{
    const uint32_t code[] = {
        PPC_LI(3, 1), /* 0x1000 li r3,1 */
        PPC_LI(4, 2), /* 0x1004 li r4,2 */
    };
    g->regs->ppcGPRs[4] = 0;
    guest_code(g, code, ARRAY_SIZE(code));
    g->regs->ppcMSR = PPC_MSR_SE;
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnTraceException);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1004); /* the next instruction */
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 1);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[4], 0);
    CU_ASSERT_EQUAL(g->regs->ppcMSR, MSR_GUEST | PPC_MSR_SE);
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnTraceException);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1008);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[4], 2);
    g->regs->ppcMSR = 0;
}

static void branch_trace(void)
{
    const uint32_t code[] = {
        PPC_LI(3, 1),       /* 0x1000 li r3,1 */
        PPC_B(8),           /* 0x1004 b 0x100c: traced (MSR[BE]) */
        PPC_LI(3, 99),      /* 0x1008 li r3,99 (skipped) */
        PPC_ADDI(3, 3, 1),  /* 0x100c addi r3,r3,1 */
        PPC_SC,             /* 0x1010 sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    g->regs->ppcMSR = PPC_MSR_BE;
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnTraceException);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x100c); /* the branch's target */
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 1);
    CU_ASSERT_EQUAL(g->regs->ppcMSR, MSR_GUEST | PPC_MSR_BE);
    /* No branch from there to the sc: the sc is the next exit. */
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1014);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 2);
    g->regs->ppcMSR = 0;
}

/* 1.0 / 0.0 with FPSCR[ZE] set: an enabled exception, a program exception
 * (SRR1 0x00100000) when the host set MSR[FE0|FE1], nothing otherwise. */
static uint32_t divide_by_zero(uint32_t fe_bits)
{
    const uint32_t code[] = {
        PPC_LI(4, GUEST_DATA),   /* 0x1000 li r4,0x2000 */
        PPC_LFD(1, 0, 4),        /* 0x1004 lfd f1,0(r4): 1.0 */
        PPC_LFD(2, 8, 4),        /* 0x1008 lfd f2,8(r4): 0.0 */
        PPC_MTFSFI(6, 1),        /* 0x100c mtfsfi 6,1: FPSCR[ZE] */
        PPC_FDIV(3, 1, 2),       /* 0x1010 fdiv f3,f1,f2 */
        PPC_LI(3, 5),            /* 0x1014 li r3,5 */
        PPC_SC,                  /* 0x1018 sc */
    };
    be32_put((uint8_t *)g->data, 0x3FF00000);
    be32_put((uint8_t *)g->data + 4, 0);
    be32_put((uint8_t *)g->data + 8, 0);
    be32_put((uint8_t *)g->data + 12, 0);
    g->regs->ppcGPRs[3] = 0;
    guest_code(g, code, ARRAY_SIZE(code));
    g->regs->ppcMSR = fe_bits;
    return guest_run(g);
}

static void floating_point_enabled_exception(void)
{
    CU_ASSERT_EQUAL(divide_by_zero(PPC_MSR_FE0 | PPC_MSR_FE1), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1010); /* the fdiv, precise mode */
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 0);
    CU_ASSERT_EQUAL(g->regs->ppcMSR, MSR_GUEST | PPC_MSR_FP | PPC_MSR_FE0 | PPC_MSR_FE1 |
                                         0x00100000u);
    CU_ASSERT_TRUE(g->state->vmm_proc_state.ppcFPSCR.i[1] & 0x00000010u); /* ZE */
    g->regs->ppcMSR = 0;
    g->state->vmm_proc_state.ppcFPSCR.i[1] = 0;
}

static void floating_point_exception_disabled_runs_on(void)
{
    CU_ASSERT_EQUAL(divide_by_zero(0), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x101c);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 5);
    CU_ASSERT_TRUE(g->state->vmm_proc_state.ppcFPSCR.i[1] & 0x04000000u); /* ZX */
    g->regs->ppcMSR = 0;
    g->state->vmm_proc_state.ppcFPSCR.i[1] = 0;
}

static void floating_point_is_not_an_exit(void)
{
    const uint32_t code[] = {
        PPC_FADD(1, 2, 3), /* 0x1000 fadd f1,f2,f3: FP off at launch */
        PPC_SC,            /* 0x1004 sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1008);
    CU_ASSERT_TRUE(g->state->vmmStat & vmmFloatCngd);
}

/* ---- registers across exits ---- */

static void every_register_survives_an_exit_and_resume(void)
{
    uint32_t code[32 + 1 + 31 + 1];
    size_t n = 0;
    for (unsigned r = 0; r < 32; r++)
        code[n++] = PPC_LI(r, 100 + r);       /* li rN,100+N */
    code[n++] = PPC_SC;                       /* sc: to the host and back */
    for (unsigned r = 1; r < 32; r++)
        code[n++] = PPC_ADDI(r, r, 1);        /* addi rN,rN,1 (r1..r31) */
    code[n++] = PPC_SC;                       /* sc */
    guest_code(g, code, n);
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    for (unsigned r = 0; r < 32; r++)
        CU_ASSERT_EQUAL(g->regs->ppcGPRs[r], 100 + r);
    g->regs->ppcGPRs[7] = 0x7000; /* the host changes one in between */
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[0], 100);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[7], 0x7001);
    for (unsigned r = 1; r < 32; r++)
        if (r != 7)
            CU_ASSERT_EQUAL(g->regs->ppcGPRs[r], 101 + r);
}

static const test_case_t exit_tests[] = {
    TEST(illegal_instruction),
    TEST(privileged_instruction),
    TEST(trap_instruction),
    TEST(system_call),
    TEST(load_from_unmapped_page),
    TEST(store_to_unmapped_page),
    TEST(store_to_read_only_page),
    TEST(fetch_from_unmapped_page),
    TEST(alignment_lwarx),
    TEST(single_step_trace),
    TEST(branch_trace),
    TEST(floating_point_enabled_exception),
    TEST(floating_point_exception_disabled_runs_on),
    TEST(floating_point_is_not_an_exit),
    TEST(every_register_survives_an_exit_and_resume),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"exits", suite_guest_setup, suite_guest_teardown, exit_tests},
    SUITES_END,
};

int main(void) { return harness_run("test_exits", suites); }
