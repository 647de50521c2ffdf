/*
 * tests/test_list.c - kVmmMapList / kVmmUnmapList and their 64-bit
 * flavours: lists in the communication area at 0xC00 of the state page,
 * flags in the low 12 bits, at most 64 entries, the original's quirks.
 */
#include <CUnit/CUnit.h>
#include <string.h>

#include "tests/guest.h"
#include "tests/harness.h"

#define NPAGES 8

static guest_t g;
static vm_address_t pages;

static int setup(void)
{
    if (guest_init(&g) != 0)
        return -1;
    return vm_allocate(mach_task_self(), &pages, NPAGES * vm_page_size, VM_FLAGS_ANYWHERE);
}

static int teardown(void)
{
    vm_deallocate(mach_task_self(), pages, NPAGES * vm_page_size);
    guest_fini(&g);
    return 0;
}

static vmm_comm_page_t *comm(void) { return (vmm_comm_page_t *)g.state; }
static vmmMList *list32(void) { return (vmmMList *)comm()->vmcpComm; }
static vmmMList64 *list64(void) { return (vmmMList64 *)comm()->vmcpComm; }
static vm_address_t page(int i) { return pages + (vm_address_t)i * vm_page_size; }

static int mapped(uint32_t as, uint64_t gva)
{
    return vmm_dispatch(kVmmGetPageMapping64, as, gva) != UINT64_MAX;
}

static void map_list_maps_every_entry(void)
{
    for (int i = 0; i < 4; i++) {
        list32()[i].vmlva = (uint32_t)page(i); /* low 32 bits of the host page */
        list32()[i].vmlava = (0x40000000u + 0x1000u * i) | VM_PROT_ALL;
    }
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapList, g.index, 4), KERN_SUCCESS);
    for (int i = 0; i < 4; i++)
        CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetPageMapping, g.index, 0x40000000u + 0x1000u * i),
                        (uint64_t)page(i));
}

static void map_list_protection_comes_from_the_flags(void)
{
    const uint32_t code[] = {
        PPC_LIS(4, 0x4000), /* 0x1000 lis r4,0x4000 */
        PPC_STW(4, 0, 4),   /* 0x1004 stw r4,0(r4): read-only page */
    };
    list32()[0].vmlva = (uint32_t)page(0);
    list32()[0].vmlava = 0x40000000u | VM_PROT_READ;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapList, g.index, 1), KERN_SUCCESS);
    guest_code(&g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(&g), kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(g.state->vmmRet.vmmrp32.return_params[1], 0x0A000000);
}

static void map_list_stops_at_the_first_failure(void)
{
    vmm_dispatch(kVmmUnmapAllPages, g.index);
    vmm_dispatch(kVmmMapPage, g.index, g.data, GUEST_DATA, VM_PROT_ALL);
    list32()[0].vmlva = (uint32_t)page(0);
    list32()[0].vmlava = 0x50000000u | VM_PROT_ALL;
    list32()[1].vmlva = 0x00001000;             /* not host memory of ours */
    list32()[1].vmlava = 0x50001000u | VM_PROT_ALL;
    list32()[2].vmlva = (uint32_t)page(2);
    list32()[2].vmlava = 0x50002000u | VM_PROT_ALL;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapList, g.index, 3), KERN_FAILURE);
    CU_ASSERT_TRUE(mapped(g.index, 0x50000000u));
    CU_ASSERT_FALSE(mapped(g.index, 0x50001000u));
    CU_ASSERT_FALSE(mapped(g.index, 0x50002000u));
}

static void map_list_ignores_the_entry_address_space(void)
{
    /* ID 5 in the flags, but the page lands in the call's address space. */
    list32()[0].vmlva = (uint32_t)page(3);
    list32()[0].vmlava = 0x60000000u | 5u << 4 | VM_PROT_ALL;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapList, g.index, 1), KERN_SUCCESS);
    CU_ASSERT_TRUE(mapped(g.index, 0x60000000u));
}

