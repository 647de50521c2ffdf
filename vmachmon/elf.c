/*
 * vmachmon/elf.c - vmm_load_elf32: ELF32 big-endian PowerPC executables.
 *
 * Everything in the file is checked before anything is mapped: header
 * identity, program header table bounds, each PT_LOAD segment's file range
 * and memory range.  Pages are then built one guest page at a time (a page
 * may hold the end of one segment and the start of the next) and mapped.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <vmachmon/loader.h>

#include "ppc/bytes.h"
#include "vmachmon/facility.h"

#define EM_PPC 20
#define ET_EXEC 2
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define MAX_SEGMENTS 64
#define MAX_PAGES (1u << 18) /* 1 GiB of guest memory per program */

typedef struct segment {
    uint32_t vaddr, memsz, offset, filesz, flags;
} segment_t;

typedef struct page {
    uint32_t gva;
    vm_address_t host;
    int prot;
} page_t;

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* Reads and checks the header and PT_LOAD segments; returns their count or
 * -1 with *why set. */
static int parse(const uint8_t *f, size_t size, segment_t *seg, uint32_t *entry,
                 const char **why)
{
    if (size < 52 || memcmp(f, "\177ELF", 4) != 0)
        return *why = "not an ELF file", -1;
    if (f[4] != 1 || f[5] != 2)
        return *why = "not a 32-bit big-endian ELF file", -1;
    if (be16(f + 18) != EM_PPC)
        return *why = "not a PowerPC program", -1;
    if (be16(f + 16) != ET_EXEC)
        return *why = "not an executable (ET_EXEC)", -1;
    uint32_t phoff = be32_load(f + 28);
    uint16_t phentsize = be16(f + 42), phnum = be16(f + 44);
    if (phentsize < 32 || phnum == 0 || phoff > size ||
        (size - phoff) / phentsize < phnum)
        return *why = "bad program header table", -1;
    *entry = be32_load(f + 24);
    int n = 0;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = f + phoff + (size_t)i * phentsize;
        if (be32_load(ph) != PT_LOAD || be32_load(ph + 20) == 0)
            continue;
        if (n == MAX_SEGMENTS)
            return *why = "too many segments", -1;
        segment_t s = {be32_load(ph + 8), be32_load(ph + 20), be32_load(ph + 4), be32_load(ph + 16),
                       be32_load(ph + 24)};
        if (s.filesz > s.memsz || s.offset > size || size - s.offset < s.filesz)
            return *why = "segment outside the file", -1;
        if ((uint64_t)s.vaddr + s.memsz > 1ull << 32)
            return *why = "segment beyond 4 GiB", -1;
        seg[n++] = s;
    }
    if (n == 0)
        return *why = "no loadable segment", -1;
    return n;
}

static int prot_of(uint32_t flags)
{
    return ((flags & PF_R) ? VM_PROT_READ : 0) | ((flags & PF_W) ? VM_PROT_WRITE : 0) |
           ((flags & PF_X) ? VM_PROT_EXECUTE : 0);
}

/* The pages of a load, and an open-addressing index over them by page
 * number, so that finding a page costs the same with 262,144 pages as
 * with one (a linear search made a 1 GiB program take minutes). */
typedef struct page_set {
    page_t *pages;
    size_t n;
    uint32_t *slot; /* index into pages + 1, 0 = empty */
    uint32_t mask;  /* slots - 1; slots >= 2 * max pages */
} page_set_t;

static int page_set_init(page_set_t *s, size_t max)
{
    size_t slots = 2;
    while (slots < 2 * max)
        slots *= 2;
    s->n = 0;
    s->mask = (uint32_t)(slots - 1);
    s->pages = calloc(max, sizeof *s->pages);
    s->slot = calloc(slots, sizeof *s->slot);
    if (s->pages && s->slot)
        return 0;
    free(s->pages);
    free(s->slot);
    return -1;
}

