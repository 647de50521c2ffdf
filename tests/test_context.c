/*
 * tests/test_context.c - selectors 0-4 and their function forms: version,
 * features, creating and destroying contexts, the one VMM thread per task.
 *
 * Every test starts and ends with no context: the task is per process and
 * holds 32 contexts at most, and the thread that owns it changes with the
 * tests of the "threads" suite.
 */
#include <CUnit/CUnit.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "tests/guest.h"
#include "tests/harness.h"
#include "vmachmon/dispatch.h"
#include "vmachmon/facility.h"

#define PAGE 4096u
#define GARBAGE 0xA5

/* A context on a fresh page; 0 (with a failure recorded) if refused. */
static uint32_t ctx_new(vm_address_t *page)
{
    *page = page_alloc();
    if (!*page)
        return 0;
    uint64_t kr = vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, *page);
    CU_ASSERT_EQUAL(kr, KERN_SUCCESS);
    return kr == KERN_SUCCESS ? ((vmm_state_page_t *)*page)->thread_index : 0;
}

static void ctx_free(uint32_t index, vm_address_t page)
{
    if (index)
        CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, index), KERN_SUCCESS);
    page_free(page);
}

/* ---- version and features ---- */

static void get_version(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetVersion), 0x00010007u);
    CU_ASSERT_EQUAL(vmm_get_version(), 0x00010007u);
}

static void get_features(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmvGetFeatures), 0x13Fu);
    CU_ASSERT_EQUAL(vmm_get_features(), 0x13Fu);
}

/* ---- kVmmInitContext ---- */

static void first_context_is_index_1(void)
{
    vm_address_t page;
    uint32_t index = ctx_new(&page);
    CU_ASSERT_EQUAL(index, 1);
    ctx_free(index, page);
}

static void contexts_are_numbered_in_order(void)
{
    vm_address_t p1, p2, p3;
    uint32_t a = ctx_new(&p1), b = ctx_new(&p2), c = ctx_new(&p3);
    CU_ASSERT_EQUAL(a, 1);
    CU_ASSERT_EQUAL(b, 2);
    CU_ASSERT_EQUAL(c, 3);
    ctx_free(c, p3);
    ctx_free(b, p2);
    ctx_free(a, p1);
}

static void init_zeroes_the_whole_page(void)
{
    vm_address_t page = page_alloc();
    vmm_state_page_t *s = (vmm_state_page_t *)page;
    memset((void *)page, GARBAGE, PAGE);
    CU_ASSERT_EQUAL_FATAL(vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, page), KERN_SUCCESS);
    CU_ASSERT_EQUAL(s->interface_version, kVmmCurrentVersion);
    CU_ASSERT_EQUAL(s->thread_index, 1);
    /* Everything else, the communication area included, is zero. */
    CU_ASSERT_TRUE(bytes_all((uint8_t *)page + 8, PAGE - 8, 0));
    ctx_free(s->thread_index, page);
}

/* vmmStat is written at exits; a new context's page has it zero. */
static void init_leaves_vmmStat_zero(void)
{
    vm_address_t page;
    uint32_t index = ctx_new(&page);
    CU_ASSERT_EQUAL(((vmm_state_page_t *)page)->vmmStat, 0);
    CU_ASSERT_EQUAL(((vmm_state_page_t *)page)->vmmCntrl, 0);
    CU_ASSERT_EQUAL(((vmm_state_page_t *)page)->return_code, 0);
    ctx_free(index, page);
}

static void init_accepts_every_version_from_1_0_to_1_7(void)
{
    vm_address_t page = page_alloc();
    vmm_state_page_t *s = (vmm_state_page_t *)page;
    for (uint32_t minor = 0; minor <= 7; minor++) {
        uint32_t version = 0x00010000u | minor;
        CU_ASSERT_EQUAL(vmm_dispatch(kVmmInitContext, version, page), KERN_SUCCESS);
        CU_ASSERT_EQUAL(s->interface_version, version);
        CU_ASSERT_EQUAL(s->thread_index, 1);
        CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, 1), KERN_SUCCESS);
    }
    page_free(page);
}

