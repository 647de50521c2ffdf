/*
 * src/mon_ctx.c - the monitor's commands for contexts, pages, loading and
 * the feature table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "explain.h"
#include "image.h"
#include "monitor.h"
#include "util.h"

/* ---- context ---------------------------------------------------------------- */

static int context_create(monitor_t *m)
{
    mon_ctx_t *c = calloc(1, sizeof *c);
    if (!c)
        return fail("out of memory");
    if (guest_create(&c->g) != 0) {
        free(c);
        return -1;
    }
    c->g.origin = 0;
    m->ctx[c->g.index] = m->cur = c;
    printf("context %u created (address space %u) and selected\n", c->g.index, c->g.index);
    return 0;
}

static void context_list(const monitor_t *m)
{
    bool any = false;
    for (unsigned i = 1; i <= kVmmMaxContexts; i++) {
        const mon_ctx_t *c = m->ctx[i];
        if (!c)
            continue;
        if (!any)
            printf("  context  pages  breakpoints  pc          last exit\n");
        any = true;
        printf("%c %-8u %-6zu %-12u 0x%08x  %s\n", c == m->cur ? '*' : ' ', i, c->g.npages,
               c->nbreaks, c->g.regs->ppcPC, exit_name(c->g.state->return_code));
    }
    if (!any)
        printf("no contexts (create one with 'context create')\n");
}

static int context_number(const monitor_t *m, const char *text, mon_ctx_t **c)
{
    uint32_t n;
    if (parse_u32(text, &n) != 0)
        return -1;
    if (n < 1 || n > kVmmMaxContexts || !m->ctx[n])
        return fail("no context %s (see 'context list')", text);
    *c = m->ctx[n];
    return 0;
}

static int context_destroy(monitor_t *m, mon_ctx_t *c)
{
    unsigned index = c->g.index;
    guest_destroy(&c->g);
    m->ctx[index] = NULL;
    free(c);
    printf("context %u destroyed\n", index);
    if (m->cur != c)
        return 0;
    m->cur = NULL;
    for (unsigned i = 1; i <= kVmmMaxContexts && !m->cur; i++)
        m->cur = m->ctx[i];
    if (m->cur)
        printf("context %u selected\n", m->cur->g.index);
    return 0;
}

int cmd_context(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c = NULL;
    const char *sub = argc > 1 ? argv[1] : "list";
    if (strcmp(sub, "create") == 0 && argc == 2)
        return context_create(m);
    if (strcmp(sub, "list") == 0 && argc <= 2) {
        context_list(m);
        return 0;
    }
    if (strcmp(sub, "select") == 0 && argc == 3) {
        if (context_number(m, argv[2], &c) != 0)
            return -1;
        m->cur = c;
        printf("context %u selected\n", c->g.index);
        return 0;
    }
    if (strcmp(sub, "destroy") == 0 && argc <= 3) {
        if (argc == 3 ? context_number(m, argv[2], &c) != 0 : !(c = mon_need(m)))
            return -1;
        return context_destroy(m, c);
    }
    return mon_usage("context");
}

/* ---- pages -------------------------------------------------------------------- */

int cmd_map(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c;
    uint32_t addr;
    vm_prot_t prot = VM_PROT_ALL;
    if (mon_args(argc, 1, 2, "map") || !(c = mon_need(m)) || mon_addr(m, argv[1], &addr) ||
        (argc == 3 && parse_prot(argv[2], &prot)) || guest_map(&c->g, addr, prot, true))
        return -1;
    printf("page 0x%08x mapped %s\n", addr, prot_text(prot));
    return 0;
}

int cmd_unmap(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c;
    uint32_t addr;
    if (mon_args(argc, 1, 1, "unmap") || !(c = mon_need(m)) || mon_addr(m, argv[1], &addr) ||
        guest_unmap(&c->g, addr))
        return -1;
    printf("page 0x%08x unmapped\n", addr);
    return 0;
}

int cmd_protect(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c;
    uint32_t addr;
    vm_prot_t prot;
    if (mon_args(argc, 2, 2, "protect") || !(c = mon_need(m)) || mon_addr(m, argv[1], &addr) ||
        parse_prot(argv[2], &prot) || guest_protect(&c->g, addr, prot))
        return -1;
    printf("page 0x%08x now %s\n", addr, prot_text(prot));
    return 0;
}

/* kVmmGetPageDirtyFlag: 1 = dirty (or unmapped), 0 = clean. */
static bool page_dirty(const guest_t *g, uint32_t addr, bool reset)
{
    return vmm_dispatch(kVmmGetPageDirtyFlag, g->index, addr, reset ? 1 : 0) != 0;
}

int cmd_pages(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c;
    (void)argv;
    if (mon_args(argc, 0, 0, "pages") || !(c = mon_need(m)))
        return -1;
    if (c->g.npages == 0)
        printf("no pages mapped\n");
    else
        printf("  page        prot  dirty\n");
    for (size_t i = 0; i < c->g.npages; i++) {
        const guest_page_t *p = &c->g.pages[i];
        printf("  0x%08x  %-4s  %s\n", p->addr, prot_text(p->prot),
               page_dirty(&c->g, p->addr, false) ? "yes" : "no");
    }
    return 0;
}

int cmd_dirty(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c;
    bool reset = argc == 2 && strcmp(argv[1], "reset") == 0;
    if (mon_args(argc, 0, reset ? 1 : 0, "dirty") || !(c = mon_need(m)))
        return -1;
    unsigned n = 0;
    for (size_t i = 0; i < c->g.npages; i++) {
        if (!page_dirty(&c->g, c->g.pages[i].addr, reset))
            continue;
        printf("  0x%08x dirty%s\n", c->g.pages[i].addr, reset ? " (flag cleared)" : "");
        n++;
    }
    if (n == 0)
        printf("no dirty pages\n");
    return 0;
}

/* ---- load, features --------------------------------------------------------------- */

int cmd_load(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c;
    image_t img;
    uint32_t at = 0x1000, entry;
    if (mon_args(argc, 1, 2, "load") || !(c = mon_need(m)) ||
        (argc == 3 && mon_addr(m, argv[2], &at)) || image_read(argv[1], &img))
        return -1;
    if (img.kind == IMAGE_ELF && argc == 3) {
        image_free(&img);
        return fail("%s: an ELF file has its own addresses (load it without ADDR)", argv[1]);
    }
    int rc = image_place(&c->g, &img, at, &entry);
    if (rc == 0) {
        c->g.regs->ppcPC = c->g.origin = entry;
        if (img.kind == IMAGE_ELF)
            printf("loaded ELF file %s; pc = 0x%08x (entry point)\n", argv[1], entry);
        else
            printf("loaded %zu words at 0x%08x-0x%08x; pc = 0x%08x\n", img.size / 4, at,
                   at + (uint32_t)img.size - 1, entry);
    }
    image_free(&img);
    return rc;
}

int cmd_features(monitor_t *m, int argc, char **argv)
{
    (void)m;
    (void)argv;
    if (mon_args(argc, 0, 0, "features") != 0)
        return -1;
    vmm_version_t version = (vmm_version_t)vmm_dispatch(kVmmGetVersion);
    vmm_features_t features = (vmm_features_t)vmm_dispatch(kVmmvGetFeatures);
    printf("Mac OS X virtual machine monitor (version %u.%u), features 0x%08x:\n", version >> 16,
           version & 0xFFFF, features);
    dump_features(stdout, features);
    return 0;
}
