/*
 * tests/test_mach.c - the Darwin compatibility names of <vmachmon/mach.h>:
 * kern_return_t values and mach_error strings (reference section 7),
 * mach_error on stderr, vm_allocate / vm_deallocate, the clock, the page
 * size.
 */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ppc/physmem.h"
#include "tests/guest.h"
#include "tests/harness.h"

#define PAGE 4096u

/* ---- kern_return_t and mach_error_string ---- */

typedef struct kern_entry {
    kern_return_t value; /* the constant */
    int number;          /* the reference's number */
    const char *text;    /* mach_error_string() */
} kern_entry_t;

#define K(name, number, text) {name, number, text}

static const kern_entry_t kern_table[] = {
    K(KERN_SUCCESS, 0, "(os/kern) successful"),
    K(KERN_INVALID_ADDRESS, 1, "(os/kern) invalid address"),
    K(KERN_PROTECTION_FAILURE, 2, "(os/kern) protection failure"),
    K(KERN_NO_SPACE, 3, "(os/kern) no space available"),
    K(KERN_INVALID_ARGUMENT, 4, "(os/kern) invalid argument"),
    K(KERN_FAILURE, 5, "(os/kern) failure"),
    K(KERN_RESOURCE_SHORTAGE, 6, "(os/kern) resource shortage"),
    K(KERN_NOT_RECEIVER, 7, "(os/kern) not receiver"),
    K(KERN_NO_ACCESS, 8, "(os/kern) no access"),
    K(KERN_MEMORY_FAILURE, 9, "(os/kern) memory failure"),
    K(KERN_MEMORY_ERROR, 10, "(os/kern) memory error"),
    K(KERN_ALREADY_IN_SET, 11, "(os/kern) already in set"),
    K(KERN_NOT_IN_SET, 12, "(os/kern) not in set"),
    K(KERN_NAME_EXISTS, 13, "(os/kern) name exists"),
    K(KERN_ABORTED, 14, "(os/kern) aborted"),
    K(KERN_INVALID_NAME, 15, "(os/kern) invalid name"),
    K(KERN_INVALID_TASK, 16, "(os/kern) invalid task"),
    K(KERN_INVALID_RIGHT, 17, "(os/kern) invalid right"),
    K(KERN_INVALID_VALUE, 18, "(os/kern) invalid value"),
    K(KERN_UREFS_OVERFLOW, 19, "(os/kern) urefs overflow"),
    K(KERN_INVALID_CAPABILITY, 20, "(os/kern) invalid capability"),
    K(KERN_RIGHT_EXISTS, 21, "(os/kern) right exists"),
    K(KERN_INVALID_HOST, 22, "(os/kern) invalid host"),
    K(KERN_MEMORY_PRESENT, 23, "(os/kern) memory present"),
    K(KERN_MEMORY_DATA_MOVED, 24, "(os/kern) memory data moved"),
    K(KERN_MEMORY_RESTART_COPY, 25, "(os/kern) memory restart copy"),
    K(KERN_INVALID_PROCESSOR_SET, 26, "(os/kern) invalid processor set"),
    K(KERN_POLICY_LIMIT, 27, "(os/kern) policy limit"),
    K(KERN_INVALID_POLICY, 28, "(os/kern) invalid policy"),
    K(KERN_INVALID_OBJECT, 29, "(os/kern) invalid object"),
    K(KERN_ALREADY_WAITING, 30, "(os/kern) already waiting"),
    K(KERN_DEFAULT_SET, 31, "(os/kern) default set"),
    K(KERN_EXCEPTION_PROTECTED, 32, "(os/kern) exception protected"),
    K(KERN_INVALID_LEDGER, 33, "(os/kern) invalid ledger"),
    K(KERN_INVALID_MEMORY_CONTROL, 34, "(os/kern) invalid memory control"),
    K(KERN_INVALID_SECURITY, 35, "(os/kern) invalid security"),
    K(KERN_NOT_DEPRESSED, 36, "(os/kern) not depressed"),
    K(KERN_TERMINATED, 37, "(os/kern) object terminated"),
    K(KERN_LOCK_SET_DESTROYED, 38, "(os/kern) lock set destroyed"),
    K(KERN_LOCK_UNSTABLE, 39, "(os/kern) lock unstable"),
    K(KERN_LOCK_OWNED, 40, "(os/kern) lock owned by another"),
    K(KERN_LOCK_OWNED_SELF, 41, "(os/kern) lock owned by self"),
    K(KERN_SEMAPHORE_DESTROYED, 42, "(os/kern) semaphore destroyed"),
    K(KERN_RPC_SERVER_TERMINATED, 43, "(os/kern) RPC terminated"),
    K(KERN_RPC_TERMINATE_ORPHAN, 44, "(os/kern) terminate orphan"),
    K(KERN_RPC_CONTINUE_ORPHAN, 45, "(os/kern) let orphan continue"),
    K(KERN_NOT_SUPPORTED, 46, "(os/kern) service not supported"),
    K(KERN_NODE_DOWN, 47, "(os/kern) remote node down"),
    /* Darwin's table stops at 47: these two are "diag" strings. */
    K(KERN_NOT_WAITING, 48, "(os/kern) unknown error code (30)"),
    K(KERN_OPERATION_TIMED_OUT, 49, "(os/kern) unknown error code (31)"),
};

