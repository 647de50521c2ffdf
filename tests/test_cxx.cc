/*
 * tests/test_cxx.cc - the public headers from C++.
 *
 * Every installed header must compile as C++ (they carry extern "C"
 * guards), and vmm_dispatch, a macro with a compound literal in C, is a
 * function template there: the same call, each argument widened to 64 bits
 * from its own type.  A link-time wrapper of vmm_dispatch_v (recorder.h,
 * as for test_abi.c) records what arrives.
 */
#include <CUnit/CUnit.h>

#include <vmachmon/control.h>
#include <vmachmon/disasm.h>
#include <vmachmon/guestcall.h>
#include <vmachmon/loader.h>
#include <vmachmon/mach.h>
#include <vmachmon/vmachmon.h>

extern "C" {
#include "tests/harness.h"
}
#include "tests/recorder.h"

static void dispatch_without_arguments(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetVersion), 0x00010007u);
    CU_ASSERT_EQUAL(dispatch_seen.selector, (uint32_t)kVmmGetVersion);
    CU_ASSERT_EQUAL(dispatch_seen.nargs, 0u);
}

/* kVmmGetVersion ignores its arguments: a safe selector to carry them. */
static void dispatch_widens_mixed_arguments_intact(void)
{
    int negative = -5;
    void *high = reinterpret_cast<void *>(0x0000123456789000ull); /* above 4 GiB */
    uint64_t wide = 0xFEDCBA9876543210ull;
    short small = -2;
    unsigned char byte = 0xAB;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetVersion, negative, high, wide, small, byte, 7u),
                    0x00010007u);
    CU_ASSERT_EQUAL(dispatch_seen.nargs, 6u);
    CU_ASSERT_EQUAL((int64_t)dispatch_seen.args[0], -5);
    CU_ASSERT_EQUAL(dispatch_seen.args[1], 0x0000123456789000ull);
    CU_ASSERT_EQUAL(dispatch_seen.args[2], 0xFEDCBA9876543210ull);
    CU_ASSERT_EQUAL((int64_t)dispatch_seen.args[3], -2);
    CU_ASSERT_EQUAL(dispatch_seen.args[4], 0xABu);
    CU_ASSERT_EQUAL(dispatch_seen.args[5], 7u);
}

/* The book's calls, from C++: a context, a page, a guest that returns
 * r3 + 1 with `sc`. */
static void a_guest_runs_from_cxx(void)
{
    vm_address_t state = 0, text = 0;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &state, vm_page_size, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &text, vm_page_size, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    vmm_state_page_t *sp = reinterpret_cast<vmm_state_page_t *>(state);
    CU_ASSERT_EQUAL_FATAL(vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, sp), KERN_SUCCESS);
    vmm_thread_index_t index = sp->thread_index;
    uint8_t *p = reinterpret_cast<uint8_t *>(text);
    const uint32_t code[] = {
        0x38630001, /* 0x1000 addi r3,r3,1 */
        0x44000002, /* 0x1004 sc */
    };
    for (unsigned i = 0; i < 2; i++)
        for (unsigned b = 0; b < 4; b++)
            p[4 * i + b] = (uint8_t)(code[i] >> (24 - 8 * b));
    vmm_regs32_t *r = &sp->vmm_proc_state.ppcRegs.ppcRegs32;
    r->ppcPC = 0x1000;
    r->ppcGPRs[3] = 41;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapExecute, index, text, 0x1000, VM_PROT_ALL),
                    (uint64_t)kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(r->ppcGPRs[3], 42u);
    CU_ASSERT_EQUAL(r->ppcPC, 0x1008u);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, index), KERN_SUCCESS);
    vm_deallocate(mach_task_self(), text, vm_page_size);
    vm_deallocate(mach_task_self(), state, vm_page_size);
}

static const test_case_t cxx_tests[] = {
    TEST(dispatch_without_arguments),
    TEST(dispatch_widens_mixed_arguments_intact),
    TEST(a_guest_runs_from_cxx),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"C++ client", NULL, NULL, cxx_tests},
    SUITES_END,
};

int main() { return harness_run("test_cxx", suites); }
