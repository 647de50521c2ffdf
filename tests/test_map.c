/*
 * tests/test_map.c - guest address spaces: kVmmMapPage (5, 27),
 * kVmmGetPageMapping (6, 28), kVmmUnmapPage (7), kVmmUnmapAllPages (8),
 * kVmmGetPageDirtyFlag (9), kVmmProtectPage (15); memory shared between
 * host and guest; pages given back while mapped; 65,536 pages at once.
 *
 * One context (the suite's guest, text at 0x1000, data at 0x2000) runs
 * the probes; each test maps its own pages at 0x3000 and up and unmaps
 * them before it ends.
 */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "tests/guest.h"
#include "tests/harness.h"

#define PAGE 4096u
#define AT_A 0x3000u /* guest pages the tests map */
#define AT_B 0x4000u
#define DSISR_PROT_LOAD 0x08000000u
#define DSISR_PROT_STORE 0x0A000000u

static guest_t *const g = &suite_guest;

static const uint32_t *params(void) { return guest_params(g); }

static uint64_t map(vm_address_t host, uint32_t gva, vm_prot_t prot)
{
    return vmm_dispatch(kVmmMapPage, g->index, host, gva, prot);
}

static uint64_t mapping(uint32_t gva) { return vmm_dispatch(kVmmGetPageMapping, g->index, gva); }

static uint64_t dirty(uint32_t gva, int reset)
{
    return vmm_dispatch(kVmmGetPageDirtyFlag, g->index, gva, reset);
}

static void unmap(uint32_t gva) { vmm_dispatch(kVmmUnmapPage, g->index, gva); }

/* The guest loads the word at gva: returns the exit code (12 when it
 * worked), the word in *value. */
static uint32_t guest_load(uint32_t gva, uint32_t *value)
{
    const uint32_t code[] = {
        PPC_LWZ(3, 0, 4), /* 0x1000 lwz r3,0(r4) */
        PPC_SC,           /* 0x1004 sc */
    };
    g->regs->ppcGPRs[3] = 0;
    g->regs->ppcGPRs[4] = gva;
    guest_code(g, code, ARRAY_SIZE(code));
    uint32_t exit = guest_run(g);
    if (value)
        *value = g->regs->ppcGPRs[3];
    return exit;
}

/* The guest stores value at gva: returns the exit code. */
static uint32_t guest_store(uint32_t gva, uint32_t value)
{
    const uint32_t code[] = {
        PPC_STW(3, 0, 4), /* 0x1000 stw r3,0(r4) */
        PPC_SC,           /* 0x1004 sc */
    };
    g->regs->ppcGPRs[3] = value;
    g->regs->ppcGPRs[4] = gva;
    guest_code(g, code, ARRAY_SIZE(code));
    return guest_run(g);
}

/* ---- kVmmMapPage ---- */

static void mapped_page_is_seen_by_the_guest(void)
{
    vm_address_t p = page_alloc();
    uint32_t v = 0;
    be32_put((uint8_t *)p + 0x10, 0x12345678);
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_load(AT_A + 0x10, &v), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(v, 0x12345678);
    unmap(AT_A);
    page_free(p);
}

static void get_page_mapping_returns_the_whole_host_address(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT(p > UINT32_MAX); /* so that a truncation would show */
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(mapping(AT_A), (uint64_t)p);
    CU_ASSERT_EQUAL(mapping(AT_A + 0xABC), (uint64_t)p); /* page-aligned */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping64, g->index, (uint64_t)AT_A), (uint64_t)p);
    unmap(AT_A);
    page_free(p);
}

