/*
 * tests/test_timer.c - kVmmSetTimer / kVmmGetTimer and vmm_stop_vm.
 *
 * Deadlines are in mach_absolute_time() units.  These tests check what
 * happens (the exit code, vmmTimerPop, refusals), never how fast: the
 * latency of a pop is measured by the benchmarks, not here.
 */
#include <CUnit/CUnit.h>

#include "tests/guest.h"
#include "tests/harness.h"

static guest_t *const g = &suite_guest;

static const uint32_t spin[] = {
    PPC_ADDI(3, 3, 1), /* 0x1000 addi r3,r3,1 */
    PPC_B(-4),         /* 0x1004 b 0x1000 */
};

/* ---- timer ---- */

static void get_timer_returns_the_deadline_in_params(void)
{
    CU_ASSERT_EQUAL(set_timer(g->index, 0x123456789ABCDEF0ull), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetTimer, g->index), KERN_SUCCESS);
    CU_ASSERT_EQUAL(g->state->vmmRet.vmmrp32.return_params[0], 0x12345678);
    CU_ASSERT_EQUAL(g->state->vmmRet.vmmrp32.return_params[1], 0x9ABCDEF0);
    CU_ASSERT_EQUAL(set_timer(g->index, 0), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetTimer, g->index), KERN_SUCCESS);
    CU_ASSERT_EQUAL(g->state->vmmRet.vmmrp32.return_params[0], 0);
    CU_ASSERT_EQUAL(g->state->vmmRet.vmmrp32.return_params[1], 0);
}

static void timer_forces_a_spinning_guest_out(void)
{
    g->regs->ppcGPRs[3] = 0;
    guest_code(g, spin, ARRAY_SIZE(spin));
    /* Far enough ahead that a stall before the launch does not make it
     * refuse (the launch would find the timer popped). */
    CU_ASSERT_EQUAL(set_timer(g->index, ms_from_now(300)), KERN_SUCCESS);
    CU_ASSERT_FALSE(g->state->vmmStat & vmmTimerPop);
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnNull);
    CU_ASSERT_EQUAL(g->state->return_code, kVmmReturnNull);
    CU_ASSERT_TRUE(g->state->vmmStat & vmmTimerPop);
    CU_ASSERT_TRUE(g->regs->ppcGPRs[3] > 0);
    CU_ASSERT_TRUE(g->regs->ppcPC == 0x1000 || g->regs->ppcPC == 0x1004);
}

static void popped_timer_refuses_launch(void)
{
    uint32_t r3 = g->regs->ppcGPRs[3];
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnNull);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], r3); /* the guest did not run */
}

static void future_deadline_clears_the_pop(void)
{
    CU_ASSERT_EQUAL(set_timer(g->index, ms_from_now(60000)), KERN_SUCCESS);
    CU_ASSERT_FALSE(g->state->vmmStat & vmmTimerPop);
    const uint32_t code[] = {
        PPC_SC, /* 0x1000 sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(set_timer(g->index, 0), KERN_SUCCESS);
}

static void past_deadline_pops_at_once(void)
{
    CU_ASSERT_EQUAL(set_timer(g->index, 1), KERN_SUCCESS);
    CU_ASSERT_TRUE(g->state->vmmStat & vmmTimerPop);
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnNull);
    CU_ASSERT_EQUAL(set_timer(g->index, 0), KERN_SUCCESS); /* zero clears it */
    CU_ASSERT_FALSE(g->state->vmmStat & vmmTimerPop);
}

static void timer_of_bad_index_fails(void)
{
    CU_ASSERT_EQUAL(set_timer(0, 5), KERN_FAILURE);
    CU_ASSERT_EQUAL(set_timer(33, 5), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetTimer, g->index + 1), KERN_FAILURE);
}

/* ---- stop ---- */

static void stop_refuses_launch_until_xstart(void)
{
    const uint32_t code[] = {
        PPC_LI(3, 9), /* 0x1000 li r3,9 */
        PPC_SC,       /* 0x1004 sc */
    };
    g->regs->ppcGPRs[3] = 0;
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(vmm_stop_vm(0x80000000u >> (g->index - 1)), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_run(g), kVmmStopped);
    CU_ASSERT_EQUAL(g->state->return_code, kVmmStopped);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 0);
    CU_ASSERT_EQUAL(guest_run(g), kVmmStopped); /* still stopped */
    g->state->vmmCntrl |= vmmXStart;
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 9);
    CU_ASSERT_FALSE(g->state->vmmCntrl & vmmXStart); /* consumed */
    CU_ASSERT_FALSE(g->state->vmmStat & vmmXStop);
}

static void stop_of_other_context_does_not_touch_this_one(void)
{
    const uint32_t code[] = {
        PPC_SC, /* 0x1000 sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(vmm_stop_vm(0x80000000u >> g->index), KERN_SUCCESS); /* the next one */
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(vmm_stop_vm(0), KERN_SUCCESS);
}

/* The guest counts in r3 and stores each count at 0x2000; the stopper
 * waits for the first one, so the stop reaches a guest that is running
 * (however late the launch starts), not one still to be launched. */
static void stop_from_another_thread_forces_a_running_guest_out(void)
{
    const uint32_t code[] = {
        PPC_LI(4, GUEST_DATA), /* 0x1000 li r4,0x2000 */
        PPC_LI(3, 0),          /* 0x1004 li r3,0 */
        PPC_ADDI(3, 3, 1),     /* 0x1008 addi r3,r3,1 */
        PPC_STW(3, 0, 4),      /* 0x100c stw r3,0(r4) */
        PPC_B(-8),             /* 0x1010 b 0x1008 */
    };
    stopper_t s;
    be32_put((void *)g->data, 0);
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL_FATAL(stopper_start(&s, g->index, (const uint32_t *)g->data, 10000), 0);
    CU_ASSERT_EQUAL(guest_run(g), kVmmStopped);
    stopper_join(&s);
    CU_ASSERT_TRUE(s.marker_seen);
    CU_ASSERT_EQUAL(g->state->return_code, kVmmStopped);
    CU_ASSERT_TRUE(g->state->vmmStat & vmmXStop);
    /* It ran, and its registers are from after its last store. */
    CU_ASSERT_TRUE(g->regs->ppcGPRs[3] > 0);
    CU_ASSERT_TRUE(g->regs->ppcGPRs[3] >= be32_get((const void *)g->data));
    CU_ASSERT_TRUE(g->regs->ppcPC >= 0x1008 && g->regs->ppcPC <= 0x1010);
    g->state->vmmCntrl |= vmmXStart;
}

static const test_case_t timer_tests[] = {
    TEST(get_timer_returns_the_deadline_in_params),
    TEST(timer_forces_a_spinning_guest_out),
    TEST(popped_timer_refuses_launch),
    TEST(future_deadline_clears_the_pop),
    TEST(past_deadline_pops_at_once),
    TEST(timer_of_bad_index_fails),
    TEST_END,
};

static const test_case_t stop_tests[] = {
    TEST(stop_refuses_launch_until_xstart),
    TEST(stop_of_other_context_does_not_touch_this_one),
    TEST(stop_from_another_thread_forces_a_running_guest_out),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"timer", suite_guest_setup, suite_guest_teardown, timer_tests},
    {"stop", suite_guest_setup, suite_guest_teardown, stop_tests},
    SUITES_END,
};

int main(void) { return harness_run("test_timer", suites); }