static void kern_return_values(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(kern_table); i++)
        CU_ASSERT_EQUAL(kern_table[i].value, kern_table[i].number);
}

static void error_string_of_every_kernel_code(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(kern_table); i++) {
        const char *s = mach_error_string(kern_table[i].number);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        if (strcmp(s, kern_table[i].text) != 0)
            TEST_FAILF("%d gives \"%s\", not \"%s\"", kern_table[i].number, s,
                       kern_table[i].text);
    }
}

static void error_string_of_vmm_codes_beyond_the_table(void)
{
    CU_ASSERT_STRING_EQUAL(mach_error_string(kVmmInvalidAddress),
                           "(os/kern) unknown error code (1000)");
    CU_ASSERT_STRING_EQUAL(mach_error_string(kVmmInvalidAdSpace),
                           "(os/kern) unknown error code (1001)");
    CU_ASSERT_STRING_EQUAL(mach_error_string(50), "(os/kern) unknown error code (32)");
}

/* System 0x20 (bits 26-31), which Darwin does not assign either: no table
 * and no type name, so the "diag" form with "(?/?)". */
static void error_string_of_another_system(void)
{
    mach_error_t err = (mach_error_t)(0x20u << 26 | 5);
    CU_ASSERT_STRING_EQUAL(mach_error_type(err), "(?/?)");
    CU_ASSERT_STRING_EQUAL(mach_error_string(err), "(?/?) unknown error code (80000005)");
    CU_ASSERT_STRING_EQUAL(mach_error_type(KERN_FAILURE), "(os/kern)");
}

/* Runs mach_error(str, err) with stderr sent into a pipe; returns what it
 * wrote (static buffer). */
static const char *mach_error_output(const char *str, mach_error_t err)
{
    static char out[256];
    int fds[2], saved;
    memset(out, 0, sizeof out);
    fflush(stderr);
    if (pipe(fds) != 0 || (saved = dup(STDERR_FILENO)) < 0) {
        CU_FAIL("pipe/dup");
        return out;
    }
    dup2(fds[1], STDERR_FILENO);
    mach_error(str, err);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(fds[1]);
    size_t n = 0;
    ssize_t r;
    while (n < sizeof out - 1 && (r = read(fds[0], out + n, sizeof out - 1 - n)) > 0)
        n += (size_t)r;
    close(fds[0]);
    return out;
}

