/*
 * tests/test_launch.c - launching a guest (reference 3.3, 5.1-5.4):
 * kVmmExecuteVM (14), kVmmMapExecute (16, 32), kVmmProtectExecute (17),
 * the checks made before the switch, what the entry itself writes into the
 * state page (the "redrive"), stop and vmmXStart, the MSR a guest gets,
 * the registers that travel both ways, and the final state of the book's
 * two demos.
 *
 * The suite's guest has its text page at 0x1000, its data page at 0x2000
 * and its own state page, read-only, at 0x5000: the guest can read what
 * the entry stored in return_code and return_params before any exit
 * overwrites them.  The state page is in host byte order, which the guest
 * reads as big-endian words; observed() turns them back.
 */
#include <CUnit/CUnit.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "tests/guest.h"
#include "tests/harness.h"
#include "vmachmon/dispatch.h"

#define GUEST_STATE 0x5000u
#define AT_A 0x3000u
#define MSR_GUEST 0x0000D030u
#define SENTINEL_CODE 0xDEADu
#define SENTINEL_P2 0x2222u
#define SENTINEL_P3 0x3333u

static guest_t *const g = &suite_guest;

static uint32_t *params(void) { return guest_params(g); }

static int setup(void)
{
    if (suite_guest_setup() != 0)
        return -1;
    if (vmm_dispatch(kVmmMapPage, g->index, g->text, GUEST_TEXT, VM_PROT_ALL) != KERN_SUCCESS ||
        vmm_dispatch(kVmmMapPage, g->index, g->state, GUEST_STATE, VM_PROT_READ) != KERN_SUCCESS)
        return -1;
    g->text_mapped = 1; /* guest_run() launches with kVmmExecuteVM */
    return 0;
}

static uint64_t execute(uint32_t index) { return vmm_dispatch(kVmmExecuteVM, index); }

/* ---- did the guest run? ---- */

/* li r3,0x77; sc: r3 tells whether the guest ran. */
static void arm_marker(void)
{
    static const uint32_t code[] = {
        PPC_LI(3, 0x77), /* 0x1000 li r3,0x77 */
        PPC_SC,          /* 0x1004 sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    g->regs->ppcGPRs[3] = 0;
}

static int guest_ran(void) { return g->regs->ppcGPRs[3] == 0x77; }

/* A launch to come: remember return_code and the last two params. */
static void set_sentinels(void)
{
    g->state->return_code = SENTINEL_CODE;
    params()[2] = SENTINEL_P2;
    params()[3] = SENTINEL_P3;
}

/* Launches once, so that no map is pending for the next launch. */
static void consume_redrive(void)
{
    arm_marker();
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
}

/* ---- what the entry wrote, as the guest read it ---- */

typedef struct entry {
    uint32_t code;
    uint32_t p[4];
} entry_t;

/* Reads return_code and return_params[0..3] from the state page at 0x5000
 * into r6..r10, then stops on an illegal instruction (a program exit does
 * not touch return_params). */
static void arm_observer(guest_t *x)
{
    static const uint32_t code[] = {
        PPC_LIS(5, 0),              /* 0x1000 lis r5,0 */
        PPC_ORI(5, 5, GUEST_STATE), /* 0x1004 ori r5,r5,0x5000 */
        PPC_LWZ(6, 0x10, 5),        /* 0x1008 lwz r6,0x10(r5): return_code */
        PPC_LWZ(7, 0x14, 5),        /* 0x100c lwz r7,0x14(r5): return_params[0] */
        PPC_LWZ(8, 0x18, 5),        /* 0x1010 lwz r8,0x18(r5): return_params[1] */
        PPC_LWZ(9, 0x1C, 5),        /* 0x1014 lwz r9,0x1c(r5): return_params[2] */
        PPC_LWZ(10, 0x20, 5),       /* 0x1018 lwz r10,0x20(r5): return_params[3] */
        0xfeedface,                 /* 0x101c illegal */
    };
    guest_code(x, code, ARRAY_SIZE(code));
}

/* A word the guest loaded from the host-order state page, as the host
 * reads it. */
static uint32_t host_order(uint32_t guest_word)
{
    uint8_t b[4];
    uint32_t v;
    be32_put(b, guest_word);
    memcpy(&v, b, 4);
    return v;
}

static entry_t observed(const guest_t *x)
{
    const uint32_t *r = x->regs->ppcGPRs;
    entry_t e = {host_order(r[6]), {host_order(r[7]), host_order(r[8]), host_order(r[9]),
                                    host_order(r[10])}};
    return e;
}

/* The guest saw a DSI on `page` stored at entry; the last two params were
 * left alone, at entry and at the program exit. */
static void expect_redrive_entry(uint32_t page)
{
    entry_t e = observed(g);
    CU_ASSERT_EQUAL(e.code, kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(e.p[0], page);
    CU_ASSERT_EQUAL(e.p[1], 0x40000000u);
    CU_ASSERT_EQUAL(e.p[2], SENTINEL_P2);
    CU_ASSERT_EQUAL(e.p[3], SENTINEL_P3);
    CU_ASSERT_EQUAL(g->state->return_code, kVmmReturnProgramException);
    CU_ASSERT_EQUAL(params()[0], page);
    CU_ASSERT_EQUAL(params()[1], 0x40000000u);
    CU_ASSERT_EQUAL(params()[2], SENTINEL_P2);
    CU_ASSERT_EQUAL(params()[3], SENTINEL_P3);
}

/* The guest saw a system call stored at entry: the caller's r3..r6. */
static void expect_syscall_entry(uint32_t r3, uint32_t r4, uint32_t r5, uint32_t r6)
{
    entry_t e = observed(g);
    CU_ASSERT_EQUAL(e.code, kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(e.p[0], r3);
    CU_ASSERT_EQUAL(e.p[1], r4);
    CU_ASSERT_EQUAL(e.p[2], r5);
    CU_ASSERT_EQUAL(e.p[3], r6);
    CU_ASSERT_EQUAL(g->state->return_code, kVmmReturnProgramException);
    CU_ASSERT_EQUAL(params()[0], r3);
    CU_ASSERT_EQUAL(params()[1], r4);
    CU_ASSERT_EQUAL(params()[2], r5);
    CU_ASSERT_EQUAL(params()[3], r6);
}

/* Launches index with the observer loaded and the sentinels set; the
 * guest ends on its illegal instruction. */
static void launch_observed(uint32_t index)
{
    arm_observer(g);
    set_sentinels();
    CU_ASSERT_EQUAL(execute(index), kVmmReturnProgramException);
}

/* Maps a fresh page at gva and launches: the entry is a DSI on `page`. */
static void map_and_expect_redrive(uint32_t gva, uint32_t page)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, g->index, p, gva, VM_PROT_ALL), KERN_SUCCESS);
    launch_observed(g->index);
    expect_redrive_entry(page);
    vmm_dispatch(kVmmUnmapPage, g->index, page);
    page_free(p);
}

/* A second context, for tests that need another address space. */
static uint32_t other_new(vm_address_t *state)
{
    *state = page_alloc();
    CU_ASSERT_EQUAL_FATAL(vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, *state),
                          KERN_SUCCESS);
    return ((vmm_state_page_t *)*state)->thread_index;
}