static void unaligned_guest_address_maps_its_page(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(map(p, AT_A + 0xABC, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(mapping(AT_A), (uint64_t)p);
    unmap(AT_A);
    page_free(p);
}

static void unaligned_host_address_maps_its_page(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(map(p + 0x123, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(mapping(AT_A), (uint64_t)p);
    unmap(AT_A);
    page_free(p);
}

/* A host address may also be given as its low 32 bits (what the 32-bit
 * fields of the original ABI can hold). */
static void host_address_as_its_low_32_bits(void)
{
    vm_address_t p = page_alloc();
    uint32_t v = 0;
    be32_put((void *)p, 0xABCD0123);
    CU_ASSERT_EQUAL(map((uint32_t)p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(mapping(AT_A), (uint64_t)p);
    CU_ASSERT_EQUAL(guest_load(AT_A, &v), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(v, 0xABCD0123);
    unmap(AT_A);
    page_free(p);
}

static void map_page64_takes_a_64_bit_guest_address(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage64, g->index, p, (uint64_t)AT_A, VM_PROT_ALL),
                    KERN_SUCCESS);
    CU_ASSERT_EQUAL(mapping(AT_A), (uint64_t)p);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage64, g->index, p, 0xFFFFF000ull, VM_PROT_ALL),
                    KERN_SUCCESS); /* the last page of 32 bits */
    CU_ASSERT_EQUAL(mapping(0xFFFFF000u), (uint64_t)p);
    unmap(AT_A);
    unmap(0xFFFFF000u);
    page_free(p);
}

static void map_page64_above_4GiB_is_an_invalid_address(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage64, g->index, p, 0x100000000ull | AT_A, VM_PROT_ALL),
                    kVmmInvalidAddress);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage64, g->index, p, UINT64_MAX & ~0xFFFull, VM_PROT_ALL),
                    kVmmInvalidAddress);
    CU_ASSERT_EQUAL(mapping(AT_A), UINT64_MAX); /* not truncated and mapped */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping64, g->index, 0x100000000ull | AT_A),
                    UINT64_MAX);
    page_free(p);
}

/* The 32-bit flavour takes a 32-bit guest address: the high half of a
 * wider argument is not part of it. */
static void map_page32_uses_the_low_32_bits_of_the_guest_address(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, g->index, p, 0x100000000ull | AT_A, VM_PROT_ALL),
                    KERN_SUCCESS);
    CU_ASSERT_EQUAL(mapping(AT_A), (uint64_t)p);
    unmap(AT_A);
    page_free(p);
}

static void map_page_with_a_bad_address_space(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, 0, p, AT_A, VM_PROT_ALL), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, 33, p, AT_A, VM_PROT_ALL), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, 32, p, AT_A, VM_PROT_ALL), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, g->index + 1, p, AT_A, VM_PROT_ALL), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage64, 0, p, 0x100000000ull, VM_PROT_ALL), KERN_FAILURE);
    CU_ASSERT_EQUAL(mapping(AT_A), UINT64_MAX);
    page_free(p);
}

/* The address space is the whole argument, not its low byte (only the
 * context index of the execute calls is masked, reference 1.3).  Its own
 * context, so that a library that masks harms only this test. */
static void address_space_256_and_up_is_bad(void)
{
    guest_t h;
    vm_address_t p = page_alloc();
    if (guest_init(&h) != 0) {
        guest_fini(&h);
        return;
    }
    uint32_t as = 0x100 | h.index;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, as, p, AT_A, VM_PROT_ALL), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, h.index, AT_A), UINT64_MAX);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, as, GUEST_DATA), UINT64_MAX);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageDirtyFlag, as, 0x7000, 0), 1);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage, as, GUEST_DATA, VM_PROT_READ), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage, as, GUEST_DATA), 0xFFFFFFFFull);
    vmm_dispatch(kVmmUnmapAllPages, as);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, h.index, GUEST_DATA), (uint64_t)h.data);
    guest_fini(&h);
    page_free(p);
}

static void map_page_refuses_heap_and_stack_memory(void)
{
    void *heap = NULL;
    uint8_t stack[64];
    CU_ASSERT_EQUAL_FATAL(posix_memalign(&heap, PAGE, PAGE), 0);
    CU_ASSERT_EQUAL(map((vm_address_t)heap, AT_A, VM_PROT_ALL), KERN_FAILURE);
    CU_ASSERT_EQUAL(map((vm_address_t)stack, AT_A, VM_PROT_ALL), KERN_FAILURE);
    CU_ASSERT_EQUAL(map(0, AT_A, VM_PROT_ALL), KERN_FAILURE);
    CU_ASSERT_EQUAL(mapping(AT_A), UINT64_MAX);
    free(heap);
}

static void map_page_refuses_a_deallocated_page(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), p, PAGE), KERN_SUCCESS);
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_FAILURE);
    CU_ASSERT_EQUAL(mapping(AT_A), UINT64_MAX);
}

static void failed_map_keeps_the_previous_mapping(void)
{
    vm_address_t p = page_alloc();
    void *heap = malloc(PAGE);
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(map((vm_address_t)heap, AT_A, VM_PROT_ALL), KERN_FAILURE);
    CU_ASSERT_EQUAL(mapping(AT_A), (uint64_t)p);
    unmap(AT_A);
    free(heap);
    page_free(p);
}