static void mach_error_writes_label_and_string_to_stderr(void)
{
    CU_ASSERT_STRING_EQUAL(mach_error_output("*** vmm_map_execute32", kVmmReturnProgramException),
                           "*** vmm_map_execute32 (os/kern) not receiver\n");
    CU_ASSERT_STRING_EQUAL(mach_error_output("*** vm_allocate:", KERN_NO_SPACE),
                           "*** vm_allocate: (os/kern) no space available\n");
    CU_ASSERT_STRING_EQUAL(mach_error_output("x", kVmmInvalidAddress),
                           "x (os/kern) unknown error code (1000)\n");
}

/* ---- vm_allocate ---- */

static void allocate_anywhere_gives_zeroed_aligned_pages(void)
{
    vm_address_t a = 0;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &a, 3 * PAGE, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    CU_ASSERT_NOT_EQUAL(a, 0);
    CU_ASSERT_EQUAL(a % PAGE, 0);
    CU_ASSERT_TRUE(bytes_all((void *)a, 3 * PAGE, 0));
    memset((void *)a, 0x5A, 3 * PAGE); /* writable, all of it */
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), a, 3 * PAGE), KERN_SUCCESS);
}

static void allocate_twice_gives_distinct_pages(void)
{
    vm_address_t a = 0, b = 0;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &a, PAGE, VM_FLAGS_ANYWHERE), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &b, PAGE, VM_FLAGS_ANYWHERE), KERN_SUCCESS);
    CU_ASSERT_NOT_EQUAL(a, b);
    vm_deallocate(mach_task_self(), a, PAGE);
    vm_deallocate(mach_task_self(), b, PAGE);
}

/* 4097 bytes take two whole pages: the second is taken (a fixed allocation
 * there fails) until the whole range is given back. */
static void allocate_rounds_the_size_up_to_pages(void)
{
    vm_address_t a = 0;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &a, PAGE + 1, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    CU_ASSERT_TRUE(bytes_all((void *)a, 2 * PAGE, 0));
    vm_address_t second = a + PAGE;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &second, PAGE, VM_FLAGS_FIXED), KERN_NO_SPACE);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), a, PAGE + 1), KERN_SUCCESS);
    second = a + PAGE;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &second, PAGE, VM_FLAGS_FIXED), KERN_SUCCESS);
    CU_ASSERT_EQUAL(second, a + PAGE);
    vm_deallocate(mach_task_self(), second, PAGE);
}

/* Darwin: a size of 0 succeeds, allocates nothing and returns address 0. */
static void allocate_size_zero(void)
{
    vm_address_t a = 0x1234000;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &a, 0, VM_FLAGS_ANYWHERE), KERN_SUCCESS);
    CU_ASSERT_EQUAL(a, 0);
}

static void allocate_with_a_bad_task(void)
{
    vm_address_t a = 0;
    CU_ASSERT_EQUAL(vm_allocate(0, &a, PAGE, VM_FLAGS_ANYWHERE), KERN_INVALID_ARGUMENT);
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self() + 1, &a, PAGE, VM_FLAGS_ANYWHERE),
                    KERN_INVALID_ARGUMENT);
    CU_ASSERT_EQUAL(a, 0);
}

static void allocate_with_bad_flags(void)
{
    vm_address_t a = 0;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &a, PAGE, 0x100 | VM_FLAGS_ANYWHERE),
                    KERN_INVALID_ARGUMENT);
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &a, PAGE, -1), KERN_INVALID_ARGUMENT);
    CU_ASSERT_EQUAL(a, 0);
}

static void allocate_fixed_at_a_free_address(void)
{
    vm_address_t a = 0;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &a, PAGE, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), a, PAGE), KERN_SUCCESS);
    vm_address_t b = a;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &b, PAGE, VM_FLAGS_FIXED), KERN_SUCCESS);
    CU_ASSERT_EQUAL(b, a);
    vm_deallocate(mach_task_self(), b, PAGE);
}

static void allocate_fixed_at_a_taken_address(void)
{
    vm_address_t a = 0;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &a, PAGE, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    *(volatile uint8_t *)a = 0x77;
    vm_address_t b = a;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &b, PAGE, VM_FLAGS_FIXED), KERN_NO_SPACE);
    CU_ASSERT_EQUAL(*(volatile uint8_t *)a, 0x77); /* the owner's data stays */
    vm_deallocate(mach_task_self(), a, PAGE);
}