static void other_free(uint32_t index, vm_address_t state)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, index), KERN_SUCCESS);
    page_free(state);
}

/* ---- checks before the switch ---- */

static void bad_index_is_a_bogus_context(void)
{
    const uint32_t bad[] = {0, 33, 32, g->index + 1, 0x100, 0xFF};
    arm_marker();
    set_sentinels();
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
        CU_ASSERT_EQUAL(execute(bad[i]), kVmmBogusContext);
    CU_ASSERT_EQUAL(g->state->return_code, SENTINEL_CODE); /* not written */
    CU_ASSERT_FALSE(guest_ran());
    CU_ASSERT_EQUAL(g->regs->ppcPC, GUEST_TEXT);
}

static void address_space_byte_33_or_more_is_invalid(void)
{
    arm_marker();
    CU_ASSERT_EQUAL(execute(33u << 8 | g->index), kVmmInvalidAdSpace);
    CU_ASSERT_EQUAL(execute(0xFFu << 8 | g->index), kVmmInvalidAdSpace);
    CU_ASSERT_FALSE(guest_ran());
    CU_ASSERT_EQUAL(g->regs->ppcPC, GUEST_TEXT);
}

/* The order of the checks (reference 5.1): context, then address space,
 * then vmmXStart, then the pmap. */
static void bogus_context_is_checked_before_the_address_space(void)
{
    arm_marker();
    CU_ASSERT_EQUAL(execute(33u << 8 | (g->index + 1)), kVmmBogusContext);
    CU_ASSERT_FALSE(guest_ran());
}

static void invalid_address_space_leaves_vmmXStart_alone(void)
{
    arm_marker();
    g->state->vmmCntrl = vmmXStart;
    CU_ASSERT_EQUAL(execute(33u << 8 | g->index), kVmmInvalidAdSpace);
    CU_ASSERT_EQUAL(g->state->vmmCntrl, vmmXStart);
    g->state->vmmCntrl = 0;
}

static void launch_into_an_empty_address_space_consumes_vmmXStart(void)
{
    arm_marker();
    g->state->vmmCntrl = vmmXStart;
    CU_ASSERT_EQUAL(execute(32u << 8 | g->index), kVmmReturnInstrPageFault);
    CU_ASSERT_EQUAL(g->state->vmmCntrl, 0);
    CU_ASSERT_FALSE(guest_ran());
}

/* Context n's own number in the address-space byte is the same as 0. */
static void own_address_space_byte_runs_normally(void)
{
    arm_marker();
    CU_ASSERT_EQUAL(execute(g->index << 8 | g->index), kVmmReturnSystemCall);
    CU_ASSERT_TRUE(guest_ran());
}