/* The page entry for guest page gva, created if new. */
static page_t *page_for(page_set_t *s, uint32_t gva)
{
    uint32_t h = (gva >> 12) * 2654435761u & s->mask;
    for (; s->slot[h]; h = (h + 1) & s->mask)
        if (s->pages[s->slot[h] - 1].gva == gva)
            return &s->pages[s->slot[h] - 1];
    page_t *p = &s->pages[s->n++];
    s->slot[h] = (uint32_t)s->n;
    p->gva = gva;
    p->host = 0;
    p->prot = 0;
    return vm_allocate(mach_task_self(), &p->host, vm_page_size, VM_FLAGS_ANYWHERE) ==
                   KERN_SUCCESS ? p : NULL;
}

static void release(page_t *pages, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (pages[i].host)
            vm_deallocate(mach_task_self(), pages[i].host, vm_page_size);
}

static size_t count_pages(const segment_t *seg, int n)
{
    size_t total = 0;
    for (int i = 0; i < n; i++)
        total += (((uint64_t)seg[i].vaddr + seg[i].memsz + 0xFFF) >> 12) - (seg[i].vaddr >> 12);
    return total;
}

VMM_API kern_return_t vmm_load_elf32(vmm_adsp_id_t as, const void *image, size_t size,
                                     vmm_elf_info_t *info, const char **why)
{
    const char *dummy;
    segment_t seg[MAX_SEGMENTS];
    uint32_t entry;
    if (!why)
        why = &dummy;
    if (!image || !info)
        return *why = "no image", KERN_INVALID_ARGUMENT;
    int nseg = parse(image, size, seg, &entry, why);
    if (nseg < 0)
        return KERN_INVALID_ARGUMENT;
    size_t max = count_pages(seg, nseg);
    if (max > MAX_PAGES)
        return *why = "program too large", KERN_INVALID_ARGUMENT;
    vmm_task_t *t = task_for_caller(false);
    if (!task_adsp(t, as & vmmTInum))
        return *why = "no such address space", KERN_FAILURE;

    page_set_t set;
    kern_return_t kr = KERN_SUCCESS;
    uint32_t lowest = UINT32_MAX;
    uint64_t highest = 0;
    if (page_set_init(&set, max) != 0)
        return *why = "out of host memory", KERN_NO_SPACE;
    page_t *pages = set.pages;
    for (int i = 0; i < nseg && kr == KERN_SUCCESS; i++) {
        const segment_t *s = &seg[i];
        uint64_t end = (uint64_t)s->vaddr + s->memsz;
        for (uint64_t a = s->vaddr & ~0xFFFull; a < end; a += 4096) {
            page_t *p = page_for(&set, (uint32_t)a);
            if (!p) {
                kr = KERN_NO_SPACE;
                *why = "out of host memory";
                break;
            }
            p->prot |= prot_of(s->flags);
            /* File bytes of this segment that fall in this page. */
            uint64_t lo = a > s->vaddr ? a : s->vaddr;
            uint64_t hi = a + 4096 < (uint64_t)s->vaddr + s->filesz ? a + 4096
                                                                   : (uint64_t)s->vaddr + s->filesz;
            if (hi > lo)
                memcpy((uint8_t *)p->host + (lo - a),
                       (const uint8_t *)image + s->offset + (lo - s->vaddr), hi - lo);
        }
        if (s->vaddr < lowest)
            lowest = s->vaddr & ~0xFFFu;
        if (((end + 0xFFF) & ~0xFFFull) > highest)
            highest = (end + 0xFFF) & ~0xFFFull;
    }
    size_t mapped = 0, npages = set.n;
    for (; kr == KERN_SUCCESS && mapped < npages; mapped++) {
        kr = map_page(t, as & vmmTInum, pages[mapped].host, pages[mapped].gva, pages[mapped].prot);
        if (kr != KERN_SUCCESS)
            *why = "cannot map a page";
    }
    if (kr != KERN_SUCCESS) {
        vmm_adsp_t *a = task_adsp(t, as & vmmTInum);
        for (size_t i = 0; i < mapped; i++)
            adsp_unmap(a, pages[i].gva);
    } else {
        info->entry = entry;
        info->lowest = lowest;
        info->highest = (uint32_t)highest;
    }
    /* The mappings hold the pages now; the host lets go of them. */
    release(pages, npages);
    free(pages);
    free(set.slot);
    return kr;
}