/* A fixed address inside a page is rounded down to the page, as Darwin's
 * vm_allocate does, and the pages covering the whole range are taken. */
static void allocate_fixed_rounds_the_address_down(void)
{
    vm_address_t a = 0;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &a, 2 * PAGE, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), a, 2 * PAGE), KERN_SUCCESS);
    vm_address_t b = a + 0x123;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &b, PAGE, VM_FLAGS_FIXED), KERN_SUCCESS);
    CU_ASSERT_EQUAL(b, a);
    /* 0x123 + PAGE bytes reach into the second page: it is taken too. */
    vm_address_t c = a + PAGE;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &c, PAGE, VM_FLAGS_FIXED), KERN_NO_SPACE);
    vm_deallocate(mach_task_self(), a, 2 * PAGE);
}

static void allocate_fixed_outside_the_shareable_region(void)
{
    void *heap = malloc(PAGE);
    vm_address_t b = (vm_address_t)heap;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &b, PAGE, VM_FLAGS_FIXED),
                    KERN_INVALID_ADDRESS);
    CU_ASSERT_EQUAL(b, (vm_address_t)heap); /* left as it was */
    free(heap);
}

static void allocate_huge_size(void)
{
    vm_address_t a = 0;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &a, (vm_size_t)1 << 40, VM_FLAGS_ANYWHERE),
                    KERN_NO_SPACE);
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &a, ~(vm_size_t)0, VM_FLAGS_ANYWHERE),
                    KERN_NO_SPACE);
    CU_ASSERT_EQUAL(a, 0);
}

/* ---- vm_deallocate ---- */

static void deallocate_gives_pages_back(void)
{
    vm_address_t a = 0;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &a, 2 * PAGE, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), a, 2 * PAGE), KERN_SUCCESS);
    /* Both pages are free again: a fixed allocation of the range works. */
    vm_address_t b = a;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &b, 2 * PAGE, VM_FLAGS_FIXED), KERN_SUCCESS);
    vm_deallocate(mach_task_self(), b, 2 * PAGE);
}

static void deallocate_memory_not_from_vm_allocate(void)
{
    void *heap = malloc(3 * PAGE);
    int local = 0;
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), (vm_address_t)heap, PAGE),
                    KERN_INVALID_ADDRESS);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), (vm_address_t)&local, sizeof local),
                    KERN_INVALID_ADDRESS);
    free(heap);
}

/* Darwin's vm_deallocate succeeds on a range with holes: a page of the
 * region that is not allocated is skipped, the allocated one is freed. */
static void deallocate_a_range_with_a_hole(void)
{
    vm_address_t a = 0;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &a, 2 * PAGE, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), a, PAGE), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), a, 2 * PAGE), KERN_SUCCESS);
    vm_address_t b = a;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &b, 2 * PAGE, VM_FLAGS_FIXED), KERN_SUCCESS);
    vm_deallocate(mach_task_self(), b, 2 * PAGE);
}

/* The facility's own memory beside the shareable region (hashed page
 * tables, CPU pages) is not vm_allocate's to give back. */
static void deallocate_facility_memory_is_refused(void)
{
    vm_address_t a = 0;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &a, PAGE, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    vm_address_t base = (vm_address_t)physmem_base(); /* physical address 0 */
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), base + PHYS_HTAB_BASE + PAGE, PAGE),
                    KERN_INVALID_ADDRESS);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), base + PHYS_CPU_BASE, PAGE),
                    KERN_INVALID_ADDRESS);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), a, PAGE), KERN_SUCCESS);
}

static void deallocate_with_a_bad_task(void)
{
    vm_address_t a = 0;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &a, PAGE, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    CU_ASSERT_EQUAL(vm_deallocate(0, a, PAGE), KERN_INVALID_ARGUMENT);
    /* Still allocated: a fixed allocation there fails. */
    vm_address_t b = a;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &b, PAGE, VM_FLAGS_FIXED), KERN_NO_SPACE);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), a, PAGE), KERN_SUCCESS);
}