static void address_space_without_pmap_gives_a_synthetic_isi(void)
{
    const uint32_t spaces[] = {g->index + 1, 32};
    for (size_t i = 0; i < ARRAY_SIZE(spaces); i++) {
        arm_marker();
        g->regs->ppcPC = GUEST_TEXT + 4;
        set_sentinels();
        CU_ASSERT_EQUAL(execute(spaces[i] << 8 | g->index), kVmmReturnInstrPageFault);
        CU_ASSERT_EQUAL(g->state->return_code, kVmmReturnInstrPageFault);
        CU_ASSERT_EQUAL(params()[0], GUEST_TEXT + 4); /* the guest PC */
        CU_ASSERT_EQUAL(params()[1], 0x40000000u);
        CU_ASSERT_EQUAL(params()[2], SENTINEL_P2);
        CU_ASSERT_EQUAL(params()[3], SENTINEL_P3);
        CU_ASSERT_EQUAL(g->regs->ppcPC, GUEST_TEXT + 4); /* not run */
        CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 0);
    }
}

/* What a thread without the control table gets back. */
static uint64_t other_thread[3];

static void *launch_from_elsewhere(void *arg)
{
    (void)arg;
    other_thread[0] = vmm_dispatch(kVmmExecuteVM, g->index);
    other_thread[1] = vmm_dispatch(kVmmMapExecute, g->index, g->text, GUEST_TEXT, VM_PROT_ALL);
    other_thread[2] = vmm_dispatch(kVmmProtectExecute, g->index, GUEST_TEXT, VM_PROT_ALL);
    return NULL;
}

static void launch_from_another_thread_finds_no_table(void)
{
    pthread_t t;
    arm_marker();
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, launch_from_elsewhere, NULL), 0);
    pthread_join(t, NULL);
    CU_ASSERT_EQUAL(other_thread[0], VMM_EXC_SYSCALL);
    CU_ASSERT_EQUAL(other_thread[1], kVmmBogusContext);
    CU_ASSERT_EQUAL(other_thread[2], kVmmBogusContext);
    CU_ASSERT_FALSE(guest_ran());
}

/* ---- what the entry writes: the redrive ---- */

static void launch_after_a_map_stores_a_dsi_on_that_page(void)
{
    map_and_expect_redrive(AT_A, AT_A);
}

static void redrive_names_the_page_of_the_mapped_address(void)
{
    map_and_expect_redrive(AT_A + 0xABC, AT_A);
}

static void launch_without_a_map_stores_a_system_call(void)
{
    consume_redrive();
    launch_observed(g->index);
    expect_syscall_entry(kVmmExecuteVM, g->index, 0, 0);
}

static void only_the_first_launch_after_a_map_is_redriven(void)
{
    map_and_expect_redrive(AT_A, AT_A);
    launch_observed(g->index);
    expect_syscall_entry(kVmmExecuteVM, g->index, 0, 0);
}

/* return_params[0..3] at a system-call entry are the caller's r3..r6:
 * the selector and the first three arguments, whatever they are. */
static void system_call_entry_carries_the_callers_arguments(void)
{
    consume_redrive();
    arm_observer(g);
    set_sentinels();
    uint32_t index = g->index << 8 | g->index;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, index, 0x1234, 0xABCD5678u),
                    kVmmReturnProgramException);
    expect_syscall_entry(kVmmExecuteVM, index, 0x1234, 0xABCD5678u);
}

static void failed_map_does_not_arm_the_redrive(void)
{
    void *heap = malloc(4096);
    consume_redrive();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, g->index, heap, AT_A, VM_PROT_ALL), KERN_FAILURE);
    launch_observed(g->index);
    expect_syscall_entry(kVmmExecuteVM, g->index, 0, 0);
    free(heap);
}

/* kVmmProtectPage records the page as kVmmMapPage does. */
static void protect_page_arms_the_redrive(void)
{
    consume_redrive();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage, g->index, GUEST_DATA, VM_PROT_ALL),
                    KERN_SUCCESS);
    launch_observed(g->index);
    expect_redrive_entry(GUEST_DATA);
}

static void map_into_another_address_space_is_not_redriven(void)
{
    vm_address_t state, p = page_alloc();
    uint32_t other = other_new(&state);
    consume_redrive();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, other, p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    launch_observed(g->index);
    expect_syscall_entry(kVmmExecuteVM, g->index, 0, 0);
    other_free(other, state);
    page_free(p);
}

/* Context 1 runs in address space 2 after a map there: redriven. */
static void launch_into_the_address_space_just_mapped_is_redriven(void)
{
    vm_address_t state, p = page_alloc();
    uint32_t other = other_new(&state);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, other, g->text, GUEST_TEXT, VM_PROT_ALL),
                    KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, other, g->state, GUEST_STATE, VM_PROT_READ),
                    KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, other, p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    launch_observed(other << 8 | g->index);
    expect_redrive_entry(AT_A);
    other_free(other, state);
    page_free(p);
}

/* Runs the suite's context in address space `as`, loading the word at
 * 0x30000 into r3; returns the exit code. */