/* A refused init leaves the page as it was and uses no slot. */
static void expect_refused(uint32_t version, uint64_t addr, kern_return_t expected)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmInitContext, version, addr), (uint64_t)expected);
    vm_address_t page;
    uint32_t index = ctx_new(&page);
    CU_ASSERT_EQUAL(index, 1); /* the refused call took no slot */
    ctx_free(index, page);
}

static void init_rejects_an_unaligned_page(void)
{
    vm_address_t page = page_alloc();
    memset((void *)page, GARBAGE, PAGE);
    expect_refused(kVmmCurrentVersion, page + 8, KERN_FAILURE);
    expect_refused(kVmmCurrentVersion, page + 0x800, KERN_FAILURE);
    CU_ASSERT_TRUE(bytes_all((void *)page, PAGE, GARBAGE));
    page_free(page);
}

static void init_rejects_major_version_0(void)
{
    vm_address_t page = page_alloc();
    memset((void *)page, GARBAGE, PAGE);
    expect_refused(0x00000007u, page, KERN_FAILURE);
    CU_ASSERT_TRUE(bytes_all((void *)page, PAGE, GARBAGE));
    page_free(page);
}

static void init_rejects_major_version_2(void)
{
    vm_address_t page = page_alloc();
    expect_refused(0x00020000u, page, KERN_FAILURE);
    expect_refused(0xFFFF0007u, page, KERN_FAILURE);
    page_free(page);
}

static void init_rejects_minor_version_8(void)
{
    vm_address_t page = page_alloc();
    expect_refused(0x00010008u, page, KERN_FAILURE);
    expect_refused(0x0001FFFFu, page, KERN_FAILURE);
    page_free(page);
}

static void init_refuses_the_33rd_context(void)
{
    vm_address_t pages[kVmmMaxContexts + 1];
    for (uint32_t i = 0; i < kVmmMaxContexts; i++)
        CU_ASSERT_EQUAL(ctx_new(&pages[i]), i + 1);
    pages[kVmmMaxContexts] = page_alloc();
    memset((void *)pages[kVmmMaxContexts], GARBAGE, PAGE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, pages[kVmmMaxContexts]),
                    KERN_RESOURCE_SHORTAGE);
    CU_ASSERT_TRUE(bytes_all((void *)pages[kVmmMaxContexts], PAGE, GARBAGE));
    vmm_dispatch(kVmmTearDownAll);
    for (uint32_t i = 0; i <= kVmmMaxContexts; i++)
        page_free(pages[i]);
}

static void init_on_read_only_memory(void)
{
    void *ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CU_ASSERT_NOT_EQUAL_FATAL(ro, MAP_FAILED);
    expect_refused(kVmmCurrentVersion, (uint64_t)(uintptr_t)ro, KERN_PROTECTION_FAILURE);
    munmap(ro, PAGE);
}

static void init_on_unmapped_memory(void)
{
    void *gone = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CU_ASSERT_NOT_EQUAL_FATAL(gone, MAP_FAILED);
    munmap(gone, PAGE);
    expect_refused(kVmmCurrentVersion, (uint64_t)(uintptr_t)gone, KERN_INVALID_ADDRESS);
    expect_refused(kVmmCurrentVersion, 0, KERN_INVALID_ADDRESS);
}

/* The state page is wired, not mapped into a guest: any writable page of
 * the process will do, not only vm_allocate memory. */
static void init_on_memory_not_from_vm_allocate(void)
{
    void *heap = NULL;
    CU_ASSERT_EQUAL_FATAL(posix_memalign(&heap, PAGE, PAGE), 0);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, heap), KERN_SUCCESS);
    CU_ASSERT_EQUAL(((vmm_state_page_t *)heap)->thread_index, 1);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, 1), KERN_SUCCESS);
    free(heap);
}

/* The context holds its state page: given back by the host, the page is
 * not handed out again until the context is torn down. */
static void state_page_is_held_until_teardown(void)
{
    vm_address_t page, again;
    uint32_t index = ctx_new(&page);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), page, PAGE), KERN_SUCCESS);
    again = page;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &again, PAGE, VM_FLAGS_FIXED), KERN_NO_SPACE);
    CU_ASSERT_EQUAL(((vmm_state_page_t *)page)->thread_index, index);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, index), KERN_SUCCESS);
    again = page;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &again, PAGE, VM_FLAGS_FIXED), KERN_SUCCESS);
    CU_ASSERT_TRUE(bytes_all((void *)again, PAGE, 0));
    page_free(again);
}

