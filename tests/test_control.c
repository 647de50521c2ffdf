/*
 * tests/test_control.c - vmachmon's own controls: instruction budgets,
 * disassembly and the ELF32 loader.
 */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

#include <vmachmon/control.h>
#include <vmachmon/disasm.h>
#include <vmachmon/loader.h>

#include "tests/guest.h"
#include "tests/harness.h"

static guest_t *const g = &suite_guest;

/* ---- instruction budget ---- */

static const uint32_t spin[] = {
    PPC_ADDI(3, 3, 1), /* 0x1000 addi r3,r3,1 */
    PPC_B(-4),         /* 0x1004 b 0x1000 */
};

static void budget_stops_a_spinning_guest(void)
{
    g->regs->ppcGPRs[3] = 0;
    guest_code(g, spin, ARRAY_SIZE(spin));
    CU_ASSERT_EQUAL(vmm_set_instruction_budget(g->index, 100000), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnNull);
    CU_ASSERT_EQUAL(g->state->return_code, kVmmReturnNull);
    CU_ASSERT_FALSE(g->state->vmmStat & vmmTimerPop);
    /* About 50,000 iterations of two instructions, give or take a block. */
    CU_ASSERT_TRUE(g->regs->ppcGPRs[3] >= 49000 && g->regs->ppcGPRs[3] <= 50100);
    CU_ASSERT_TRUE(g->regs->ppcPC == 0x1000 || g->regs->ppcPC == 0x1004);
    CU_ASSERT_EQUAL(vmm_instruction_budget_left(g->index), 0);
}

static void exhausted_budget_refuses_until_reset(void)
{
    uint32_t r3 = g->regs->ppcGPRs[3];
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnNull);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], r3); /* nothing ran */
    CU_ASSERT_EQUAL(vmm_set_instruction_budget(g->index, 1000), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_instruction_budget_left(g->index), 1000);
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnNull);
    CU_ASSERT_TRUE(g->regs->ppcGPRs[3] > r3);
    CU_ASSERT_EQUAL(vmm_set_instruction_budget(g->index, 0), KERN_SUCCESS);
}

static void budget_of_bad_context_fails(void)
{
    CU_ASSERT_EQUAL(vmm_set_instruction_budget(0, 10), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_set_instruction_budget(33, 10), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_set_instruction_budget(g->index + 1, 10), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_instruction_budget_left(33), 0);
}