static uint64_t load_in_address_space(uint32_t as)
{
    static const uint32_t code[] = {
        PPC_LIS(4, 3),    /* 0x1000 lis r4,3: 0x30000 */
        PPC_LWZ(3, 0, 4), /* 0x1004 lwz r3,0(r4) */
        PPC_SC,           /* 0x1008 sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    g->regs->ppcGPRs[3] = 0;
    return execute(as << 8 | g->index);
}

/* Address spaces are destroyed with their contexts and made again: the
 * suite's context, which last ran in an old space, must run in what the
 * new spaces hold, not in what its CPU was set up for before.  (The old
 * and new spaces may or may not share an address in the host's memory;
 * several rounds make it likely that some do.) */
static void recreated_address_spaces_are_the_new_ones(void)
{
    vm_address_t s[2], pages[2] = {page_alloc(), page_alloc()};
    uint32_t as[2];
    be32_put((void *)pages[0], 0xAAAA0000u);
    be32_put((void *)pages[1], 0xBBBB0000u);
    for (int round = 0; round < 8; round++) {
        for (int i = 0; i < 2; i++) {
            as[i] = other_new(&s[i]);
            CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, as[i], g->text, GUEST_TEXT, VM_PROT_ALL),
                            KERN_SUCCESS);
            CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, as[i], pages[i], 0x30000, VM_PROT_ALL),
                            KERN_SUCCESS);
        }
        for (int k = 0; k < 2; k++) {
            int i = (round + k) % 2; /* alternate the order */
            CU_ASSERT_EQUAL(load_in_address_space(as[i]), kVmmReturnSystemCall);
            if (g->regs->ppcGPRs[3] != be32_get((void *)pages[i]))
                TEST_FAILF("round %d, address space %u: read %#x", round, as[i],
                           g->regs->ppcGPRs[3]);
        }
        other_free(as[round % 2], s[round % 2]);
        other_free(as[1 - round % 2], s[1 - round % 2]);
    }
    page_free(pages[0]);
    page_free(pages[1]);
}

/* ---- kVmmMapExecute ---- */

static void map_execute_maps_the_page_and_runs(void)
{
    arm_marker();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapExecute, g->index, g->text, GUEST_TEXT, VM_PROT_ALL),
                    kVmmReturnSystemCall);
    CU_ASSERT_TRUE(guest_ran());
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, g->index, GUEST_TEXT), (uint64_t)g->text);
}

static void map_execute_redrives_the_page_it_maps(void)
{
    arm_observer(g);
    set_sentinels();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapExecute, g->index, g->text, GUEST_TEXT, VM_PROT_ALL),
                    kVmmReturnProgramException);
    expect_redrive_entry(GUEST_TEXT);
}

static void map_execute_with_a_bad_host_page_does_not_launch(void)
{
    void *heap = malloc(4096);
    arm_marker();
    set_sentinels();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapExecute, g->index, heap, GUEST_TEXT, VM_PROT_ALL),
                    KERN_FAILURE);
    CU_ASSERT_EQUAL(g->state->return_code, SENTINEL_CODE);
    CU_ASSERT_FALSE(guest_ran());
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, g->index, GUEST_TEXT), (uint64_t)g->text);
    free(heap);
}

static void map_execute_above_4GiB_does_not_launch(void)
{
    arm_marker();
    set_sentinels();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapExecute64, g->index, g->text, 0x100000000ull | GUEST_TEXT,
                                 VM_PROT_ALL),
                    kVmmInvalidAddress);
    CU_ASSERT_EQUAL(g->state->return_code, SENTINEL_CODE);
    CU_ASSERT_FALSE(guest_ran());
}

static void map_execute_with_a_bad_context(void)
{
    vm_address_t p = page_alloc();
    const uint32_t bad[] = {0, 33, g->index + 1, g->index << 8 | (g->index + 1)};
    set_sentinels();
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
        CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapExecute, bad[i], p, 0x7000, VM_PROT_ALL),
                        kVmmBogusContext);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, g->index, 0x7000), UINT64_MAX);
    CU_ASSERT_EQUAL(g->state->return_code, SENTINEL_CODE);
    page_free(p);
}

/* The address-space byte of the index says where to map and run. */
static void map_execute_into_another_address_space(void)
{
    vm_address_t state;
    uint32_t other = other_new(&state);
    arm_marker();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapExecute, other << 8 | g->index, g->text, GUEST_TEXT,
                                 VM_PROT_ALL),
                    kVmmReturnSystemCall);
    CU_ASSERT_TRUE(guest_ran());
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, other, GUEST_TEXT), (uint64_t)g->text);
    other_free(other, state);
}

/* ---- kVmmProtectExecute ---- */

static void protect_execute_protects_and_runs(void)
{
    static const uint32_t code[] = {
        PPC_LI(4, GUEST_DATA), /* 0x1000 li r4,0x2000 */
        PPC_STW(4, 0, 4),      /* 0x1004 stw r4,0(r4): now read-only */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectExecute, g->index, GUEST_DATA, VM_PROT_READ),
                    kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1004);
    CU_ASSERT_EQUAL(params()[0], GUEST_DATA);
    CU_ASSERT_EQUAL(params()[1], 0x0A000000u);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage, g->index, GUEST_DATA, VM_PROT_ALL),
                    KERN_SUCCESS);
}