static void init_context_function(void)
{
    vm_address_t page = page_alloc();
    vmm_state_page_t *s = (vmm_state_page_t *)page;
    CU_ASSERT_EQUAL(vmm_init_context(0x00020000u, s), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_init_context((vmm_version_t)kVmmCurrentVersion,
                                     (vmm_state_page_t *)(page + 4)),
                    KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_init_context(0x00010005u, s), KERN_SUCCESS);
    CU_ASSERT_EQUAL(s->interface_version, 0x00010005u);
    CU_ASSERT_EQUAL(s->thread_index, 1);
    ctx_free(s->thread_index, page);
}

/* ---- kVmmTearDownContext, kVmmTearDownAll ---- */

static void tear_down_frees_the_slot(void)
{
    vm_address_t page;
    uint32_t index = ctx_new(&page);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, index), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, index), KERN_FAILURE); /* twice */
    page_free(page);
}

static void tear_down_with_a_bad_index(void)
{
    vm_address_t page;
    uint32_t index = ctx_new(&page);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, 0), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, 33), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, 2), KERN_FAILURE);  /* unused */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, 32), KERN_FAILURE); /* unused */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, 0x100), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, 0xFF), KERN_FAILURE);
    ctx_free(index, page); /* still there */
}

/* The context number is the low byte of the index word. */
static void tear_down_reads_the_low_byte_of_the_index(void)
{
    vm_address_t page;
    uint32_t index = ctx_new(&page);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, 0x0500 | index), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, index), KERN_FAILURE);
    page_free(page);
}

static void tear_down_all_removes_every_context(void)
{
    vm_address_t p[3];
    for (int i = 0; i < 3; i++)
        ctx_new(&p[i]);
    vmm_dispatch(kVmmTearDownAll);
    for (uint32_t n = 1; n <= 3; n++)
        CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, n), KERN_FAILURE);
    vm_address_t page;
    uint32_t index = ctx_new(&page);
    CU_ASSERT_EQUAL(index, 1);
    ctx_free(index, page);
    for (int i = 0; i < 3; i++)
        page_free(p[i]);
}

static void tear_down_all_without_contexts_does_nothing(void)
{
    vmm_dispatch(kVmmTearDownAll);
    vmm_dispatch(kVmmTearDownAll);
    vm_address_t page;
    uint32_t index = ctx_new(&page);
    CU_ASSERT_EQUAL(index, 1);
    ctx_free(index, page);
}

static void freed_index_is_reused(void)
{
    vm_address_t p1, p2, p3, p4;
    uint32_t a = ctx_new(&p1), b = ctx_new(&p2), c = ctx_new(&p3);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, b), KERN_SUCCESS);
    uint32_t d = ctx_new(&p4);
    CU_ASSERT_EQUAL(d, 2);
    ctx_free(a, p1);
    ctx_free(c, p3);
    ctx_free(d, p4);
    page_free(p2);
}

/* ---- address spaces come and go with their contexts ---- */

static void context_n_creates_address_space_n(void)
{
    vm_address_t page, host = page_alloc();
    uint32_t index = ctx_new(&page);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, 1, host, 0x3000, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, 2, host, 0x3000, VM_PROT_ALL), KERN_FAILURE);
    ctx_free(index, page);
    page_free(host);
}

static void tear_down_destroys_its_address_space(void)
{
    vm_address_t p1, p2, host = page_alloc();
    uint32_t a = ctx_new(&p1), b = ctx_new(&p2);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, b, host, 0x3000, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, b), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, b, 0x3000), UINT64_MAX);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, b, host, 0x3000, VM_PROT_ALL), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, a, host, 0x3000, VM_PROT_ALL), KERN_SUCCESS);
    /* A new context b starts with an empty address space. */
    b = ctx_new(&p2);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, b, 0x3000), UINT64_MAX);
    ctx_free(b, p2);
    ctx_free(a, p1);
    page_free(host);
}

/* White box: a CPU remembers the address space it was last set up for, to
 * skip the switch when it runs there again.  A torn-down space is freed,
 * and the next one created may get the same address but another page
 * table, so no context may still name the freed one. */
