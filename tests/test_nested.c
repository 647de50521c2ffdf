/*
 * tests/test_nested.c - an outer context's stop, timer and instruction
 * budget reach the virtual machine its guest runs (vmachmon/nested.c).
 *
 * The outer guest (routed calls, text at 0x1000) creates a context of its
 * own through vmm_dispatch (0x6004) with its page 0x3000 as the state
 * page, writes the inner guest's code into its page 0x4000, maps its data
 * page 0x2000 (the host's g.data) at the inner 0x5000, and runs the inner
 * guest with kVmmMapExecute; then it records the inner exit code and the
 * inner return_code, and hits an illegal word (back to the host):
 *
 *     li r31,0x3000 ; li r24,0x4000 ; li r26,-1
 *     li r0,0x6004 ; li r3,kVmmInitContext ; lis r4,1 ; ori r4,r4,7
 *     mr r5,r31 ; sc                         init context 1.7
 *     lwz r21,4(r31)                         thread_index
 *     li r22,0x1000 ; stw r22,0x40(r31)      inner PC = 0x1000
 *     (lis r23,hi ; ori r23,r23,lo ; stw r23,4k(r24)) per inner word
 *     li r0,0x6004 ; li r3,kVmmMapPage ; mr r4,r21 ; li r5,0x2000
 *     li r6,0x5000 ; li r7,7 ; sc            inner 0x5000 = outer 0x2000
 *     mr r25,r3                              its kern_return
 *     li r0,0x6004 ; li r3,kVmmMapExecute ; mr r4,r21 ; mr r5,r24
 *     li r6,0x1000 ; li r7,7 ; sc            run the inner guest
 *     mr r26,r3                              the inner exit code
 *     lwz r29,0x10(r31)                      the inner return_code
 *     .long 0                                illegal: back to the host
 *
 * The inner guest that never ends counts in r3 and stores the count at
 * its 0x5000: the host sees in g.data that it is running.  Whatever stops
 * it must do so from the outside, so every launch here has something that
 * ends it even when the machine is too loaded for the test's plan: a stop
 * waits for the count (and gives up after 10 s), a timer is set 300 ms
 * ahead, and a relaunch has a budget.
 */
#include <CUnit/CUnit.h>
#include <pthread.h>
#include <stdatomic.h>

#include <vmachmon/control.h>
#include <vmachmon/guestcall.h>

#include "tests/guest.h"
#include "tests/harness.h"

static guest_t g;
static uint32_t resume_pc; /* the outer guest's `mr r26,r3`, after its sc */

#define R(n) (g.regs->ppcGPRs[n])
#define INNER_DATA 0x5000u /* the outer guest's 0x2000, the host's g.data */

/* The inner guests. */
static const uint32_t count_forever[] = {
    PPC_LI(4, INNER_DATA), /* 0x1000: li r4,0x5000 */
    PPC_LI(3, 0),          /* 0x1004: li r3,0 */
    PPC_ADDI(3, 3, 1),     /* 0x1008: addi r3,r3,1 */
    PPC_STW(3, 0, 4),      /* 0x100c: stw r3,0(r4) */
    PPC_B(-8),             /* 0x1010: b 0x1008 */
};
static const uint32_t count_1000[] = {
    PPC_LI(3, 1000), /* 0x1000: li r3,1000 */
    PPC_MTCTR(3),    /* 0x1004: mtctr r3 */
    PPC_BDNZ(0),     /* 0x1008: bdnz . (1000 times) */
    0,               /* 0x100c: illegal: back to the outer guest */
};

