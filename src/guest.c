/*
 * src/guest.c - a context, its guest pages and guest memory access for the
 * tools (see guest.h).
 */
#include "guest.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

int guest_create(guest_t *g)
{
    vm_address_t page = 0;
    memset(g, 0, sizeof *g);
    kern_return_t kr = vm_allocate(mach_task_self(), &page, vm_page_size, VM_FLAGS_ANYWHERE);
    if (kr != KERN_SUCCESS)
        return fail("cannot allocate a state page: %s", mach_error_string(kr));
    g->state = (vmm_state_page_t *)page;
    kr = (kern_return_t)vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, g->state);
    if (kr != KERN_SUCCESS) {
        vm_deallocate(mach_task_self(), page, vm_page_size);
        g->state = NULL;
        return fail("cannot create a context: %s", mach_error_string(kr));
    }
    g->index = g->state->thread_index;
    g->regs = &g->state->vmm_proc_state.ppcRegs.ppcRegs32;
    g->origin = 0x1000;
    return 0;
}

void guest_destroy(guest_t *g)
{
    if (g->index)
        vmm_dispatch(kVmmTearDownContext, g->index);
    if (g->state)
        vm_deallocate(mach_task_self(), (vm_address_t)g->state, vm_page_size);
    free(g->pages);
    memset(g, 0, sizeof *g);
}

/* Index of the first page >= addr. */
static size_t page_slot(const guest_t *g, uint32_t addr)
{
    size_t lo = 0, hi = g->npages;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (g->pages[mid].addr < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static guest_page_t *page_find(const guest_t *g, uint32_t addr)
{
    size_t i = page_slot(g, addr);
    return i < g->npages && g->pages[i].addr == addr ? &g->pages[i] : NULL;
}

static int page_note(guest_t *g, uint32_t addr, vm_prot_t prot)
{
    guest_page_t *p = page_find(g, addr);
    if (p) {
        p->prot = prot;
        return 0;
    }
    if (g->npages == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 16;
        guest_page_t *n = realloc(g->pages, cap * sizeof *n);
        if (!n)
            return fail("out of memory");
        g->pages = n;
        g->cap = cap;
    }
    size_t i = page_slot(g, addr);
    memmove(&g->pages[i + 1], &g->pages[i], (g->npages - i) * sizeof *g->pages);
    g->pages[i] = (guest_page_t){addr, prot};
    g->npages++;
    return 0;
}

int check_page_aligned(uint32_t addr, const char *what)
{
    if (addr & PAGE_MASK)
        return fail("%s 0x%08x is not page-aligned (a multiple of 0x1000)", what, addr);
    return 0;
}

int guest_map(guest_t *g, uint32_t addr, vm_prot_t prot, bool fresh)
{
    vm_address_t page = 0;
    if (check_page_aligned(addr, "address") != 0)
        return -1;
    if (fresh && guest_host(g, addr))
        return fail("page 0x%08x is already mapped", addr);
    kern_return_t kr = vm_allocate(mach_task_self(), &page, vm_page_size, VM_FLAGS_ANYWHERE);
    if (kr != KERN_SUCCESS)
        return fail("cannot allocate a page: %s", mach_error_string(kr));
    kr = (kern_return_t)vmm_dispatch(kVmmMapPage, g->index, page, addr, prot);
    /* The mapping holds the page now (or nothing does, if it failed). */
    vm_deallocate(mach_task_self(), page, vm_page_size);
    if (kr != KERN_SUCCESS)
        return fail("cannot map page 0x%08x: %s", addr, mach_error_string(kr));
    return page_note(g, addr, prot);
}

int guest_unmap(guest_t *g, uint32_t addr)
{
    if (check_page_aligned(addr, "address") != 0)
        return -1;
    if (vmm_dispatch(kVmmUnmapPage, g->index, addr) != KERN_SUCCESS)
        return fail("page 0x%08x is not mapped", addr);
    guest_page_t *p = page_find(g, addr);
    if (p) {
        size_t i = (size_t)(p - g->pages);
        memmove(p, p + 1, (g->npages - i - 1) * sizeof *p);
        g->npages--;
    }
    return 0;
}

int guest_protect(guest_t *g, uint32_t addr, vm_prot_t prot)
{
    if (check_page_aligned(addr, "address") != 0)
        return -1;
    /* kVmmProtectPage succeeds on an unmapped page: check first. */
    if (!guest_host(g, addr))
        return fail("page 0x%08x is not mapped", addr);
    kern_return_t kr = (kern_return_t)vmm_dispatch(kVmmProtectPage, g->index, addr, prot);
    if (kr != KERN_SUCCESS)
        return fail("cannot protect page 0x%08x: %s", addr, mach_error_string(kr));
    return page_note(g, addr, prot);
}

void guest_adopt(guest_t *g, uint32_t lo, uint64_t hi, vm_prot_t prot, bool add)
{
    for (uint64_t a = lo & ~PAGE_MASK; a < hi; a += PAGE_SIZE) {
        if (!guest_host(g, (uint32_t)a))
            continue;
        const guest_page_t *p = add ? page_find(g, (uint32_t)a) : NULL;
        page_note(g, (uint32_t)a, p ? (p->prot | prot) : prot);
    }
}

uint8_t *guest_host(const guest_t *g, uint32_t addr)
{
    uint64_t host = vmm_dispatch(kVmmGetPageMapping, g->index, addr & ~PAGE_MASK);
    if (host == UINT64_MAX)
        return NULL;
    return (uint8_t *)(uintptr_t)host + (addr & PAGE_MASK);
}

static uint8_t *word_at(const guest_t *g, uint32_t addr)
{
    if (addr & 3) {
        fail("address 0x%08x is not word-aligned", addr);
        return NULL;
    }
    uint8_t *p = guest_host(g, addr);
    if (!p)
        fail("address 0x%08x is not mapped", addr);
    return p;
}

int guest_read(const guest_t *g, uint32_t addr, uint32_t *word)
{
    uint8_t *p = word_at(g, addr);
    if (!p)
        return -1;
    *word = be32_get(p);
    return 0;
}

int guest_write(guest_t *g, uint32_t addr, uint32_t word)
{
    uint8_t *p = word_at(g, addr);
    if (!p)
        return -1;
    be32_put(p, word);
    sys_icache_invalidate(p, 4);
    return 0;
}

int parse_prot(const char *text, vm_prot_t *prot)
{
    uint32_t n;
    if (text[0] == '\0')
        return fail("missing protection (r, rw, rx, rwx or 0-7)");
    if (text[0] >= '0' && text[0] <= '9') {
        if (parse_u32(text, &n) != 0 || n > 7)
            return fail("bad protection '%s' (r, rw, rx, rwx or 0-7)", text);
        *prot = (vm_prot_t)n;
        return 0;
    }
    vm_prot_t p = 0;
    for (const char *c = text; *c; c++) {
        switch (*c) {
        case 'r':
            p |= VM_PROT_READ;
            break;
        case 'w':
            p |= VM_PROT_WRITE;
            break;
        case 'x':
            p |= VM_PROT_EXECUTE;
            break;
        case '-':
            break;
        default:
            return fail("bad protection '%s' (r, rw, rx, rwx or 0-7)", text);
        }
    }
    *prot = p;
    return 0;
}

const char *prot_text(vm_prot_t prot)
{
    static char buf[4];
    buf[0] = (prot & VM_PROT_READ) ? 'r' : '-';
    buf[1] = (prot & VM_PROT_WRITE) ? 'w' : '-';
    buf[2] = (prot & VM_PROT_EXECUTE) ? 'x' : '-';
    buf[3] = '\0';
    return buf;
}