static void tear_down_leaves_no_cpu_set_up_for_the_old_space(void)
{
    guest_t h;
    vm_address_t page;
    if (guest_init(&h) != 0) {
        guest_fini(&h);
        return;
    }
    static const uint32_t code[] = {
        PPC_SC, /* 0x1000 sc */
    };
    uint32_t other = ctx_new(&page);
    guest_code(&h, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, other, h.text, GUEST_TEXT, VM_PROT_ALL),
                    KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, other << 8 | h.index), kVmmReturnSystemCall);
    vmm_task_t *t = task_host();
    const vmm_adsp_t *old = t->adsp[other - 1];
    CU_ASSERT_PTR_EQUAL(t->ctx[h.index - 1].cpu_adsp, old);
    ctx_free(other, page);
    CU_ASSERT_PTR_NOT_EQUAL(t->ctx[h.index - 1].cpu_adsp, old);
    guest_fini(&h);
}

/* ---- one VMM thread per task ---- */

/* What another thread saw; asserted on by the main thread after join. */
typedef struct other {
    vm_address_t page;
    int hold;         /* keep the context until `release` is posted */
    sem_t ready, release;
    uint64_t init, index, fn_init, teardown, execute, map, mapping, unmap, version;
} other_t;

static void run_thread(void *(*fn)(void *), other_t *o)
{
    pthread_t t;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, fn, o), 0);
    pthread_join(t, NULL);
}

/* Tries what a non-VMM thread might do with context 1. */
static void *probe_main(void *arg)
{
    other_t *o = arg;
    o->init = vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, o->page);
    o->fn_init = vmm_init_context(kVmmCurrentVersion, (vmm_state_page_t *)o->page);
    o->teardown = vmm_dispatch(kVmmTearDownContext, 1);
    o->execute = vmm_dispatch(kVmmExecuteVM, 1);
    o->map = vmm_dispatch(kVmmMapPage, 1, o->page, 0x3000, VM_PROT_ALL);
    o->mapping = vmm_dispatch(kVmmGetPageMapping, 1, 0x3000);
    o->unmap = vmm_dispatch(kVmmUnmapPage, 1, 0x3000);
    o->version = vmm_dispatch(kVmmGetVersion);
    vmm_dispatch(kVmmTearDownAll); /* must not reach the owner's contexts */
    return NULL;
}

static void init_from_a_second_thread_is_refused(void)
{
    vm_address_t page;
    other_t o = {.page = page_alloc()};
    uint32_t index = ctx_new(&page);
    run_thread(probe_main, &o);
    CU_ASSERT_EQUAL(o.init, KERN_FAILURE);
    CU_ASSERT_EQUAL(o.fn_init, KERN_FAILURE);
    ctx_free(index, page);
    page_free(o.page);
}

static void other_threads_see_no_control_table(void)
{
    vm_address_t page, host = page_alloc();
    other_t o = {.page = page_alloc()};
    uint32_t index = ctx_new(&page);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, index, host, 0x3000, VM_PROT_ALL), KERN_SUCCESS);
    run_thread(probe_main, &o);
    CU_ASSERT_EQUAL(o.teardown, KERN_FAILURE);
    CU_ASSERT_EQUAL(o.execute, VMM_EXC_SYSCALL);
    CU_ASSERT_EQUAL(o.map, KERN_FAILURE);
    CU_ASSERT_EQUAL(o.mapping, UINT64_MAX);
    CU_ASSERT_EQUAL(o.unmap, 0xFFFFFFFFu);
    CU_ASSERT_EQUAL(o.version, 0x00010007u);
    /* The owner's context and mapping are untouched. */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, index, 0x3000), (uint64_t)host);
    ctx_free(index, page);
    page_free(host);
    page_free(o.page);
}

/* Creates a context (kept until `release` if hold), then tears it down. */
static void *owner_main(void *arg)
{
    other_t *o = arg;
    o->init = vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, o->page);
    o->index = ((vmm_state_page_t *)o->page)->thread_index;
    if (o->hold) {
        sem_post(&o->ready);
        sem_wait(&o->release);
    }
    o->teardown = vmm_dispatch(kVmmTearDownContext, o->index);
    return NULL;
}