/* Sets up g with a route and the outer guest running `inner`. */
static int outer_guest(const uint32_t *inner, size_t n)
{
    if (guest_init(&g) != 0)
        return -1;
    CU_ASSERT_EQUAL_FATAL(vmm_guestcall_install(g.index, NULL), KERN_SUCCESS);
    for (uint32_t gva = 0x3000; gva <= 0x4000; gva += 0x1000) {
        vm_address_t p = page_alloc();
        CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, g.index, p, gva, VM_PROT_READ | VM_PROT_WRITE),
                        KERN_SUCCESS);
        page_free(p); /* the mapping keeps it */
    }
    uint32_t code[128];
    size_t k = 0;
    code[k++] = PPC_LI(31, 0x3000);
    code[k++] = PPC_LI(24, 0x4000);
    code[k++] = PPC_LI(26, -1);
    code[k++] = PPC_LI(0, 0x6004);
    code[k++] = PPC_LI(3, kVmmInitContext);
    code[k++] = PPC_LIS(4, 1);
    code[k++] = PPC_ORI(4, 4, 7);
    code[k++] = PPC_MR(5, 31);
    code[k++] = PPC_SC;
    code[k++] = PPC_LWZ(21, 4, 31);
    code[k++] = PPC_LI(22, 0x1000);
    code[k++] = PPC_STW(22, 0x40, 31);
    for (size_t i = 0; i < n; i++) {
        code[k++] = PPC_LIS(23, inner[i] >> 16);
        code[k++] = PPC_ORI(23, 23, inner[i] & 0xFFFF);
        code[k++] = PPC_STW(23, 4 * (int)i, 24);
    }
    code[k++] = PPC_LI(0, 0x6004);
    code[k++] = PPC_LI(3, kVmmMapPage);
    code[k++] = PPC_MR(4, 21);
    code[k++] = PPC_LI(5, GUEST_DATA);
    code[k++] = PPC_LI(6, INNER_DATA);
    code[k++] = PPC_LI(7, 7);
    code[k++] = PPC_SC;
    code[k++] = PPC_MR(25, 3);
    code[k++] = PPC_LI(0, 0x6004);
    code[k++] = PPC_LI(3, kVmmMapExecute);
    code[k++] = PPC_MR(4, 21);
    code[k++] = PPC_MR(5, 24);
    code[k++] = PPC_LI(6, 0x1000);
    code[k++] = PPC_LI(7, 7);
    code[k++] = PPC_SC;
    resume_pc = GUEST_TEXT + 4 * (uint32_t)k;
    code[k++] = PPC_MR(26, 3);
    code[k++] = PPC_LWZ(29, 0x10, 31);
    code[k++] = 0;
    guest_code(&g, code, k);
    return 0;
}

/* True if the outer guest left right after its inner launch, having run
 * the inner guest (which counts at g.data) and mapped its page for it. */
static int left_after_inner_launch(void)
{
    CU_ASSERT_EQUAL(R(25), KERN_SUCCESS);
    CU_ASSERT_NOT_EQUAL(be32_get((const void *)g.data), 0);
    CU_ASSERT_EQUAL(g.regs->ppcPC, resume_pc);
    return g.regs->ppcPC == resume_pc;
}

/* Relaunches the outer guest (past a stop) to its illegal word.  Only
 * from resume_pc: from anywhere before it the relaunch would run the
 * endless inner guest again; the budget makes even that end. */