static void budget_is_not_spent_by_exits(void)
{
    const uint32_t code[] = {
        PPC_SC, /* 0x1000 sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(vmm_set_instruction_budget(g->index, 1000000), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_TRUE(vmm_instruction_budget_left(g->index) >= 1000000 - 512);
    CU_ASSERT_EQUAL(vmm_set_instruction_budget(g->index, 0), KERN_SUCCESS);
}

/* ---- disassembly ---- */

static void disassembles_the_demo_words(void)
{
    char buf[64];
    vmm_disassemble(0x39400004, 0x1000, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "li r10, 4");
    vmm_disassemble(0x48001012, 0x1008, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "ba 0x1010");
    vmm_disassemble(0x7d8a5a14, 0x1010, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "add r12, r10, r11");
    vmm_disassemble(0x4bffffc5, 0x103c, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "bl 0x1000");
}

/* Capstone prints D-form immediates as 16 unsigned bits; those the CPU
 * sign-extends come out signed, the way displacements do ("-0x60(r1)"). */
static void signed_immediates_are_signed(void)
{
    static const struct {
        uint32_t word;
        const char *text;
    } cases[] = {
        {0x3802ffff, "addi r0, r2, -1"},    /* the book's factorial: n - 1 */
        {0x3821ffa0, "addi r1, r1, -0x60"}, /* as stwu shows -0x60(r1) */
        {0x9421ffa0, "stwu r1, -0x60(r1)"}, /* displacements as they were */
        {0x3860fff7, "li r3, -9"},          /* -1 to -9 decimal, as Capstone */
        {0x3860fff6, "li r3, -0xa"},        /* then hex */
        {0x38608000, "li r3, -0x8000"},     /* the most negative */
        {0x38607fff, "li r3, 0x7fff"},      /* positive ones unchanged */
        {0x38210060, "addi r1, r1, 0x60"},
        {0x3002ffff, "addic r0, r2, -1"},
        {0x3402fffe, "addic. r0, r2, -2"},
        {0x2003ffff, "subfic r0, r3, -1"},
        {0x1c03fff0, "mulli r0, r3, -0x10"},
        {0x2c03ffff, "cmpwi r3, -1"},
        {0x2f83ff9c, "cmpwi cr7, r3, -0x64"},
        {0x0c1f8000, "twi 0, r31, -0x8000"},
        {0x0c83ffff, "tweqi r3, -1"},
        {0x3c60ffff, "lis r3, 0xffff"}, /* the upper half, as written */
        {0x3c628000, "addis r3, r2, 0x8000"},
        {0x6060ffff, "ori r0, r3, 0xffff"}, /* unsigned immediates: as they are */
        {0x6460ffff, "oris r0, r3, 0xffff"},
        {0x6860ffff, "xori r0, r3, 0xffff"},
        {0x7060ffff, "andi. r0, r3, 0xffff"},
        {0x2803ffff, "cmplwi r3, 0xffff"},
    };
    char buf[64];
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        int n = vmm_disassemble(cases[i].word, 0x1000, buf, sizeof buf);
        CU_ASSERT_STRING_EQUAL(buf, cases[i].text);
        CU_ASSERT_EQUAL(n, (int)strlen(cases[i].text));
        if (strcmp(buf, cases[i].text) != 0)
            fprintf(stderr, "0x%08x: '%s', expected '%s'\n", cases[i].word, buf, cases[i].text);
    }
    /* cut short, still terminated, the full length returned */
    int n = vmm_disassemble(0x3821ffa0, 0x1000, buf, 16);
    CU_ASSERT_STRING_EQUAL(buf, "addi r1, r1, -0");
    CU_ASSERT_EQUAL(n, (int)strlen("addi r1, r1, -0x60"));
}

static void undecodable_word_is_a_long(void)
{
    char buf[64];
    int n = vmm_disassemble(0xfeedface, 0x1014, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, ".long 0xfeedface");
    CU_ASSERT_EQUAL(n, (int)strlen(".long 0xfeedface"));
}

static void short_buffer_is_terminated(void)
{
    char buf[5];
    int n = vmm_disassemble(0x7c0802a6, 0, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "mflr");
    CU_ASSERT_EQUAL(n, (int)strlen("mflr r0"));
}

/* ---- ELF32 loader ---- */

static void loads_and_runs_an_elf_program(void)
{
    const uint32_t code[] = {
        PPC_LI(3, 42), /* 0x10000 li r3,42 */
        PPC_SC,        /* 0x10004 sc */
    };
    uint8_t file[256];
    size_t size = elf_image(file, 0x10000, code, ARRAY_SIZE(code), 0x2000, 5 /* R X */);
    vmm_elf_info_t info;
    const char *why = NULL;
    CU_ASSERT_EQUAL(vmm_load_elf32(g->index, file, size, &info, &why), KERN_SUCCESS);
    CU_ASSERT_EQUAL(info.entry, 0x10000);
    CU_ASSERT_EQUAL(info.lowest, 0x10000);
    CU_ASSERT_EQUAL(info.highest, 0x13000);
    g->regs->ppcPC = info.entry;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, g->index), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 42);
    /* The bss pages are there (read-only, as the segment: see below). */
    CU_ASSERT_NOT_EQUAL(vmm_dispatch(kVmmGetPageMapping, g->index, 0x12000), UINT64_MAX);
    vmm_dispatch(kVmmUnmapPage, g->index, 0x10000);
    vmm_dispatch(kVmmUnmapPage, g->index, 0x11000);
    vmm_dispatch(kVmmUnmapPage, g->index, 0x12000);
}

/* Loads a program of one segment with p_flags `flags` whose code stores
 * into its own bss page 0x12000, runs it, unmaps it; returns the exit. */