static void protect_execute_redrives_the_page(void)
{
    arm_observer(g);
    set_sentinels();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectExecute, g->index, GUEST_DATA, VM_PROT_ALL),
                    kVmmReturnProgramException);
    expect_redrive_entry(GUEST_DATA);
}

static void protect_execute_with_a_bad_context(void)
{
    arm_marker();
    set_sentinels();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectExecute, 0, GUEST_DATA, VM_PROT_READ),
                    kVmmBogusContext);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectExecute, 33, GUEST_DATA, VM_PROT_READ),
                    kVmmBogusContext);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectExecute, g->index + 1, GUEST_DATA, VM_PROT_READ),
                    kVmmBogusContext);
    CU_ASSERT_EQUAL(g->state->return_code, SENTINEL_CODE);
    CU_ASSERT_FALSE(guest_ran());
}

/* Protecting in an address space with no pmap fails: no launch. */
static void protect_execute_in_an_empty_address_space_does_not_launch(void)
{
    arm_marker();
    set_sentinels();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectExecute, 32u << 8 | g->index, GUEST_DATA,
                                 VM_PROT_ALL),
                    KERN_FAILURE);
    CU_ASSERT_EQUAL(g->state->return_code, SENTINEL_CODE);
    CU_ASSERT_FALSE(guest_ran());
}

/* ---- stop ---- */

static uint32_t my_stop_bit(void) { return 0x80000000u >> (g->index - 1); }

static void stopped_context_refuses_to_launch(void)
{
    CU_ASSERT_EQUAL(vmm_stop_vm(my_stop_bit()), KERN_SUCCESS);
    arm_marker();
    set_sentinels();
    CU_ASSERT_EQUAL(execute(g->index), kVmmStopped);
    CU_ASSERT_EQUAL(g->state->return_code, kVmmStopped);
    CU_ASSERT_FALSE(guest_ran());
    CU_ASSERT_EQUAL(execute(g->index), kVmmStopped); /* until vmmXStart */
    CU_ASSERT_FALSE(guest_ran());
    g->state->vmmCntrl = vmmXStart;
    execute(g->index);
}

static void xstart_runs_a_stopped_context_and_is_cleared(void)
{
    CU_ASSERT_EQUAL(vmm_stop_vm(my_stop_bit()), KERN_SUCCESS);
    arm_marker();
    g->state->vmmCntrl = vmmXStart;
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall);
    CU_ASSERT_TRUE(guest_ran());
    CU_ASSERT_EQUAL(g->state->vmmCntrl & vmmXStart, 0);
    CU_ASSERT_EQUAL(g->state->vmmStat & vmmXStop, 0);
    arm_marker();
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall); /* no longer stopped */
    CU_ASSERT_TRUE(guest_ran());
}

static void stop_vm_with_mask_0_does_nothing(void)
{
    CU_ASSERT_EQUAL(vmm_stop_vm(0), KERN_SUCCESS);
    arm_marker();
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall);
    CU_ASSERT_TRUE(guest_ran());
}

static void stop_vm_of_another_context_leaves_this_one(void)
{
    CU_ASSERT_EQUAL(vmm_stop_vm(~my_stop_bit()), KERN_SUCCESS);
    arm_marker();
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall);
    CU_ASSERT_TRUE(guest_ran());
}

/* vmmXStart without a stop: the launch runs and the bit is cleared. */
static void xstart_is_cleared_at_launch(void)
{
    arm_marker();
    g->state->vmmCntrl = vmmXStart;
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall);
    CU_ASSERT_TRUE(guest_ran());
    CU_ASSERT_EQUAL(g->state->vmmCntrl, 0);
}

static void vmmStat_after_an_exit_has_vmmInUse(void)
{
    arm_marker();
    g->state->vmmStat = 0;
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall);
    CU_ASSERT_TRUE(g->state->vmmStat & vmmInUse);
}

/* ---- the guest MSR ---- */

/* The host sets every bit; the guest gets (msr & 0xF05) | 0xD030: FE0 SE
 * BE FE1 PM LE of the host's, EE PR ME IR DR forced.  With LE the guest
 * fetches little-endian: the sc is stored byte-swapped at 0x1000 (an
 * engine that swaps bytes) and plain at 0x1004 (a G4, whose little-endian
 * mode fetches the word at address ^ 4); either way the exit is that sc. */