static void mapping_again_replaces_the_page(void)
{
    vm_address_t a = page_alloc(), b = page_alloc();
    uint32_t v = 0;
    be32_put((void *)a, 0xAAAAAAAA);
    be32_put((void *)b, 0xBBBBBBBB);
    CU_ASSERT_EQUAL(map(a, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_load(AT_A, &v), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(v, 0xAAAAAAAA);
    CU_ASSERT_EQUAL(map(b, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(mapping(AT_A), (uint64_t)b);
    CU_ASSERT_EQUAL(guest_load(AT_A, &v), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(v, 0xBBBBBBBB);
    unmap(AT_A);
    page_free(a);
    page_free(b);
}

/* The replaced mapping's referenced/changed bits are lost. */
static void replacing_a_mapping_clears_its_dirty_flag(void)
{
    vm_address_t a = page_alloc(), b = page_alloc();
    CU_ASSERT_EQUAL(map(a, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_store(AT_A, 1), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(map(b, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(dirty(AT_A, 0), 0);
    CU_ASSERT_EQUAL(guest_store(AT_A, 2), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(map(b, AT_A, VM_PROT_ALL), KERN_SUCCESS); /* the same page again */
    CU_ASSERT_EQUAL(dirty(AT_A, 0), 0);
    unmap(AT_A);
    page_free(a);
    page_free(b);
}

/* ---- kVmmGetPageMapping ---- */

static void get_page_mapping_of_an_unmapped_page(void)
{
    CU_ASSERT_EQUAL(mapping(0x7000), UINT64_MAX);
    CU_ASSERT_EQUAL(mapping(0), UINT64_MAX);
    CU_ASSERT_EQUAL(mapping(0xFFFFF000u), UINT64_MAX);
}

static void get_page_mapping_with_a_bad_address_space(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, 0, GUEST_DATA), UINT64_MAX);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, 33, GUEST_DATA), UINT64_MAX);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, g->index + 1, GUEST_DATA), UINT64_MAX);
    CU_ASSERT_EQUAL(mapping(GUEST_DATA), (uint64_t)g->data); /* the good one */
}

/* ---- kVmmUnmapPage, kVmmUnmapAllPages ---- */

static void unmap_page_removes_the_mapping(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_load(AT_A, NULL), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage, g->index, AT_A + 0x10), KERN_SUCCESS);
    CU_ASSERT_EQUAL(mapping(AT_A), UINT64_MAX);
    CU_ASSERT_EQUAL(guest_load(AT_A + 8, NULL), kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(params()[0], AT_A + 8);
    CU_ASSERT_EQUAL(params()[1], 0x40000000);
    page_free(p);
}

static void unmap_page_with_nothing_mapped(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage, g->index, 0x7000), KERN_FAILURE);
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage, g->index, AT_A), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage, g->index, AT_A), KERN_FAILURE); /* twice */
    page_free(p);
}

/* -1 through a kern_return_t, zero-extended: 0xFFFFFFFF. */
static void unmap_page_with_a_bad_address_space(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage, 0, GUEST_DATA), 0xFFFFFFFFull);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage, 33, GUEST_DATA), 0xFFFFFFFFull);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage, g->index + 1, GUEST_DATA), 0xFFFFFFFFull);
    CU_ASSERT_EQUAL(mapping(GUEST_DATA), (uint64_t)g->data);
}

/* A second context, for tests that empty or fill a whole address space. */
typedef struct other {
    vm_address_t state;
    uint32_t index;
} other_t;

static int other_new(other_t *o)
{
    o->state = page_alloc();
    if (vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, o->state) != KERN_SUCCESS) {
        CU_FAIL("kVmmInitContext");
        return -1;
    }
    o->index = ((vmm_state_page_t *)o->state)->thread_index;
    return 0;
}

static void other_free(other_t *o)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, o->index), KERN_SUCCESS);
    page_free(o->state);
}

static void unmap_all_pages_empties_the_address_space(void)
{
    other_t o;
    vm_address_t p = page_alloc();
    if (other_new(&o) != 0)
        return;
    for (uint32_t gva = 0x10000; gva < 0x10000 + 8 * PAGE; gva += PAGE)
        CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, o.index, p, gva, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, o.index, p, 0xFFFFF000u, VM_PROT_ALL),
                    KERN_SUCCESS);
    vmm_dispatch(kVmmUnmapAllPages, o.index);
    for (uint32_t gva = 0x10000; gva < 0x10000 + 8 * PAGE; gva += PAGE)
        CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, o.index, gva), UINT64_MAX);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, o.index, 0xFFFFF000u), UINT64_MAX);
    /* The address space itself stays. */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, o.index, p, 0x10000, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, o.index, 0x10000), (uint64_t)p);
    /* Other address spaces are untouched. */
    CU_ASSERT_EQUAL(mapping(GUEST_DATA), (uint64_t)g->data);
    other_free(&o);
    page_free(p);
}

