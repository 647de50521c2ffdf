/*
 * src/mon_mem.c - the monitor's commands for guest memory and registers:
 * poke, x, dis, regs, set, expect.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "expect.h"
#include "explain.h"
#include "monitor.h"
#include "regs.h"
#include "util.h"

int cmd_poke(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c;
    uint32_t addr, word;
    if (mon_args(argc, 2, 1024, "poke") || !(c = mon_need(m)) || mon_addr(m, argv[1], &addr))
        return -1;
    if (addr & 3)
        return fail("address 0x%08x is not word-aligned", addr);
    if (check_span(addr, (uint64_t)(argc - 2), 4, "words") != 0)
        return -1;
    /* Check everything first: a bad word writes nothing. */
    for (int i = 2; i < argc; i++) {
        uint32_t at = addr + 4u * (uint32_t)(i - 2);
        if (parse_u32(argv[i], &word) != 0 || guest_read(&c->g, at, &word) != 0)
            return -1;
    }
    for (int i = 2; i < argc; i++) {
        parse_u32(argv[i], &word);
        guest_write(&c->g, addr + 4u * (uint32_t)(i - 2), word);
    }
    if (argc == 3)
        printf("wrote 1 word at 0x%08x\n", addr);
    else
        printf("wrote %d words at 0x%08x-0x%08x\n", argc - 2, addr,
               addr + 4u * (uint32_t)(argc - 2) - 1);
    return 0;
}

/* Lines "=>* 0x00001000: 7c0802a6  mflr r0" for n words from addr (not
 * past 4 GiB: nothing is shown then). */
static int show_words(const mon_ctx_t *c, uint32_t addr, uint32_t n)
{
    if (addr & 3)
        return fail("address 0x%08x is not word-aligned", addr);
    if (check_span(addr, n, 4, "words") != 0)
        return -1;
    for (uint32_t i = 0; i < n; i++, addr += 4) {
        uint32_t word;
        if (guest_read(&c->g, addr, &word) != 0)
            return -1;
        printf("%s%s ", addr == c->g.regs->ppcPC ? "=>" : "  ", mon_is_break(c, addr) ? "*" : " ");
        print_insn(stdout, &c->g, addr);
        putchar('\n');
    }
    return 0;
}

#define MAX_WORDS_SHOWN 4096

int cmd_examine(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c;
    uint32_t n = 1, addr;
    const char *slash = strchr(argv[0], '/');
    if (mon_args(argc, 0, 1, "x") || !(c = mon_need(m)) ||
        (slash && mon_count(slash + 1, MAX_WORDS_SHOWN, &n)))
        return -1;
    addr = c->g.regs->ppcPC;
    if (argc == 2 && mon_addr(m, argv[1], &addr) != 0)
        return -1;
    return show_words(c, addr, n);
}

int cmd_dis(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c;
    uint32_t n = 8, addr;
    if (mon_args(argc, 0, 2, "dis") || !(c = mon_need(m)))
        return -1;
    addr = c->g.regs->ppcPC;
    if ((argc >= 2 && mon_addr(m, argv[1], &addr)) ||
        (argc == 3 && mon_count(argv[2], MAX_WORDS_SHOWN, &n)))
        return -1;
    return show_words(c, addr, n);
}

int cmd_regs(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c = mon_need(m);
    if (!c)
        return -1;
    if (argc == 1) {
        dump_state(stdout, &c->g);
        return 0;
    }
    for (int i = 1; i < argc; i++)
        if (!reg_find(c->g.state, argv[i]))
            return -1;
    for (int i = 1; i < argc; i++) {
        uint32_t v = *reg_find(c->g.state, argv[i]);
        printf("%-6s = 0x%08x (%u)\n", argv[i], v, v);
    }
    return 0;
}

int cmd_set(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c;
    int reg;
    uint32_t value;
    if (mon_args(argc, 1, 2, "set") || !(c = mon_need(m)))
        return -1;
    /* "set REG VALUE" or "set REG=VALUE", parsed where they stand. */
    bool apart = argc == 3 && !strchr(argv[1], '=');
    if (!apart && (argc == 3 || !strchr(argv[1], '=')))
        return mon_usage("set");
    if ((apart ? assignment_parts(argv[1], argv[2], &reg, &value)
               : assignment_parse(argv[1], &reg, &value)) != 0)
        return -1;
    *reg_slot(c->g.state, reg) = value;
    if (reg_slot(c->g.state, reg) == &c->g.regs->ppcPC)
        c->g.origin = value;
    printf("%s = 0x%08x (%u)\n", reg_names()[reg], value, value);
    return 0;
}

int cmd_expect(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c;
    expectation_t e;
    char msg[200];
    if (mon_args(argc, 1, 1, "expect") || !(c = mon_need(m)) || expect_parse(argv[1], &e))
        return -1;
    if (!expect_check(&c->g, &e, msg, sizeof msg))
        return fail("%s", msg);
    printf("ok: %s\n", argv[1]);
    return 0;
}
