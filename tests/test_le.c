/*
 * tests/test_le.c - little-endian guests (MSR[LE] set by the host).
 *
 * The engine runs little-endian mode as true little-endian: every access,
 * instruction fetches included, is byte-reversed.  A guest therefore sees
 * what it would see on a G4 for every naturally aligned access (the G4's
 * address munging and true byte reversal agree there); the host sees its
 * pages in plain little-endian order (see vmachmon(7) for the difference
 * from the G4's munged physical layout).  Guest code is stored with each
 * instruction word's bytes reversed, as a little-endian program file has
 * it.
 */
#include <CUnit/CUnit.h>

#include "tests/guest.h"
#include "tests/harness.h"

static guest_t *const g = &suite_guest;

/* Stores words as a little-endian program would be laid out. */
static void le_code(const uint32_t *words, size_t n)
{
    uint32_t swapped[64];
    for (size_t i = 0; i < n; i++)
        swapped[i] = __builtin_bswap32(words[i]);
    guest_code(g, swapped, n);
    g->regs->ppcMSR = PPC_MSR_LE;
}

static const uint8_t *data(unsigned off) { return (const uint8_t *)g->data + off; }

static void little_endian_program_runs(void)
{
    const uint32_t code[] = {
        PPC_LI(4, GUEST_DATA),      /* 0x1000 li r4,0x2000 */
        PPC_LIS(3, 0x1122),         /* 0x1004 lis r3,0x1122 */
        PPC_ORI(3, 3, 0x3344),      /* 0x1008 ori r3,r3,0x3344 */
        PPC_STW(3, 0, 4),           /* 0x100c stw r3,0(r4) */
        PPC_LBZ(5, 0, 4),           /* 0x1010 lbz r5,0(r4): 0x44, low byte first */
        PPC_LHZ(6, 2, 4),           /* 0x1014 lhz r6,2(r4): 0x1122 */
        PPC_STH(6, 8, 4),           /* 0x1018 sth r6,8(r4) */
        PPC_LWZ(7, 0, 4),           /* 0x101c lwz r7,0(r4) */
        PPC_SC,                     /* 0x1020 sc */
    };
    le_code(code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1024);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[5], 0x44);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[6], 0x1122);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[7], 0x11223344);
    CU_ASSERT_EQUAL(g->regs->ppcMSR, 0xD030u | PPC_MSR_LE);
    /* The host sees little-endian data. */
    CU_ASSERT_EQUAL(data(0)[0], 0x44);
    CU_ASSERT_EQUAL(data(0)[3], 0x11);
    CU_ASSERT_EQUAL(data(8)[0], 0x22);
    CU_ASSERT_EQUAL(data(8)[1], 0x11);
}

static void little_endian_illegal_instruction(void)
{
    const uint32_t code[] = {
        PPC_LI(3, 1),  /* 0x1000 li r3,1 */
        0xfeedface,    /* 0x1004 illegal */
    };
    le_code(code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1004);
    CU_ASSERT_EQUAL(g->regs->ppcMSR, 0xD030u | PPC_MSR_LE | 0x00080000u);
}

static void little_endian_trap_is_decoded(void)
{
    const uint32_t code[] = {
        PPC_TRAP, /* 0x1000 trap */
    };
    le_code(code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(g->regs->ppcMSR, 0xD030u | PPC_MSR_LE | 0x00020000u);
}

static void big_endian_code_is_garbage_in_little_endian_mode(void)
{
    const uint32_t code[] = {
        PPC_LI(3, 1), /* 0x1000 li r3,1, stored big-endian */
        PPC_SC,       /* 0x1004 sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    g->regs->ppcMSR = PPC_MSR_LE;
    /* 0x38600001 read backwards is 0x01006038: not an instruction. */
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1000);
    g->regs->ppcMSR = 0;
}

static const test_case_t le_tests[] = {
    TEST(little_endian_program_runs),
    TEST(little_endian_illegal_instruction),
    TEST(little_endian_trap_is_decoded),
    TEST(big_endian_code_is_garbage_in_little_endian_mode),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"little endian", suite_guest_setup, suite_guest_teardown, le_tests},
    SUITES_END,
};

int main(void) { return harness_run("test_le", suites); }