/* After kVmmUnmapAllPages the guest finds nothing where it loaded before,
 * although its CPU had translated that page. */
static void unmap_all_pages_reaches_the_guest(void)
{
    static const uint32_t code[] = {
        PPC_LI(4, GUEST_DATA), /* 0x1000 li r4,0x2000 */
        PPC_LWZ(3, 0, 4),      /* 0x1004 lwz r3,0(r4) */
        PPC_SC,                /* 0x1008 sc */
    };
    guest_t h;
    if (guest_init(&h) != 0) {
        guest_fini(&h);
        return;
    }
    guest_code(&h, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(&h), kVmmReturnSystemCall);
    vmm_dispatch(kVmmUnmapAllPages, h.index);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, h.index, h.text, GUEST_TEXT, VM_PROT_ALL),
                    KERN_SUCCESS);
    h.regs->ppcPC = GUEST_TEXT;
    CU_ASSERT_EQUAL(guest_run(&h), kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(h.regs->ppcPC, 0x1004);
    CU_ASSERT_EQUAL(guest_params(&h)[0], GUEST_DATA);
    CU_ASSERT_EQUAL(guest_params(&h)[1], 0x40000000u);
    guest_fini(&h);
}

static void unmap_all_pages_with_a_bad_address_space(void)
{
    vmm_dispatch(kVmmUnmapAllPages, 0);
    vmm_dispatch(kVmmUnmapAllPages, 33);
    vmm_dispatch(kVmmUnmapAllPages, g->index + 1);
    CU_ASSERT_EQUAL(mapping(GUEST_DATA), (uint64_t)g->data);
}

/* ---- kVmmGetPageDirtyFlag ---- */

static void page_is_clean_after_map(void)
{
    vm_address_t p = page_alloc();
    memset((void *)p, 0x11, PAGE); /* host writes are not guest stores */
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(dirty(AT_A, 0), 0);
    memset((void *)p, 0x22, PAGE);
    CU_ASSERT_EQUAL(dirty(AT_A, 0), 0);
    unmap(AT_A);
    page_free(p);
}

static void guest_store_dirties_the_page(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_store(AT_A + 0x20, 5), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(dirty(AT_A, 0), 1);
    CU_ASSERT_EQUAL(dirty(AT_A + 0xFFF, 0), 1); /* any address in the page */
    CU_ASSERT_EQUAL(dirty(AT_A, 0), 1);         /* no reset: still dirty */
    unmap(AT_A);
    page_free(p);
}

static void guest_load_does_not_dirty_the_page(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_load(AT_A + 0x20, NULL), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(dirty(AT_A, 0), 0);
    unmap(AT_A);
    page_free(p);
}

static void reset_clears_the_dirty_flag(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_store(AT_A, 5), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(dirty(AT_A, 1), 1); /* the flag before the reset */
    CU_ASSERT_EQUAL(dirty(AT_A, 0), 0);
    CU_ASSERT_EQUAL(dirty(AT_A, 1), 0);
    unmap(AT_A);
    page_free(p);
}

/* After a reset the next store must set the flag again, even though the
 * CPU may still hold the page's translation from the first store. */
static void store_after_reset_dirties_again(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_store(AT_A, 5), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(dirty(AT_A, 1), 1);
    CU_ASSERT_EQUAL(guest_store(AT_A + 4, 6), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(dirty(AT_A, 0), 1);
    unmap(AT_A);
    page_free(p);
}

static void dirty_flag_of_an_unmapped_page_is_1(void)
{
    CU_ASSERT_EQUAL(dirty(0x7000, 0), 1);
    CU_ASSERT_EQUAL(dirty(0x7000, 1), 1);
}

static void dirty_flag_with_a_bad_address_space_is_1(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageDirtyFlag, 0, GUEST_DATA, 0), 1);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageDirtyFlag, 33, GUEST_DATA, 0), 1);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageDirtyFlag, g->index + 1, GUEST_DATA, 0), 1);
}

/* ---- kVmmProtectPage ---- */

static void protect_an_unmapped_page_succeeds(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage, g->index, 0x7000, VM_PROT_READ), KERN_SUCCESS);
    CU_ASSERT_EQUAL(mapping(0x7000), UINT64_MAX); /* and maps nothing */
}