static void msr_import_keeps_only_the_user_bits(void)
{
    const uint32_t code[] = {
        __builtin_bswap32(PPC_SC), /* 0x1000 sc, little-endian */
        PPC_SC,                    /* 0x1004 sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    g->regs->ppcMSR = 0xFFFFFFFFu;
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1004);
    CU_ASSERT_EQUAL(g->regs->ppcMSR, (0xFFFFFFFFu & 0xF05u) | MSR_GUEST);
    g->regs->ppcMSR = 0;
}

static void msr_supervisor_bits_from_the_host_are_dropped(void)
{
    arm_marker();
    g->regs->ppcMSR = ~0xF05u;
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall);
    CU_ASSERT_TRUE(guest_ran());
    CU_ASSERT_EQUAL(g->regs->ppcMSR, MSR_GUEST);
    g->regs->ppcMSR = 0;
}

static void msr_fp_modes_and_pm_from_the_host_are_kept(void)
{
    arm_marker();
    g->regs->ppcMSR = PPC_MSR_FE0 | PPC_MSR_FE1 | PPC_MSR_PM;
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcMSR, MSR_GUEST | PPC_MSR_FE0 | PPC_MSR_FE1 | PPC_MSR_PM);
    g->regs->ppcMSR = 0;
}

/* ---- registers both ways ---- */

/* Every GPR the host sets reaches the guest, which flips its bit 0, and
 * what the guest left comes back: a launch that read no register, or an
 * exit that wrote none, shows. */
static void every_gpr_from_the_host_reaches_the_guest_and_back(void)
{
    uint32_t code[32 + 1];
    for (uint32_t n = 0; n < 32; n++)
        code[n] = PPC_XORI(n, n, 1); /* xori rN,rN,1 */
    code[32] = PPC_SC;               /* sc */
    guest_code(g, code, ARRAY_SIZE(code));
    for (uint32_t n = 0; n < 32; n++)
        g->regs->ppcGPRs[n] = 0x01010101u * n + 0x80000000u;
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall);
    for (uint32_t n = 0; n < 32; n++)
        if (g->regs->ppcGPRs[n] != ((0x01010101u * n + 0x80000000u) ^ 1))
            TEST_FAILF("r%u = %#x", n, g->regs->ppcGPRs[n]);
}

static void cr_lr_ctr_from_the_host_reach_the_guest(void)
{
    static const uint32_t code[] = {
        PPC_MFCR(3),  /* 0x1000 mfcr r3 */
        PPC_MFLR(4),  /* 0x1004 mflr r4 */
        PPC_MFCTR(5), /* 0x1008 mfctr r5 */
        PPC_SC,       /* 0x100c sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    g->regs->ppcCR = 0x12345678;
    g->regs->ppcLR = 0xCAFEBABC;
    g->regs->ppcCTR = 0x87654321;
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(params()[0], 0x12345678);
    CU_ASSERT_EQUAL(params()[1], 0xCAFEBABC);
    CU_ASSERT_EQUAL(params()[2], 0x87654321);
    CU_ASSERT_EQUAL(g->regs->ppcCR, 0x12345678);
    CU_ASSERT_EQUAL(g->regs->ppcLR, 0xCAFEBABC);
    CU_ASSERT_EQUAL(g->regs->ppcCTR, 0x87654321);
}

static void cr_lr_ctr_from_the_guest_reach_the_host(void)
{
    static const uint32_t code[] = {
        PPC_LIS(3, 0x1357),      /* 0x1000 lis r3,0x1357 */
        PPC_ORI(3, 3, 0x9BDF),   /* 0x1004 ori r3,r3,0x9bdf */
        PPC_MTCRF(0xFF, 3),      /* 0x1008 mtcrf 0xff,r3 */
        PPC_LI(4, 0x1234),       /* 0x100c li r4,0x1234 */
        PPC_MTLR(4),             /* 0x1010 mtlr r4 */
        PPC_LI(5, 0x99),         /* 0x1014 li r5,0x99 */
        PPC_MTCTR(5),            /* 0x1018 mtctr r5 */
        PPC_SC,                  /* 0x101c sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    g->regs->ppcCR = g->regs->ppcLR = g->regs->ppcCTR = 0;
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcCR, 0x13579BDF);
    CU_ASSERT_EQUAL(g->regs->ppcLR, 0x1234);
    CU_ASSERT_EQUAL(g->regs->ppcCTR, 0x99);
}

static void xer_so_ov_ca_from_the_host_reach_the_guest(void)
{
    static const uint32_t code[] = {
        PPC_MFXER(3), /* 0x1000 mfxer r3 */
        PPC_SC,       /* 0x1004 sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    g->regs->ppcXER = 0xE0000000u;
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 0xE0000000u);
    CU_ASSERT_EQUAL(g->regs->ppcXER, 0xE0000000u);
    g->regs->ppcXER = 0;
}

static void xer_byte_count_round_trip(void)
{
    static const uint32_t code[] = {
        PPC_MFXER(3),   /* 0x1000 mfxer r3 */
        PPC_LI(4, 0x15),/* 0x1004 li r4,0x15 */
        PPC_MTXER(4),   /* 0x1008 mtxer r4 */
        PPC_SC,         /* 0x100c sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    g->regs->ppcXER = 0x0000007Fu;
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 0x7F);
    CU_ASSERT_EQUAL(g->regs->ppcXER, 0x15);
    g->regs->ppcXER = 0;
}

static void guest_carry_reaches_the_host(void)
{
    static const uint32_t code[] = {
        PPC_LI(3, -1),        /* 0x1000 li r3,-1 */
        PPC_ADDIC(3, 3, 1),   /* 0x1004 addic r3,r3,1: carry out */
        PPC_SC,               /* 0x1008 sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    g->regs->ppcXER = 0;
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 0);
    CU_ASSERT_EQUAL(g->regs->ppcXER, 0x20000000u); /* CA */
    g->regs->ppcXER = 0;
}

static void guest_overflow_reaches_the_host(void)
{
    static const uint32_t code[] = {
        PPC_LIS(3, 0x7FFF),      /* 0x1000 lis r3,0x7fff */
        PPC_ORI(3, 3, 0xFFFF),   /* 0x1004 ori r3,r3,0xffff */
        PPC_ADDO(3, 3, 3),       /* 0x1008 addo r3,r3,r3: signed overflow */
        PPC_SC,                  /* 0x100c sc */
    };
    guest_code(g, code, ARRAY_SIZE(code));
    g->regs->ppcXER = 0;
    CU_ASSERT_EQUAL(execute(g->index), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 0xFFFFFFFEu);
    CU_ASSERT_EQUAL(g->regs->ppcXER, 0xC0000000u); /* SO | OV */
    g->regs->ppcXER = 0;
}

/* ---- the book's demos, final state (reference 6.4-6.6) ---- */

/* The state a demo ends in (reference 6.4-6.6). */
typedef struct demo_end {
    uint32_t pc, cr, lr;
    uint32_t insn; /* the word at the PC */
    uint32_t gpr[32];
} demo_end_t;

/* Runs a demo as vmachmon32 does: a fresh context, its stack page at
 * 0x2000 with r1 = 0x2f20, the text at 0x1000 mapped by the launching
 * kVmmMapExecute; then checks the end state, which is the same for both
 * demos but for `want`: an illegal instruction (code 7, MSR 0x0008d030),
 * return_params {0x1000, 0x40000000, 0, 0} from the redriven entry. */
static void run_demo(const uint32_t *text, size_t n, uint32_t r3, uint32_t lr,
                     const demo_end_t *want)
{
    guest_t d;
    if (guest_init(&d) != 0) {
        guest_fini(&d);
        return;
    }
    d.regs->ppcGPRs[1] = 0x2F20;
    d.regs->ppcGPRs[3] = r3;
    d.regs->ppcLR = lr;
    guest_code(&d, text, n);
    CU_ASSERT_EQUAL(guest_run(&d), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(d.state->return_code, kVmmReturnProgramException);
    CU_ASSERT_EQUAL(d.regs->ppcPC, want->pc);
    CU_ASSERT_EQUAL(d.regs->ppcCR, want->cr);
    CU_ASSERT_EQUAL(d.regs->ppcLR, want->lr);
    CU_ASSERT_EQUAL(d.regs->ppcMSR, 0x0008D030u);
    CU_ASSERT_EQUAL(d.regs->ppcXER, 0);
    CU_ASSERT_EQUAL(d.regs->ppcCTR, 0);
    for (unsigned i = 0; i < 32; i++)
        if (d.regs->ppcGPRs[i] != want->gpr[i])
            TEST_FAILF("r%u = %#x, expected %#x", i, d.regs->ppcGPRs[i], want->gpr[i]);
    const uint32_t *p = guest_params(&d);
    CU_ASSERT_EQUAL(p[0], 0x1000);
    CU_ASSERT_EQUAL(p[1], 0x40000000u);
    CU_ASSERT_EQUAL(p[2], 0);
    CU_ASSERT_EQUAL(p[3], 0);
    uint64_t page = vmm_dispatch(kVmmGetPageMapping, d.index, want->pc);
    CU_ASSERT_EQUAL_FATAL(page, (uint64_t)d.text);
    CU_ASSERT_EQUAL(be32_get((uint8_t *)page + (want->pc & 0xFFF)), want->insn);
    guest_fini(&d);
}

static void demo_0_final_state(void)
{
    static const uint32_t text[] = {
        0x39400004, /* 0x1000 li r10,4 */
        0x39600005, /* 0x1004 li r11,5 */
        0x48001012, /* 0x1008 ba 0x1010 */
        0xdeadbeef, /* 0x100c skipped */
        0x7d8a5a14, /* 0x1010 add r12,r10,r11 */
        0xfeedface, /* 0x1014 illegal */
    };
    static const demo_end_t want = {
        .pc = 0x1014, .cr = 0, .lr = 0, .insn = 0xfeedface,
        .gpr = {[1] = 0x2F20, [10] = 4, [11] = 5, [12] = 9},
    };
    run_demo(text, ARRAY_SIZE(text), 0, 0, &want);
}

static void demo_1_final_state(void)
{
    static const uint32_t text[] = {
        0x7c0802a6, /* 0x1000 mflr r0 */
        0xbfc1fff8, /* 0x1004 stmw r30,-8(r1) */
        0x90010008, /* 0x1008 stw r0,8(r1) */
        0x9421ffa0, /* 0x100c stwu r1,-96(r1) */
        0x7c3e0b78, /* 0x1010 mr r30,r1 */
        0x907e0078, /* 0x1014 stw r3,120(r30) */
        0x801e0078, /* 0x1018 lwz r0,120(r30) */
        0x2f800000, /* 0x101c cmpwi cr7,r0,0 */
        0x419d0010, /* 0x1020 bgt cr7,0x1030 */
        0x38000001, /* 0x1024 li r0,1 */
        0x901e0040, /* 0x1028 stw r0,64(r30) */
        0x48000024, /* 0x102c b 0x1050 */
        0x805e0078, /* 0x1030 lwz r2,120(r30) */
        0x3802ffff, /* 0x1034 addi r0,r2,-1 */
        0x7c030378, /* 0x1038 mr r3,r0 */
        0x4bffffc5, /* 0x103c bl 0x1000 */
        0x7c621b78, /* 0x1040 mr r2,r3 */
        0x801e0078, /* 0x1044 lwz r0,120(r30) */
        0x7c0201d6, /* 0x1048 mullw r0,r2,r0 */
        0x901e0040, /* 0x104c stw r0,64(r30) */
        0x807e0040, /* 0x1050 lwz r3,64(r30) */
        0x80210000, /* 0x1054 lwz r1,0(r1) */
        0x80010008, /* 0x1058 lwz r0,8(r1) */
        0x7c0803a6, /* 0x105c mtlr r0 */
        0xbbc1fff8, /* 0x1060 lmw r30,-8(r1) */
        0x4e800020, /* 0x1064 blr */
    };
    static const demo_end_t want = {
        .pc = 0x1FFC, .cr = 0x00000002, .lr = 0x1FFC, .insn = 0,
        .gpr = {[0] = 0x1FFC, [1] = 0x2F20, [2] = 0x58980, [3] = 0x375F00},
    };
    /* factorial(10), returning to 0x1ffc: a zero word, illegal */
    run_demo(text, ARRAY_SIZE(text), 10, 0x1FFC, &want);
}

static const test_case_t check_tests[] = {
    TEST(bad_index_is_a_bogus_context),
    TEST(address_space_byte_33_or_more_is_invalid),
    TEST(bogus_context_is_checked_before_the_address_space),
    TEST(invalid_address_space_leaves_vmmXStart_alone),
    TEST(launch_into_an_empty_address_space_consumes_vmmXStart),
    TEST(own_address_space_byte_runs_normally),
    TEST(address_space_without_pmap_gives_a_synthetic_isi),
    TEST(launch_from_another_thread_finds_no_table),
    TEST_END,
};

static const test_case_t entry_tests[] = {
    TEST(launch_after_a_map_stores_a_dsi_on_that_page),
    TEST(redrive_names_the_page_of_the_mapped_address),
    TEST(launch_without_a_map_stores_a_system_call),
    TEST(only_the_first_launch_after_a_map_is_redriven),
    TEST(system_call_entry_carries_the_callers_arguments),
    TEST(failed_map_does_not_arm_the_redrive),
    TEST(protect_page_arms_the_redrive),
    TEST(map_into_another_address_space_is_not_redriven),
    TEST(launch_into_the_address_space_just_mapped_is_redriven),
    TEST(recreated_address_spaces_are_the_new_ones),
    TEST_END,
};

static const test_case_t fused_tests[] = {
    TEST(map_execute_maps_the_page_and_runs),
    TEST(map_execute_redrives_the_page_it_maps),
    TEST(map_execute_with_a_bad_host_page_does_not_launch),
    TEST(map_execute_above_4GiB_does_not_launch),
    TEST(map_execute_with_a_bad_context),
    TEST(map_execute_into_another_address_space),
    TEST(protect_execute_protects_and_runs),
    TEST(protect_execute_redrives_the_page),
    TEST(protect_execute_with_a_bad_context),
    TEST(protect_execute_in_an_empty_address_space_does_not_launch),
    TEST_END,
};

static const test_case_t stop_tests[] = {
    TEST(stopped_context_refuses_to_launch),
    TEST(xstart_runs_a_stopped_context_and_is_cleared),
    TEST(stop_vm_with_mask_0_does_nothing),
    TEST(stop_vm_of_another_context_leaves_this_one),
    TEST(xstart_is_cleared_at_launch),
    TEST(vmmStat_after_an_exit_has_vmmInUse),
    TEST_END,
};

static const test_case_t register_tests[] = {
    TEST(msr_import_keeps_only_the_user_bits),
    TEST(msr_supervisor_bits_from_the_host_are_dropped),
    TEST(msr_fp_modes_and_pm_from_the_host_are_kept),
    TEST(every_gpr_from_the_host_reaches_the_guest_and_back),
    TEST(cr_lr_ctr_from_the_host_reach_the_guest),
    TEST(cr_lr_ctr_from_the_guest_reach_the_host),
    TEST(xer_so_ov_ca_from_the_host_reach_the_guest),
    TEST(xer_byte_count_round_trip),
    TEST(guest_carry_reaches_the_host),
    TEST(guest_overflow_reaches_the_host),
    TEST_END,
};

static const test_case_t demo_tests[] = {
    TEST(demo_0_final_state),
    TEST(demo_1_final_state),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"checks", setup, suite_guest_teardown, check_tests},
    {"entry", setup, suite_guest_teardown, entry_tests},
    {"fused", setup, suite_guest_teardown, fused_tests},
    {"stop", setup, suite_guest_teardown, stop_tests},
    {"registers", setup, suite_guest_teardown, register_tests},
    {"demos", NULL, NULL, demo_tests},
    SUITES_END,
};

int main(void) { return harness_run("test_launch", suites); }
