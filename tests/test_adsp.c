/*
 * tests/test_adsp.c - guest address spaces apart from contexts, the 64-bit
 * address flavours, kVmmMaxAddr, and the protection keys (kVmmProt* with
 * vmmKey), for data accesses and for instruction fetches.
 */
#include <CUnit/CUnit.h>

#include "tests/guest.h"
#include "tests/harness.h"

static guest_t g1, g2;
static vm_address_t other; /* a page mapped only in address space 2 */

static int setup(void)
{
    if (guest_init(&g1) || guest_init(&g2))
        return -1;
    return vm_allocate(mach_task_self(), &other, vm_page_size, VM_FLAGS_ANYWHERE);
}

static int teardown(void)
{
    guest_fini(&g2);
    guest_fini(&g1);
    vm_deallocate(mach_task_self(), other, vm_page_size);
    return 0;
}

/* ---- address spaces ---- */

static const uint32_t load_0x30000000[] = {
    PPC_LIS(4, 0x3000), /* 0x1000 lis r4,0x3000 */
    PPC_LWZ(3, 0, 4),   /* 0x1004 lwz r3,0(r4) */
    PPC_SC,             /* 0x1008 sc */
};

static void context_runs_in_another_address_space(void)
{
    /* Context 1's code, and a data page, in address space 2. */
    be32_put((void *)other, 0x22222222);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, g2.index, other, 0x30000000, VM_PROT_ALL),
                    KERN_SUCCESS);
    guest_code(&g1, load_0x30000000, ARRAY_SIZE(load_0x30000000));
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, g2.index, g1.text, GUEST_TEXT, VM_PROT_ALL),
                    KERN_SUCCESS);
    uint32_t idx = g1.index | g2.index << 8;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, idx), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g1.regs->ppcGPRs[3], 0x22222222);
    /* In its own address space the same load faults: nothing there. */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, g1.index, g1.text, GUEST_TEXT, VM_PROT_ALL),
                    KERN_SUCCESS);
    g1.regs->ppcPC = GUEST_TEXT;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, g1.index), kVmmReturnDataPageFault);
}

static void address_space_out_of_range_is_refused(void)
{
    uint32_t rc = g1.state->return_code;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, g1.index | 33u << 8), kVmmInvalidAdSpace);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, g1.index | 0xFFu << 8), kVmmInvalidAdSpace);
    CU_ASSERT_EQUAL(g1.state->return_code, rc);
}

static void empty_address_space_gives_a_synthetic_isi(void)
{
    /* Address space 9 has no context, hence no pmap. */
    g1.regs->ppcPC = 0x12345678;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, g1.index | 9u << 8), kVmmReturnInstrPageFault);
    CU_ASSERT_EQUAL(g1.state->return_code, kVmmReturnInstrPageFault);
    CU_ASSERT_EQUAL(g1.state->vmmRet.vmmrp32.return_params[0], 0x12345678);
    CU_ASSERT_EQUAL(g1.state->vmmRet.vmmrp32.return_params[1], 0x40000000);
    CU_ASSERT_EQUAL(g1.regs->ppcPC, 0x12345678); /* the guest did not run */
    g1.regs->ppcPC = GUEST_TEXT;
}

static void mapping_into_a_missing_address_space_fails(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, 9, other, 0x30000000, VM_PROT_ALL), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage, 9, 0x30000000, VM_PROT_ALL), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage, 9, 0x30000000), 0xFFFFFFFFu);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageDirtyFlag, 9, 0x30000000, 0), 1);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, 9, 0x30000000), UINT64_MAX);
}

static void fused_map_execute_launches_in_the_context_space(void)
{
    /* kVmmMapExecute with an address-space byte maps there, but runs the
     * context in its own address space (the kernel launched the bare
     * context number): here the code is missing from space 1. */
    vmm_dispatch(kVmmUnmapPage, g1.index, GUEST_TEXT);
    vmm_dispatch(kVmmUnmapPage, g2.index, GUEST_TEXT);
    g1.regs->ppcPC = GUEST_TEXT;
    uint32_t idx = g1.index | g2.index << 8;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapExecute, idx, g1.text, GUEST_TEXT, VM_PROT_ALL),
                    kVmmReturnInstrPageFault);
    CU_ASSERT_TRUE(vmm_dispatch(kVmmGetPageMapping, g2.index, GUEST_TEXT) != UINT64_MAX);
}

/* ---- 64-bit flavours and the maximum address ---- */

static void max_address_is_4_gib_minus_1(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMaxAddr), 0xFFFFFFFFull);
}