static void protect_with_a_bad_address_space(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage, 0, GUEST_DATA, VM_PROT_READ), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage, 33, GUEST_DATA, VM_PROT_READ), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage, g->index + 1, GUEST_DATA, VM_PROT_READ),
                    KERN_FAILURE);
}

static void read_only_page_refuses_a_guest_store(void)
{
    vm_address_t p = page_alloc();
    uint32_t v = 0;
    be32_put((uint8_t *)p + 8, 0x600DF00D);
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage, g->index, AT_A, VM_PROT_READ), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_store(AT_A + 8, 0xBAD), kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(params()[0], AT_A + 8);
    CU_ASSERT_EQUAL(params()[1], DSISR_PROT_STORE);
    CU_ASSERT_EQUAL(be32_get((uint8_t *)p + 8), 0x600DF00D);
    CU_ASSERT_EQUAL(guest_load(AT_A + 8, &v), kVmmReturnSystemCall); /* loads still work */
    CU_ASSERT_EQUAL(v, 0x600DF00D);
    CU_ASSERT_EQUAL(mapping(AT_A), (uint64_t)p); /* the mapping stays */
    CU_ASSERT_EQUAL(dirty(AT_A, 0), 0);
    unmap(AT_A);
    page_free(p);
}

static void no_access_page_refuses_a_guest_load(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage, g->index, AT_A, VM_PROT_NONE), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_load(AT_A + 0x40, NULL), kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(params()[0], AT_A + 0x40);
    CU_ASSERT_EQUAL(params()[1], DSISR_PROT_LOAD);
    unmap(AT_A);
    page_free(p);
}

/* The CPU may hold a writable translation from an earlier store: the
 * narrower protection must still apply at the next launch. */
static void protect_after_a_store_takes_effect(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_store(AT_A, 1), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage, g->index, AT_A, VM_PROT_READ), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_store(AT_A, 2), kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(params()[1], DSISR_PROT_STORE);
    CU_ASSERT_EQUAL(be32_get((void *)p), 1);
    unmap(AT_A);
    page_free(p);
}

static void protect_back_to_read_write(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_READ), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_store(AT_A, 7), kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmProtectPage, g->index, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_store(AT_A, 7), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(be32_get((void *)p), 7);
    unmap(AT_A);
    page_free(p);
}

/* What the guest may do with a page mapped with `prot`, running with the
 * given vmmKey: 'n' nothing, 'r' load, 'w' load and store. */
static char probe(uint32_t prot, int key)
{
    vm_address_t p = page_alloc();
    char can = '?';
    g->state->vmmCntrl = key ? vmmKey : 0;
    if (map(p, AT_A, prot) != KERN_SUCCESS) {
        TEST_FAILF("map with prot %#x", prot);
    } else {
        uint32_t load = guest_load(AT_A, NULL);
        uint32_t load_dsisr = params()[1];
        uint32_t store = guest_store(AT_A, 1);
        uint32_t store_dsisr = params()[1];
        if (load == kVmmReturnDataPageFault && load_dsisr == DSISR_PROT_LOAD &&
            store == kVmmReturnDataPageFault && store_dsisr == DSISR_PROT_STORE)
            can = 'n';
        else if (load == kVmmReturnSystemCall && store == kVmmReturnDataPageFault &&
                 store_dsisr == DSISR_PROT_STORE)
            can = 'r';
        else if (load == kVmmReturnSystemCall && store == kVmmReturnSystemCall)
            can = 'w';
    }
    g->state->vmmCntrl = 0;
    unmap(AT_A);
    page_free(p);
    return can;
}

/* expected[i] for prot first + i. */
static void check_protections(uint32_t first, const char *expected, int key)
{
    for (uint32_t i = 0; expected[i]; i++) {
        char can = probe(first + i, key);
        if (can != expected[i])
            TEST_FAILF("prot %#x with vmmKey %d: '%c', expected '%c'", first + i, key, can,
                       expected[i]);
    }
}

/* NONE, R, W, RW, X, RX, WX, RWX: on a 32-bit PowerPC page whatever can
 * be read can be executed, so X alone is read-only. */
static void vm_prot_values(void) { check_protections(0, "nrwwrrww", 0); }

/* NARW, RORW, RWRW, RORO with vmmKey 0 ... */
static void extended_protections_with_vmmKey_0(void) { check_protections(8, "nrwr", 0); }

/* ... and with vmmKey 1. */
static void extended_protections_with_vmmKey_1(void) { check_protections(8, "wwwr", 1); }