static void index_with_an_address_space_byte(void)
{
    /* The context is found (its number is masked), but the index reaches
     * the map and the default unmap space whole: 0x0101 names no space. */
    uint32_t idx = g.index | 1u << 8;
    list32()[0].vmlva = (uint32_t)page(4);
    list32()[0].vmlava = 0x62000000u | VM_PROT_ALL;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapList, idx, 1), KERN_FAILURE);
    CU_ASSERT_FALSE(mapped(g.index, 0x62000000u));
    CU_ASSERT_FALSE(mapped(1, 0x62000000u));
    /* Unmap: nothing to find there, skipped, success; the page stays. */
    vmm_dispatch(kVmmMapPage, g.index, page(4), 0x62000000u, VM_PROT_ALL);
    vmmUMList *ul = (vmmUMList *)comm()->vmcpComm;
    ul[0].vmlava = 0x62000000u;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapList, idx, 1), KERN_SUCCESS);
    CU_ASSERT_TRUE(mapped(g.index, 0x62000000u));
    /* The plain index unmaps it. */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapList, g.index, 1), KERN_SUCCESS);
    CU_ASSERT_FALSE(mapped(g.index, 0x62000000u));
}

static void list_counts_are_limited(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapList, g.index, 65), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapList, g.index, 65), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapList64, g.index, 65), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapList, g.index, 0), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapList, g.index, 0), KERN_SUCCESS);
}

static void list_with_bad_index_fails(void)
{
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapList, 0, 1), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapList, 33, 1), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapList, g.index + 1, 1), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapList64, 0, 0), KERN_FAILURE);
}

static void unmap_list_removes_every_entry(void)
{
    vmmUMList *ul = (vmmUMList *)comm()->vmcpComm;
    for (int i = 0; i < 4; i++)
        vmm_dispatch(kVmmMapPage, g.index, page(i), 0x70000000u + 0x1000u * i, VM_PROT_ALL);
    for (int i = 0; i < 4; i++)
        ul[i].vmlava = (0x70000000u + 0x1000u * i) | 0x7; /* protection bits ignored */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapList, g.index, 4), KERN_SUCCESS);
    for (int i = 0; i < 4; i++)
        CU_ASSERT_FALSE(mapped(g.index, 0x70000000u + 0x1000u * i));
}

static void unmap_list_address_space_id_is_zero_based(void)
{
    /* Context 2 (address space 2) holds a page; from context 1's list, the
     * ID that reaches address space 2 is 1, as in the kernel's array. */
    guest_t h;
    CU_ASSERT_EQUAL_FATAL(guest_init(&h), 0);
    CU_ASSERT_EQUAL(h.index, g.index + 1);
    vmm_dispatch(kVmmMapPage, h.index, page(5), 0x71000000u, VM_PROT_ALL);
    vmmUMList *ul = (vmmUMList *)comm()->vmcpComm;
    ul[0].vmlava = 0x71000000u | h.index << 4; /* names address space h.index + 1 */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapList, g.index, 1), KERN_SUCCESS);
    CU_ASSERT_TRUE(mapped(h.index, 0x71000000u));
    ul[0].vmlava = 0x71000000u | (h.index - 1) << 4;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapList, g.index, 1), KERN_SUCCESS);
    CU_ASSERT_FALSE(mapped(h.index, 0x71000000u));
    /* IDs of missing address spaces, and past 31, are skipped quietly. */
    ul[0].vmlava = 0x71000000u | 20u << 4;
    ul[1].vmlava = 0x71000000u | 40u << 4;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapList, g.index, 2), KERN_SUCCESS);
    guest_fini(&h);
}

static void list64_takes_whole_addresses(void)
{
    list64()[0].vmlva = page(6);
    list64()[0].vmlava = 0x48000000ull | VM_PROT_ALL;
    list64()[1].vmlva = page(7);
    list64()[1].vmlava = 0x148000000ull | VM_PROT_ALL; /* beyond this G4 */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapList64, g.index, 2), kVmmInvalidAddress);
    CU_ASSERT_TRUE(mapped(g.index, 0x48000000u));
    vmmUMList64 *ul = (vmmUMList64 *)comm()->vmcpComm;
    ul[0].vmlava = 0x48000000ull;
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapList64, g.index, 1), KERN_SUCCESS);
    CU_ASSERT_FALSE(mapped(g.index, 0x48000000u));
}

static const test_case_t list_tests[] = {
    TEST(map_list_maps_every_entry),
    TEST(map_list_protection_comes_from_the_flags),
    TEST(map_list_stops_at_the_first_failure),
    TEST(map_list_ignores_the_entry_address_space),
    TEST(index_with_an_address_space_byte),
    TEST(list_counts_are_limited),
    TEST(list_with_bad_index_fails),
    TEST(unmap_list_removes_every_entry),
    TEST(unmap_list_address_space_id_is_zero_based),
    TEST(list64_takes_whole_addresses),
    TEST_END,
};

static const test_suite_t suites[] = {
    {"lists", setup, teardown, list_tests},
    SUITES_END,
};

int main(void) { return harness_run("test_list", suites); }