static void finish_outer(void)
{
    if (g.regs->ppcPC != resume_pc)
        return;
    g.state->vmmCntrl |= vmmXStart;
    CU_ASSERT_EQUAL(vmm_set_instruction_budget(g.index, 100000), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_run(&g), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(vmm_set_instruction_budget(g.index, 0), KERN_SUCCESS);
    CU_ASSERT_EQUAL(R(26), kVmmReturnNull); /* what the inner launch returned */
    CU_ASSERT_EQUAL(R(29), kVmmReturnNull); /* and its state page says */
}

/* The inner guest counts forever; a stop of the outer context from
 * another thread, once the count shows, forces it out, and the outer
 * guest leaves with kVmmStopped right after its call. */
static void stop_of_outer_context_stops_inner_guest(void)
{
    if (outer_guest(count_forever, ARRAY_SIZE(count_forever)) == 0) {
        stopper_t s;
        CU_ASSERT_EQUAL_FATAL(stopper_start(&s, g.index, (const uint32_t *)g.data, 10000), 0);
        CU_ASSERT_EQUAL(guest_run(&g), kVmmStopped);
        stopper_join(&s);
        CU_ASSERT_TRUE(s.marker_seen);
        if (left_after_inner_launch()) {
            CU_ASSERT_EQUAL(R(3), kVmmReturnNull);
            finish_outer();
        }
    }
    guest_fini(&g);
}

/* A timer of the outer context pops while the inner guest counts. */
static void timer_of_outer_context_stops_inner_guest(void)
{
    if (outer_guest(count_forever, ARRAY_SIZE(count_forever)) == 0) {
        uint64_t deadline = ms_from_now(300);
        CU_ASSERT_EQUAL(set_timer(g.index, deadline), KERN_SUCCESS);
        CU_ASSERT_EQUAL(guest_run(&g), kVmmReturnNull);
        CU_ASSERT(g.state->vmmStat & vmmTimerPop);
        CU_ASSERT(mach_absolute_time() >= deadline);
        CU_ASSERT_EQUAL(set_timer(g.index, 0), KERN_SUCCESS);
        if (left_after_inner_launch()) {
            CU_ASSERT_EQUAL(R(3), kVmmReturnNull);
            finish_outer();
        }
    }
    guest_fini(&g);
}

/* The outer budget bounds the inner guest: it runs out inside, and the
 * outer guest leaves with kVmmReturnNull as soon as it resumes. */
static void budget_of_outer_context_bounds_inner_guest(void)
{
    if (outer_guest(count_forever, ARRAY_SIZE(count_forever)) == 0) {
        CU_ASSERT_EQUAL(vmm_set_instruction_budget(g.index, 1000000), KERN_SUCCESS);
        CU_ASSERT_EQUAL(guest_run(&g), kVmmReturnNull);
        CU_ASSERT_EQUAL(vmm_instruction_budget_left(g.index), 0);
        if (left_after_inner_launch()) {
            CU_ASSERT_EQUAL(R(3), kVmmReturnNull);
            /* Used up: another launch leaves at once, as the budget says. */
            CU_ASSERT_EQUAL(guest_run(&g), kVmmReturnNull);
            CU_ASSERT_EQUAL(g.regs->ppcPC, resume_pc);
            CU_ASSERT_EQUAL(vmm_set_instruction_budget(g.index, 0), KERN_SUCCESS);
            finish_outer();
        }
    }
    guest_fini(&g);
}

/* What the inner guest ran is charged to the outer budget: its 1000-turn
 * loop costs at least 1000 instructions of it. */
static void inner_instructions_are_charged_to_outer_budget(void)
{
    if (outer_guest(count_1000, ARRAY_SIZE(count_1000)) == 0) {
        CU_ASSERT_EQUAL(vmm_set_instruction_budget(g.index, 100000), KERN_SUCCESS);
        CU_ASSERT_EQUAL(guest_run(&g), kVmmReturnProgramException);
        CU_ASSERT_EQUAL(R(26), kVmmReturnProgramException); /* the inner illegal word */
        uint64_t left = vmm_instruction_budget_left(g.index);
        CU_ASSERT(left <= 100000 - 1000);
        CU_ASSERT(left > 100000 - 2000); /* and not much more than it ran */
    }
    guest_fini(&g);
}

/* Without a budget on the outer context, the inner guest has none either:
 * the loop runs to its end and the outer context still has no budget. */
static void no_outer_budget_means_no_inner_limit(void)
{
    if (outer_guest(count_1000, ARRAY_SIZE(count_1000)) == 0) {
        CU_ASSERT_EQUAL(guest_run(&g), kVmmReturnProgramException);
        CU_ASSERT_EQUAL(R(26), kVmmReturnProgramException);
        CU_ASSERT_EQUAL(vmm_instruction_budget_left(g.index), 0);
    }
    guest_fini(&g);
}

/* Stops context `index` over and over until told to quit. */
typedef struct repeater {
    uint32_t index;
    atomic_int quit;
} repeater_t;

static void *stop_repeatedly(void *arg)
{
    repeater_t *s = arg;
    while (!atomic_load(&s->quit))
        vmm_stop_vm(0x80000000u >> (s->index - 1));
    return NULL;
}

/* vmm_stop_vm follows a context's route to the guest's own contexts, from
 * another thread, under the task lock: installing and removing the route
 * meanwhile must take the same lock (a data race a thread sanitizer build
 * reports otherwise).  Here they only have to keep working. */
static void route_install_races_stop_from_another_thread(void)
{
    if (guest_init(&g) == 0) {
        repeater_t s = {.index = g.index};
        pthread_t stopper;
        CU_ASSERT_EQUAL_FATAL(pthread_create(&stopper, NULL, stop_repeatedly, &s), 0);
        for (int i = 0; i < 20000; i++) {
            CU_ASSERT_EQUAL(vmm_guestcall_install(g.index, NULL), KERN_SUCCESS);
            CU_ASSERT_EQUAL(vmm_guestcall_remove(g.index), KERN_SUCCESS);
        }
        atomic_store(&s.quit, 1);
        pthread_join(stopper, NULL);
    }
    guest_fini(&g);
}

static const test_case_t cases[] = {
    TEST(stop_of_outer_context_stops_inner_guest),
    TEST(timer_of_outer_context_stops_inner_guest),
    TEST(budget_of_outer_context_bounds_inner_guest),
    TEST(inner_instructions_are_charged_to_outer_budget),
    TEST(no_outer_budget_means_no_inner_limit),
    TEST(route_install_races_stop_from_another_thread),
    TEST_END,
};

int main(void)
{
    static const test_suite_t suites[] = {
        {"nested", NULL, NULL, cases},
        SUITES_END,
    };
    return harness_run("test_nested", suites);
}