/* Only the low 4 bits of a protection count. */
static void protection_ignores_the_high_bits(void)
{
    check_protections(0x10, "nrww", 0);
    check_protections(0x18, "nrwr", 0);
    CU_ASSERT_EQUAL(probe(0xFFFFFFF9u, 0), 'r'); /* RORW */
}

/* ---- memory shared by host and guest ---- */

static void host_writes_are_seen_by_the_guest(void)
{
    vm_address_t p = page_alloc();
    uint32_t v = 0;
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_load(AT_A + 0x100, &v), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(v, 0);
    be32_put((uint8_t *)p + 0x100, 0x0BADCAFE); /* after the mapping, no remap */
    CU_ASSERT_EQUAL(guest_load(AT_A + 0x100, &v), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(v, 0x0BADCAFE);
    unmap(AT_A);
    page_free(p);
}

static void guest_stores_are_seen_by_the_host(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_store(AT_A + 0xFFC, 0xFEEDC0DE), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(be32_get((uint8_t *)p + 0xFFC), 0xFEEDC0DE);
    unmap(AT_A);
    page_free(p);
}

static void one_host_page_at_two_guest_addresses(void)
{
    vm_address_t p = page_alloc();
    const uint32_t code[] = {
        PPC_LIS(4, 0),            /* 0x1000 lis r4,0 */
        PPC_ORI(4, 4, AT_A),      /* 0x1004 ori r4,r4,0x3000 */
        PPC_LIS(5, 0),            /* 0x1008 lis r5,0 */
        PPC_ORI(5, 5, AT_B),      /* 0x100c ori r5,r5,0x4000 */
        PPC_LI(3, 0x5A5),         /* 0x1010 li r3,0x5a5 */
        PPC_STW(3, 0x18, 4),      /* 0x1014 stw r3,0x18(r4) */
        PPC_LWZ(6, 0x18, 5),      /* 0x1018 lwz r6,0x18(r5) */
        PPC_SC,                   /* 0x101c sc */
    };
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(map(p, AT_B, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(mapping(AT_A), (uint64_t)p);
    CU_ASSERT_EQUAL(mapping(AT_B), (uint64_t)p);
    guest_code(g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[6], 0x5A5);
    CU_ASSERT_EQUAL(dirty(AT_A, 0), 1);
    CU_ASSERT_EQUAL(dirty(AT_B, 0), 0); /* per mapping */
    /* Unmapping one leaves the other. */
    unmap(AT_A);
    CU_ASSERT_EQUAL(mapping(AT_B), (uint64_t)p);
    unmap(AT_B);
    page_free(p);
}

static void rewritten_code_runs_after_icache_invalidate(void)
{
    const uint32_t first[] = {
        PPC_LI(3, 1), /* 0x1000 li r3,1 */
        PPC_SC,       /* 0x1004 sc */
    };
    guest_code(g, first, ARRAY_SIZE(first));
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 1);
    be32_put((void *)g->text, PPC_LI(3, 2)); /* 0x1000 li r3,2 */
    sys_icache_invalidate((void *)g->text, 4);
    g->regs->ppcPC = GUEST_TEXT;
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g->regs->ppcGPRs[3], 2);
}

/* ---- pages given back while mapped ---- */

static void deallocated_page_stays_mapped(void)
{
    vm_address_t p = page_alloc();
    uint32_t v = 0;
    be32_put((uint8_t *)p + 0x20, 0x51DE51DE);
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), p, PAGE), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_load(AT_A + 0x20, &v), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(v, 0x51DE51DE);
    CU_ASSERT_EQUAL(guest_store(AT_A + 0x24, 0x77), kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(mapping(AT_A), (uint64_t)p);
    unmap(AT_A);
}

static void deallocated_page_is_not_handed_out_while_mapped(void)
{
    vm_address_t p = page_alloc(), again = 0;
    memset((void *)p, 0x99, PAGE);
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), p, PAGE), KERN_SUCCESS);
    again = p;
    CU_ASSERT_EQUAL(vm_allocate(mach_task_self(), &again, PAGE, VM_FLAGS_FIXED), KERN_NO_SPACE);
    unmap(AT_A);
    again = p;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &again, PAGE, VM_FLAGS_FIXED),
                          KERN_SUCCESS);
    CU_ASSERT_TRUE(bytes_all((void *)again, PAGE, 0)); /* zeroed on its way back */
    page_free(again);
}