static void failed_init_does_not_bind_the_thread(void)
{
    other_t o = {.page = page_alloc()};
    vm_address_t page = page_alloc();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmInitContext, 0x00020000u, page), KERN_FAILURE);
    run_thread(owner_main, &o);
    CU_ASSERT_EQUAL(o.init, KERN_SUCCESS);
    CU_ASSERT_EQUAL(o.index, 1);
    CU_ASSERT_EQUAL(o.teardown, KERN_SUCCESS);
    page_free(page);
    page_free(o.page);
}

static void after_the_last_teardown_another_thread_may_own_the_task(void)
{
    vm_address_t page;
    other_t o = {.page = page_alloc()};
    uint32_t index = ctx_new(&page);
    ctx_free(index, page);
    run_thread(owner_main, &o);
    CU_ASSERT_EQUAL(o.init, KERN_SUCCESS);
    CU_ASSERT_EQUAL(o.index, 1);
    CU_ASSERT_EQUAL(o.teardown, KERN_SUCCESS);
    /* And back to this thread. */
    index = ctx_new(&page);
    CU_ASSERT_EQUAL(index, 1);
    ctx_free(index, page);
    page_free(o.page);
}

static void while_another_thread_owns_the_task_this_one_is_refused(void)
{
    other_t o = {.page = page_alloc(), .hold = 1};
    vm_address_t page = page_alloc();
    sem_init(&o.ready, 0, 0);
    sem_init(&o.release, 0, 0);
    pthread_t t;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, owner_main, &o), 0);
    sem_wait(&o.ready);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, page), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, 1), KERN_FAILURE);
    vmm_dispatch(kVmmTearDownAll);
    sem_post(&o.release);
    pthread_join(t, NULL);
    CU_ASSERT_EQUAL(o.init, KERN_SUCCESS);
    CU_ASSERT_EQUAL(o.teardown, KERN_SUCCESS); /* TearDownAll above did not reach it */
    sem_destroy(&o.ready);
    sem_destroy(&o.release);
    page_free(page);
    page_free(o.page);
}

static const test_case_t version_tests[] = {
    TEST(get_version),
    TEST(get_features),
    TEST_END,
};

static const test_case_t init_tests[] = {
    TEST(first_context_is_index_1),
    TEST(contexts_are_numbered_in_order),
    TEST(init_zeroes_the_whole_page),
    TEST(init_leaves_vmmStat_zero),
    TEST(init_accepts_every_version_from_1_0_to_1_7),
    TEST(init_rejects_an_unaligned_page),
    TEST(init_rejects_major_version_0),
    TEST(init_rejects_major_version_2),
    TEST(init_rejects_minor_version_8),
    TEST(init_refuses_the_33rd_context),
    TEST(init_on_read_only_memory),
    TEST(init_on_unmapped_memory),
    TEST(init_on_memory_not_from_vm_allocate),
    TEST(state_page_is_held_until_teardown),
    TEST(init_context_function),
    TEST_END,
};

static const test_case_t teardown_tests[] = {
    TEST(tear_down_frees_the_slot),
    TEST(tear_down_with_a_bad_index),
    TEST(tear_down_reads_the_low_byte_of_the_index),
    TEST(tear_down_all_removes_every_context),
    TEST(tear_down_all_without_contexts_does_nothing),
    TEST(freed_index_is_reused),
    TEST(context_n_creates_address_space_n),
    TEST(tear_down_destroys_its_address_space),
    TEST(tear_down_leaves_no_cpu_set_up_for_the_old_space),
    TEST_END,
};

static const test_case_t thread_tests[] = {
    TEST(init_from_a_second_thread_is_refused),
    TEST(other_threads_see_no_control_table),
    TEST(failed_init_does_not_bind_the_thread),
    TEST(after_the_last_teardown_another_thread_may_own_the_task),
    TEST(while_another_thread_owns_the_task_this_one_is_refused),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"version", NULL, NULL, version_tests},
    {"init", NULL, NULL, init_tests},
    {"teardown", NULL, NULL, teardown_tests},
    {"threads", NULL, NULL, thread_tests},
    SUITES_END,
};

int main(void) { return harness_run("test_context", suites); }