static void freed_pages_come_back_zeroed(void)
{
    vm_address_t a = 0;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &a, PAGE, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    memset((void *)a, 0xC3, PAGE);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), a, PAGE), KERN_SUCCESS);
    vm_address_t b = a;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &b, PAGE, VM_FLAGS_FIXED),
                          KERN_SUCCESS);
    CU_ASSERT_TRUE(bytes_all((void *)b, PAGE, 0));
    vm_deallocate(mach_task_self(), b, PAGE);
}

/* ---- time, page size, task ---- */

static void timebase_is_nanoseconds(void)
{
    mach_timebase_info_data_t tb = {0, 0};
    CU_ASSERT_EQUAL(mach_timebase_info(&tb), KERN_SUCCESS);
    CU_ASSERT_EQUAL(tb.numer, 1);
    CU_ASSERT_EQUAL(tb.denom, 1);
    CU_ASSERT_EQUAL(mach_timebase_info(NULL), KERN_INVALID_ARGUMENT);
}

static void absolute_time_never_goes_back(void)
{
    uint64_t prev = mach_absolute_time();
    int backwards = 0;
    CU_ASSERT_NOT_EQUAL(prev, 0);
    for (int i = 0; i < 10000; i++) {
        uint64_t now = mach_absolute_time();
        backwards += now < prev;
        prev = now;
    }
    CU_ASSERT_EQUAL(backwards, 0);
}

static void page_size_is_4096(void)
{
    CU_ASSERT_EQUAL(vm_page_size, 4096);
}

static void task_self_is_stable(void)
{
    CU_ASSERT_NOT_EQUAL(mach_task_self(), 0);
    CU_ASSERT_EQUAL(mach_task_self(), mach_task_self());
}

static void vm_constants(void)
{
    CU_ASSERT_EQUAL(VM_FLAGS_FIXED, 0);
    CU_ASSERT_EQUAL(VM_FLAGS_ANYWHERE, 1);
}

static const test_case_t error_tests[] = {
    TEST(kern_return_values),
    TEST(error_string_of_every_kernel_code),
    TEST(error_string_of_vmm_codes_beyond_the_table),
    TEST(error_string_of_another_system),
    TEST(mach_error_writes_label_and_string_to_stderr),
    TEST_END,
};

static const test_case_t vm_tests[] = {
    TEST(allocate_anywhere_gives_zeroed_aligned_pages),
    TEST(allocate_twice_gives_distinct_pages),
    TEST(allocate_rounds_the_size_up_to_pages),
    TEST(allocate_size_zero),
    TEST(allocate_with_a_bad_task),
    TEST(allocate_with_bad_flags),
    TEST(allocate_fixed_at_a_free_address),
    TEST(allocate_fixed_at_a_taken_address),
    TEST(allocate_fixed_rounds_the_address_down),
    TEST(allocate_fixed_outside_the_shareable_region),
    TEST(allocate_huge_size),
    TEST(deallocate_gives_pages_back),
    TEST(deallocate_memory_not_from_vm_allocate),
    TEST(deallocate_a_range_with_a_hole),
    TEST(deallocate_facility_memory_is_refused),
    TEST(deallocate_with_a_bad_task),
    TEST(freed_pages_come_back_zeroed),
    TEST_END,
};

static const test_case_t misc_tests[] = {
    TEST(timebase_is_nanoseconds),
    TEST(absolute_time_never_goes_back),
    TEST(page_size_is_4096),
    TEST(task_self_is_stable),
    TEST(vm_constants),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"mach_error", NULL, NULL, error_tests},
    {"vm", NULL, NULL, vm_tests},
    {"misc", NULL, NULL, misc_tests},
    SUITES_END,
};

int main(void) { return harness_run("test_mach", suites); }