static void deallocated_page_cannot_be_mapped_again(void)
{
    vm_address_t p = page_alloc();
    CU_ASSERT_EQUAL(map(p, AT_A, VM_PROT_ALL), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), p, PAGE), KERN_SUCCESS);
    CU_ASSERT_EQUAL(map(p, AT_B, VM_PROT_ALL), KERN_FAILURE);
    CU_ASSERT_EQUAL(mapping(AT_B), UINT64_MAX);
    unmap(AT_A);
}

/* ---- a full address space: 65,536 pages (256 MiB) ---- */

#define BIG_PAGES 65536u
#define BIG_BASE 0x40000000u
#define BIG_STEP 4099u /* sample pages: 0, 4099, 8198, ... */

static void map_65536_pages(void)
{
    other_t o;
    vm_address_t big = 0;
    const vm_size_t size = (vm_size_t)BIG_PAGES * PAGE;
    if (other_new(&o) != 0)
        return;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &big, size, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    unsigned failed = 0;
    for (uint32_t i = 0; i < BIG_PAGES; i++)
        failed += vmm_dispatch(kVmmMapPage, o.index, big + (vm_address_t)i * PAGE,
                               BIG_BASE + i * PAGE, VM_PROT_ALL) != KERN_SUCCESS;
    CU_ASSERT_EQUAL(failed, 0);

    /* The host marks sample pages; the guest sums the first word of every
     * page, so that every one of them is translated. */
    uint32_t expected = 0;
    for (uint32_t i = 0; i < BIG_PAGES; i += BIG_STEP) {
        be32_put((uint8_t *)big + (vm_address_t)i * PAGE, i + 1);
        expected += i + 1;
    }
    vm_address_t text = page_alloc();
    vmm_state_page_t *s = (vmm_state_page_t *)o.state;
    static const uint32_t sum[] = {
        PPC_LIS(4, BIG_BASE >> 16), /* 0x1000 lis r4,0x4000 */
        PPC_LIS(5, BIG_PAGES >> 16),/* 0x1004 lis r5,1: 65536 */
        PPC_MTCTR(5),               /* 0x1008 mtctr r5 */
        PPC_LI(3, 0),               /* 0x100c li r3,0 */
        PPC_LWZ(6, 0, 4),           /* 0x1010 lwz r6,0(r4) */
        PPC_ADD(3, 3, 6),           /* 0x1014 add r3,r3,r6 */
        PPC_ADDI(4, 4, PAGE),       /* 0x1018 addi r4,r4,4096 */
        PPC_BDNZ(-12),              /* 0x101c bdnz 0x1010 */
        PPC_SC,                     /* 0x1020 sc */
    };
    for (size_t i = 0; i < ARRAY_SIZE(sum); i++)
        be32_put((uint8_t *)text + 4 * i, sum[i]);
    s->vmm_proc_state.ppcRegs.ppcRegs32.ppcPC = GUEST_TEXT;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapExecute, o.index, text, GUEST_TEXT, VM_PROT_ALL),
                    kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(s->vmm_proc_state.ppcRegs.ppcRegs32.ppcPC, 0x1024);
    CU_ASSERT_EQUAL(s->vmm_proc_state.ppcRegs.ppcRegs32.ppcGPRs[3], expected);

    /* Mappings and dirty flags, after all those translations. */
    unsigned wrong = 0;
    for (uint32_t i = 0; i < BIG_PAGES; i += 97)
        wrong += vmm_dispatch(kVmmGetPageMapping, o.index, BIG_BASE + i * PAGE) !=
                 (uint64_t)(big + (vm_address_t)i * PAGE);
    CU_ASSERT_EQUAL(wrong, 0);
    static const uint32_t store[] = {
        PPC_STW(3, 0, 4), /* 0x1000 stw r3,0(r4) */
        PPC_SC,           /* 0x1004 sc */
    };
    for (size_t i = 0; i < ARRAY_SIZE(store); i++)
        be32_put((uint8_t *)text + 4 * i, store[i]);
    sys_icache_invalidate((void *)text, sizeof store);
    const uint32_t stored[] = {0, 1000, BIG_PAGES - 1};
    for (size_t k = 0; k < ARRAY_SIZE(stored); k++) {
        s->vmm_proc_state.ppcRegs.ppcRegs32.ppcPC = GUEST_TEXT;
        s->vmm_proc_state.ppcRegs.ppcRegs32.ppcGPRs[4] = BIG_BASE + stored[k] * PAGE + 8;
        CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, o.index), kVmmReturnSystemCall);
    }
    unsigned dirty_pages = 0;
    for (uint32_t i = 0; i < BIG_PAGES; i++)
        dirty_pages += vmm_dispatch(kVmmGetPageDirtyFlag, o.index, BIG_BASE + i * PAGE, 0) == 1;
    CU_ASSERT_EQUAL(dirty_pages, ARRAY_SIZE(stored));
    for (size_t k = 0; k < ARRAY_SIZE(stored); k++)
        CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageDirtyFlag, o.index,
                                     BIG_BASE + stored[k] * PAGE, 0),
                        1);

    vmm_dispatch(kVmmUnmapAllPages, o.index);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, o.index, BIG_BASE), UINT64_MAX);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, o.index, BIG_BASE + (BIG_PAGES - 1) * PAGE),
                    UINT64_MAX);
    other_free(&o);
    page_free(text);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), big, size), KERN_SUCCESS);
}

