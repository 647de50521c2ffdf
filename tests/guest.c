/* tests/guest.c - see guest.h. */
#include "tests/guest.h"

#include <CUnit/CUnit.h>
#include <string.h>

uint32_t be32_get(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

void be32_put(void *p, uint32_t v)
{
    uint8_t *b = p;
    b[0] = (uint8_t)(v >> 24);
    b[1] = (uint8_t)(v >> 16);
    b[2] = (uint8_t)(v >> 8);
    b[3] = (uint8_t)v;
}

vm_address_t page_alloc(void)
{
    vm_address_t page = 0;
    if (vm_allocate(mach_task_self(), &page, vm_page_size, VM_FLAGS_ANYWHERE) != KERN_SUCCESS) {
        CU_FAIL("vm_allocate");
        return 0;
    }
    return page;
}

void page_free(vm_address_t page)
{
    if (page)
        vm_deallocate(mach_task_self(), page, vm_page_size);
}

int bytes_all(const void *p, size_t n, uint8_t value)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != value)
            return 0;
    return 1;
}

int guest_init(guest_t *g)
{
    vm_address_t state = 0;
    memset(g, 0, sizeof *g);
    if (vm_allocate(mach_task_self(), &state, vm_page_size, VM_FLAGS_ANYWHERE) ||
        vm_allocate(mach_task_self(), &g->text, vm_page_size, VM_FLAGS_ANYWHERE) ||
        vm_allocate(mach_task_self(), &g->data, vm_page_size, VM_FLAGS_ANYWHERE)) {
        CU_FAIL("vm_allocate");
        return -1;
    }
    g->state = (vmm_state_page_t *)state;
    g->regs = &g->state->vmm_proc_state.ppcRegs.ppcRegs32;
    if (vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, g->state) != KERN_SUCCESS) {
        CU_FAIL("kVmmInitContext");
        return -1;
    }
    g->index = g->state->thread_index;
    if (vmm_dispatch(kVmmMapPage, g->index, g->data, GUEST_DATA, VM_PROT_ALL) != KERN_SUCCESS) {
        CU_FAIL("kVmmMapPage data");
        return -1;
    }
    return 0;
}

void guest_fini(guest_t *g)
{
    if (g->index)
        vmm_dispatch(kVmmTearDownContext, g->index);
    if (g->state)
        vm_deallocate(mach_task_self(), (vm_address_t)g->state, vm_page_size);
    if (g->text)
        vm_deallocate(mach_task_self(), g->text, vm_page_size);
    if (g->data)
        vm_deallocate(mach_task_self(), g->data, vm_page_size);
    memset(g, 0, sizeof *g);
}

guest_t suite_guest;

int suite_guest_setup(void) { return guest_init(&suite_guest) == 0 ? 0 : -1; }

int suite_guest_teardown(void)
{
    guest_fini(&suite_guest);
    return 0;
}

uint32_t *guest_params(const guest_t *g) { return g->state->vmmRet.vmmrp32.return_params; }

void guest_code_at(guest_t *g, uint32_t at, const uint32_t *words, size_t n)
{
    uint8_t *p = (uint8_t *)g->text + (at - GUEST_TEXT);
    for (size_t i = 0; i < n; i++)
        be32_put(p + 4 * i, words[i]);
    sys_icache_invalidate(p, 4 * n);
    g->regs->ppcPC = at;
}

void guest_code(guest_t *g, const uint32_t *words, size_t n)
{
    guest_code_at(g, GUEST_TEXT, words, n);
}

uint32_t guest_run(guest_t *g)
{
    if (!g->text_mapped) {
        g->text_mapped = 1;
        return (uint32_t)vmm_dispatch(kVmmMapExecute, g->index, g->text, GUEST_TEXT, VM_PROT_ALL);
    }
    return (uint32_t)vmm_dispatch(kVmmExecuteVM, g->index);
}