static void sixty_four_bit_flavours_reject_large_addresses(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage64, g1.index, other, 0x100000000ull, VM_PROT_ALL),
                    kVmmInvalidAddress);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapExecute64, g1.index, other, 0x100000000ull,
                                 VM_PROT_ALL),
                    kVmmInvalidAddress);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping64, g1.index, 0x100000000ull), UINT64_MAX);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage64, g1.index, 0x100000000ull), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageDirtyFlag64, g1.index, 0x100000000ull, 0), 1);
}

static void sixty_four_bit_flavours_work_below_4_gib(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage64, g1.index, (uint64_t)other, 0xFFFFF000ull,
                                 VM_PROT_ALL),
                    KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping64, g1.index, 0xFFFFF000ull), (uint64_t)other);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage64, g1.index, 0xFFFFF000ull, VM_PROT_READ),
                    KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageDirtyFlag64, g1.index, 0xFFFFF000ull, 1), 0);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage64, g1.index, 0xFFFFF000ull), KERN_SUCCESS);
}

static void thirty_two_bit_flavours_drop_the_high_half(void)
{
    /* The 32-bit shims cleared the high word: 0x1_2000_3000 is 0x2000_3000. */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, g1.index, other, 0x120003000ull, VM_PROT_ALL),
                    KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping64, g1.index, 0x20003000ull), (uint64_t)other);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage, g1.index, 0x120003000ull), KERN_SUCCESS);
}

/* ---- protection keys ---- */

/* Runs g1 once with vmmKey set (key 1) or clear (key 0); returns the
 * exit code, leaving vmmKey clear. */
static uint32_t run_with_key(int key)
{
    if (key)
        g1.state->vmmCntrl |= vmmKey;
    else
        g1.state->vmmCntrl &= ~vmmKey;
    uint32_t rc = (uint32_t)vmm_dispatch(kVmmExecuteVM, g1.index);
    g1.state->vmmCntrl &= ~vmmKey;
    return rc;
}

static uint32_t try_access(uint32_t prot, int key, int store)
{
    const uint32_t code[] = {
        PPC_LIS(4, 0x3100),         /* 0x1000 lis r4,0x3100 */
        store ? PPC_STW(5, 0, 4)    /* 0x1004 stw r5,0(r4) */
              : PPC_LWZ(5, 0, 4),   /*        lwz r5,0(r4) */
        PPC_SC,                     /* 0x1008 sc */
    };
    vmm_dispatch(kVmmMapPage, g1.index, other, 0x31000000, prot);
    vmm_dispatch(kVmmMapPage, g1.index, g1.text, GUEST_TEXT, VM_PROT_ALL);
    guest_code(&g1, code, ARRAY_SIZE(code));
    uint32_t rc = run_with_key(key);
    return rc == kVmmReturnDataPageFault ? g1.state->vmmRet.vmmrp32.return_params[1] : rc;
}