static const test_case_t map_tests[] = {
    TEST(mapped_page_is_seen_by_the_guest),
    TEST(get_page_mapping_returns_the_whole_host_address),
    TEST(unaligned_guest_address_maps_its_page),
    TEST(unaligned_host_address_maps_its_page),
    TEST(host_address_as_its_low_32_bits),
    TEST(map_page64_takes_a_64_bit_guest_address),
    TEST(map_page64_above_4GiB_is_an_invalid_address),
    TEST(map_page32_uses_the_low_32_bits_of_the_guest_address),
    TEST(map_page_with_a_bad_address_space),
    TEST(address_space_256_and_up_is_bad),
    TEST(map_page_refuses_heap_and_stack_memory),
    TEST(map_page_refuses_a_deallocated_page),
    TEST(failed_map_keeps_the_previous_mapping),
    TEST(mapping_again_replaces_the_page),
    TEST(replacing_a_mapping_clears_its_dirty_flag),
    TEST(get_page_mapping_of_an_unmapped_page),
    TEST(get_page_mapping_with_a_bad_address_space),
    TEST_END,
};

static const test_case_t unmap_tests[] = {
    TEST(unmap_page_removes_the_mapping),
    TEST(unmap_page_with_nothing_mapped),
    TEST(unmap_page_with_a_bad_address_space),
    TEST(unmap_all_pages_empties_the_address_space),
    TEST(unmap_all_pages_reaches_the_guest),
    TEST(unmap_all_pages_with_a_bad_address_space),
    TEST_END,
};

static const test_case_t dirty_tests[] = {
    TEST(page_is_clean_after_map),
    TEST(guest_store_dirties_the_page),
    TEST(guest_load_does_not_dirty_the_page),
    TEST(reset_clears_the_dirty_flag),
    TEST(store_after_reset_dirties_again),
    TEST(dirty_flag_of_an_unmapped_page_is_1),
    TEST(dirty_flag_with_a_bad_address_space_is_1),
    TEST_END,
};

static const test_case_t protect_tests[] = {
    TEST(protect_an_unmapped_page_succeeds),
    TEST(protect_with_a_bad_address_space),
    TEST(read_only_page_refuses_a_guest_store),
    TEST(no_access_page_refuses_a_guest_load),
    TEST(protect_after_a_store_takes_effect),
    TEST(protect_back_to_read_write),
    TEST(vm_prot_values),
    TEST(extended_protections_with_vmmKey_0),
    TEST(extended_protections_with_vmmKey_1),
    TEST(protection_ignores_the_high_bits),
    TEST_END,
};

static const test_case_t shared_tests[] = {
    TEST(host_writes_are_seen_by_the_guest),
    TEST(guest_stores_are_seen_by_the_host),
    TEST(one_host_page_at_two_guest_addresses),
    TEST(rewritten_code_runs_after_icache_invalidate),
    TEST(deallocated_page_stays_mapped),
    TEST(deallocated_page_is_not_handed_out_while_mapped),
    TEST(deallocated_page_cannot_be_mapped_again),
    TEST_END,
};

static const test_case_t big_tests[] = {
    TEST(map_65536_pages),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"map", suite_guest_setup, suite_guest_teardown, map_tests},
    {"unmap", suite_guest_setup, suite_guest_teardown, unmap_tests},
    {"dirty", suite_guest_setup, suite_guest_teardown, dirty_tests},
    {"protect", suite_guest_setup, suite_guest_teardown, protect_tests},
    {"shared", suite_guest_setup, suite_guest_teardown, shared_tests},
    {"big", suite_guest_setup, suite_guest_teardown, big_tests},
    SUITES_END,
};

int main(void) { return harness_run("test_map", suites); }