static uint64_t run_program_storing_to_its_bss(uint32_t flags)
{
    const uint32_t code[] = {
        PPC_LIS(4, 1),         /* 0x10000 lis r4,1 */
        PPC_ORI(4, 4, 0x2000), /* 0x10004 ori r4,r4,0x2000 */
        PPC_LWZ(5, 0, 4),      /* 0x10008 lwz r5,0(r4): reading is allowed */
        PPC_STW(5, 0, 4),      /* 0x1000c stw r5,0(r4) */
        PPC_SC,                /* 0x10010 sc */
    };
    uint8_t file[256];
    size_t size = elf_image(file, 0x10000, code, ARRAY_SIZE(code), 0x2000, flags);
    vmm_elf_info_t info;
    CU_ASSERT_EQUAL(vmm_load_elf32(g->index, file, size, &info, NULL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(info.highest, 0x13000);
    g->regs->ppcPC = info.entry;
    uint64_t exit = vmm_dispatch(kVmmExecuteVM, g->index);
    for (uint32_t page = 0x10000; page < 0x13000; page += 0x1000)
        vmm_dispatch(kVmmUnmapPage, g->index, page);
    return exit;
}

/* A segment without PF_W is read-only to the guest, its bss included;
 * with PF_W the same store goes through. */
static void store_faults_in_a_segment_without_pf_w(void)
{
    CU_ASSERT_EQUAL(run_program_storing_to_its_bss(5 /* R X */), kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1000c);
    CU_ASSERT_EQUAL(guest_params(g)[0], 0x12000);
    CU_ASSERT_EQUAL(guest_params(g)[1], 0x0A000000); /* protection, store */
    CU_ASSERT_EQUAL(run_program_storing_to_its_bss(7 /* R W X */), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x10014);
}

static void rejects_files_that_are_not_ppc_executables(void)
{
    const uint32_t code[] = {PPC_SC};
    uint8_t file[256];
    vmm_elf_info_t info;
    const char *why = NULL;
    size_t size = elf_image(file, 0x10000, code, 1, 0, 5);

    CU_ASSERT_EQUAL(vmm_load_elf32(g->index, "hello", 5, &info, &why), KERN_INVALID_ARGUMENT);
    CU_ASSERT_STRING_EQUAL(why, "not an ELF file");
    file[5] = 1; /* little-endian */
    CU_ASSERT_EQUAL(vmm_load_elf32(g->index, file, size, &info, &why), KERN_INVALID_ARGUMENT);
    CU_ASSERT_STRING_EQUAL(why, "not a 32-bit big-endian ELF file");
    file[5] = 2;
    file[19] = 3; /* EM_386 */
    CU_ASSERT_EQUAL(vmm_load_elf32(g->index, file, size, &info, &why), KERN_INVALID_ARGUMENT);
    CU_ASSERT_STRING_EQUAL(why, "not a PowerPC program");
    file[19] = 20;
    CU_ASSERT_EQUAL(vmm_load_elf32(g->index, file, size - 2, &info, &why),
                    KERN_INVALID_ARGUMENT); /* segment cut short */
    CU_ASSERT_STRING_EQUAL(why, "segment outside the file");
    CU_ASSERT_EQUAL(vmm_load_elf32(g->index, file, 60, &info, &why), KERN_INVALID_ARGUMENT);
    CU_ASSERT_STRING_EQUAL(why, "bad program header table");
    CU_ASSERT_EQUAL(vmm_load_elf32(33, file, size, &info, &why), KERN_FAILURE);
    CU_ASSERT_STRING_EQUAL(why, "no such address space");
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, g->index, 0x10000), UINT64_MAX);
}

static const test_case_t budget_tests[] = {
    TEST(budget_stops_a_spinning_guest),
    TEST(exhausted_budget_refuses_until_reset),
    TEST(budget_of_bad_context_fails),
    TEST(budget_is_not_spent_by_exits),
    TEST_END,
};

static const test_case_t disasm_tests[] = {
    TEST(disassembles_the_demo_words),
    TEST(signed_immediates_are_signed),
    TEST(undecodable_word_is_a_long),
    TEST(short_buffer_is_terminated),
    TEST_END,
};

static const test_case_t loader_tests[] = {
    TEST(loads_and_runs_an_elf_program),
    TEST(store_faults_in_a_segment_without_pf_w),
    TEST(rejects_files_that_are_not_ppc_executables),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"budget", suite_guest_setup, suite_guest_teardown, budget_tests},
    {"disasm", NULL, NULL, disasm_tests},
    {"loader", suite_guest_setup, suite_guest_teardown, loader_tests},
    SUITES_END,
};

int main(void) { return harness_run("test_control", suites); }