static void extended_protection_with_key_0(void)
{
    CU_ASSERT_EQUAL(try_access(kVmmProtNARW, 0, 0), 0x08000000);      /* no access */
    CU_ASSERT_EQUAL(try_access(kVmmProtRORW, 0, 0), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(try_access(kVmmProtRORW, 0, 1), 0x0A000000);      /* read only */
    CU_ASSERT_EQUAL(try_access(kVmmProtRWRW, 0, 1), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(try_access(kVmmProtRORO, 0, 1), 0x0A000000);
}

static void extended_protection_with_key_1(void)
{
    CU_ASSERT_EQUAL(try_access(kVmmProtNARW, 1, 1), kVmmReturnSystemCall); /* read/write */
    CU_ASSERT_EQUAL(try_access(kVmmProtRORW, 1, 1), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(try_access(kVmmProtRWRW, 1, 1), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(try_access(kVmmProtRORO, 1, 1), 0x0A000000);           /* read only */
    CU_ASSERT_EQUAL(try_access(kVmmProtRORO, 1, 0), kVmmReturnSystemCall);
}

static void mach_protections_map_onto_the_modes(void)
{
    CU_ASSERT_EQUAL(try_access(VM_PROT_NONE, 0, 0), 0x08000000);
    CU_ASSERT_EQUAL(try_access(VM_PROT_READ, 0, 1), 0x0A000000);
    CU_ASSERT_EQUAL(try_access(VM_PROT_WRITE, 0, 1), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(try_access(VM_PROT_EXECUTE, 0, 0), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(try_access(VM_PROT_DEFAULT, 0, 1), kVmmReturnSystemCall);
}

/* Runs `li r3,0x77; sc` from a code page mapped with prot under vmmKey
 * key; returns the ISI's reason bits, or the exit code if it was none. */
static uint32_t try_fetch(uint32_t prot, int key)
{
    static const uint32_t code[] = {
        PPC_LI(3, 0x77), /* 0x1000 li r3,0x77 */
        PPC_SC,          /* 0x1004 sc */
    };
    guest_code(&g1, code, ARRAY_SIZE(code));
    g1.regs->ppcGPRs[3] = 0;
    vmm_dispatch(kVmmMapPage, g1.index, g1.text, GUEST_TEXT, prot);
    uint32_t rc = run_with_key(key);
    if (rc != kVmmReturnInstrPageFault)
        return rc;
    /* Nothing ran, and the fault names the first instruction. */
    CU_ASSERT_EQUAL(g1.regs->ppcPC, GUEST_TEXT);
    CU_ASSERT_EQUAL(g1.regs->ppcGPRs[3], 0);
    CU_ASSERT_EQUAL(guest_params(&g1)[0], GUEST_TEXT);
    CU_ASSERT_EQUAL(g1.regs->ppcMSR & 0x78000000u, guest_params(&g1)[1]);
    return guest_params(&g1)[1];
}

static void fetch_from_a_no_access_page_is_a_protection_isi(void)
{
    /* The engine alone would run it: a G4 reads to fetch. */
    CU_ASSERT_EQUAL(try_fetch(VM_PROT_NONE, 0), 0x08000000);
    CU_ASSERT_EQUAL(try_fetch(kVmmProtNARW, 0), 0x08000000);
    CU_ASSERT_EQUAL(try_fetch(kVmmProtRORO, 0), kVmmReturnSystemCall); /* readable */
    CU_ASSERT_EQUAL(g1.regs->ppcGPRs[3], 0x77);
}

static void fetch_from_a_no_access_page_runs_under_key_1(void)
{
    CU_ASSERT_EQUAL(try_fetch(kVmmProtNARW, 1), kVmmReturnSystemCall); /* read/write */
    CU_ASSERT_EQUAL(g1.regs->ppcGPRs[3], 0x77);
}

static void no_access_page_let_in_under_key_1_is_closed_again_for_key_0(void)
{
    /* The key 1 run puts the page's PTE in the hashed table; the key 0
     * run after it, in the same address space, must not use it. */
    CU_ASSERT_EQUAL(try_fetch(kVmmProtNARW, 1), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(try_fetch(kVmmProtNARW, 0), 0x08000000);
    CU_ASSERT_EQUAL(try_fetch(kVmmProtNARW, 1), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(try_access(kVmmProtNARW, 1, 1), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(try_access(kVmmProtNARW, 0, 1), 0x0A000000);
}

static void protecting_code_that_ran_to_none_stops_its_fetch(void)
{
    CU_ASSERT_EQUAL(try_fetch(VM_PROT_ALL, 0), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage, g1.index, GUEST_TEXT, VM_PROT_NONE),
                    KERN_SUCCESS);
    g1.regs->ppcPC = GUEST_TEXT;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, g1.index), kVmmReturnInstrPageFault);
    CU_ASSERT_EQUAL(guest_params(&g1)[1], 0x08000000);
    /* And back: it runs again. */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage, g1.index, GUEST_TEXT, VM_PROT_READ),
                    KERN_SUCCESS);
    g1.regs->ppcPC = GUEST_TEXT;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, g1.index), kVmmReturnSystemCall);
}

static const test_case_t adsp_tests[] = {
    TEST(context_runs_in_another_address_space),
    TEST(address_space_out_of_range_is_refused),
    TEST(empty_address_space_gives_a_synthetic_isi),
    TEST(mapping_into_a_missing_address_space_fails),
    TEST(fused_map_execute_launches_in_the_context_space),
    TEST(max_address_is_4_gib_minus_1),
    TEST(sixty_four_bit_flavours_reject_large_addresses),
    TEST(sixty_four_bit_flavours_work_below_4_gib),
    TEST(thirty_two_bit_flavours_drop_the_high_half),
    TEST(extended_protection_with_key_0),
    TEST(extended_protection_with_key_1),
    TEST(mach_protections_map_onto_the_modes),
    TEST(fetch_from_a_no_access_page_is_a_protection_isi),
    TEST(fetch_from_a_no_access_page_runs_under_key_1),
    TEST(no_access_page_let_in_under_key_1_is_closed_again_for_key_0),
    TEST(protecting_code_that_ran_to_none_stops_its_fetch),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"address spaces", setup, teardown, adsp_tests},
    SUITES_END,
};

int main(void) { return harness_run("test_adsp", suites); }
