/*
 * tests/test_xa.c - kVmmActivateXA, kVmmDeactivateXA, kVmmGetXA: the flag
 * checks, the context flush both calls begin with, and what the flags
 * change for a client on this G4.
 */
#include <CUnit/CUnit.h>
#include <string.h>

#include "tests/guest.h"
#include "tests/harness.h"

static guest_t *const g = &suite_guest;

/* Flags outside vmm64Bit | vmmGSA | vmmGMA, or a bad index: refused,
 * without the flush a successful call begins with. */
static void unknown_flags_and_bad_indexes_fail_without_a_flush(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmActivateXA, g->index, 0x10000000), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmActivateXA, 0, 0x00000001), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmDeactivateXA, g->index, 0x00000100), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmActivateXA, 33, vmmGSA), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmDeactivateXA, 0, vmmGSA), KERN_FAILURE);
    CU_ASSERT_NOT_EQUAL(vmm_dispatch(kVmmGetPageMapping, g->index, GUEST_DATA), UINT64_MAX);
}

static void get_xa_of_bad_index_is_zero(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetXA, 0), 0);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetXA, g->index + 1), 0);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetXA, g->index), 0);
}

static void activate_flushes_the_context(void)
{
    const uint32_t code[] = {
        PPC_FADD(1, 1, 1), /* 0x1000 fadd f1,f1,f1 */
        PPC_SC,            /* 0x1004 sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    g->regs->ppcGPRs[5] = 0x55;
    ((vmm_comm_page_t *)g->state)->vmcpComm[10] = 0x1234;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmActivateXA, g->index, vmmGSA), KERN_SUCCESS);
    /* The page is clear but for version and index ... */
    CU_ASSERT_EQUAL(g->state->interface_version, kVmmCurrentVersion);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[5], 0);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0);
    CU_ASSERT_EQUAL(((vmm_comm_page_t *)g->state)->vmcpComm[10], 0);
    /* ... every page of its address space is gone ... */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, g->index, GUEST_DATA), UINT64_MAX);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, g->index, GUEST_TEXT), UINT64_MAX);
    /* ... and so is the FP context. */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetFloatState, g->index), KERN_SUCCESS);
    uint64_t f0;
    memcpy(&f0, &g->state->vmm_proc_state.ppcFPRs[1], 8);
    CU_ASSERT_EQUAL(f0, 0xC24BC19587859393ull);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetXA, g->index), vmmGSA);
    g->text_mapped = 0;
}

static void guest_shadow_assist_unmap_always_succeeds(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage, g->index, 0x7000), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmDeactivateXA, g->index, vmmGSA), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetXA, g->index), 0);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage, g->index, 0x7000), KERN_FAILURE);
}

static void global_mapping_assist_is_accepted_not_recorded(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmActivateXA, g->index, vmmGMA), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetXA, g->index), 0);
}

static void sixty_four_bit_flag_is_accepted_on_this_g4(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmActivateXA, g->index, vmm64Bit), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetXA, g->index), vmm64Bit);
    /* It changes the layout of GetTimer's parameters to the 64-bit one. */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmSetTimer, g->index, 0x11111111, 0x22222222), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetTimer, g->index), KERN_SUCCESS);
    CU_ASSERT_EQUAL(g->state->vmmRet.vmmrp64.return_params[0], 0x11111111);
    CU_ASSERT_EQUAL(g->state->vmmRet.vmmrp64.return_params[1], 0x22222222);
    vmm_dispatch(kVmmSetTimer, g->index, 0, 0);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmDeactivateXA, g->index, vmm64Bit), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetXA, g->index), 0);
}

static void flush_clears_flags_but_in_use(void)
{
    CU_ASSERT_EQUAL(vmm_stop_vm(0x80000000u >> (g->index - 1)), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmDeactivateXA, g->index, 0), KERN_SUCCESS);
    /* vmmXStop went with the flush: the context runs again at once. */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, g->index, g->data, GUEST_DATA, VM_PROT_ALL),
                    KERN_SUCCESS);
    const uint32_t code[] = {
        PPC_SC, /* 0x1000 sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->state->vmmStat, vmmInUse);
}

static const test_case_t xa_tests[] = {
    TEST(unknown_flags_and_bad_indexes_fail_without_a_flush),
    TEST(get_xa_of_bad_index_is_zero),
    TEST(activate_flushes_the_context),
    TEST(guest_shadow_assist_unmap_always_succeeds),
    TEST(global_mapping_assist_is_accepted_not_recorded),
    TEST(sixty_four_bit_flag_is_accepted_on_this_g4),
    TEST(flush_clears_flags_but_in_use),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"xa", suite_guest_setup, suite_guest_teardown, xa_tests},
    SUITES_END,
};

int main(void) { return harness_run("test_xa", suites); }
