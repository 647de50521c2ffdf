/*
 * src/mon_table.c - the monitor's command table, command lookup and
 * completion, help, and the helpers every handler uses (see monitor.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor.h"
#include "regs.h"
#include "util.h"

/* help: the first line is the summary "help" lists; the rest is shown by
 * "help COMMAND". */
const mon_command_t mon_commands[] = {
    {"help", cmd_help, "help [COMMAND]", "list the commands, or explain one"},
    {"context", cmd_context, "context create | list | select N | destroy [N]",
     "create, list, select or destroy VM contexts\n"
     "Each context has its own state page (the registers) and its own address\n"
     "space; the commands work on the selected one, shown in the prompt."},
    {"map", cmd_map, "map ADDR [PROT]",
     "map a zeroed page at guest ADDR\n"
     "ADDR must be page-aligned (a multiple of 0x1000).  PROT is r, rw, rx,\n"
     "rwx (the default) or a number 0-7 (VM_PROT_READ 1, WRITE 2, EXECUTE 4)."},
    {"unmap", cmd_unmap, "unmap ADDR", "unmap the page at guest ADDR (its memory is freed)"},
    {"protect", cmd_protect, "protect ADDR PROT", "change the protection of a mapped page"},
    {"pages", cmd_pages, "pages", "list the mapped pages, their protection and dirty flags"},
    {"dirty", cmd_dirty, "dirty [reset]",
     "list the pages the guest has written to\n"
     "The facility keeps a dirty (changed) flag per page, set by guest stores;\n"
     "'dirty reset' lists them and clears the flags."},
    {"load", cmd_load, "load FILE [ADDR]",
     "load guest code from a file and set the PC to its start\n"
     "A raw big-endian binary or a .hex file (one hex word per line, '#'\n"
     "comments) goes at ADDR (default 0x1000), mapping pages as needed; an\n"
     "ELF32 PowerPC executable goes at its own addresses and starts at its\n"
     "entry point."},
    {"poke", cmd_poke, "poke ADDR WORD...", "write 32-bit words (big-endian) at ADDR, ADDR+4, ..."},
    {"x", cmd_examine, "x[/N] [ADDR]",
     "examine N words (default 1) from ADDR (default the PC)\n"
     "Each word is shown with its disassembly.  ADDR may be a number or a\n"
     "register with an offset: x/8 r1, x/4 r30+64."},
    {"dis", cmd_dis, "dis [ADDR] [N]",
     "disassemble N instructions (default 8) from ADDR (default the PC)\n"
     "'=>' marks the PC, '*' a breakpoint."},
    {"regs", cmd_regs, "regs [REG...]",
     "print the processor state, or the named registers\n"
     "Without arguments, the same lines as the book's vmachmon32 demo.\n"
     "'Distance from origin' counts words from the last address given to\n"
     "'load' or 'set pc'."},
    {"set", cmd_set, "set REG VALUE",
     "set a register: r0-r31, pc, msr, cr, xer, lr, ctr, vrsave\n"
     "VALUE is decimal or 0x-prefixed hex; 'set r3=10' works too.  The MSR\n"
     "bits a guest may set are FE0, SE, BE, FE1, PM and LE (0xF05); the\n"
     "facility always adds EE, PR, ME, IR and DR (0xD030)."},
    {"step", cmd_step, "step [N]",
     "run N instructions (default 1), one at a time\n"
     "Each step sets MSR[SE] (0x400), so the guest leaves with a trace\n"
     "exception after one instruction.  Each line shows the instruction\n"
     "and the registers it changed.  Stepping stops early at any other\n"
     "exit, at a breakpoint, or after the step in which Ctrl-C came."},
    {"break", cmd_break, "break [ADDR]",
     "set a breakpoint at ADDR, or list the breakpoints\n"
     "While the guest runs, a breakpoint is a trap word (tw 31,0,0 =\n"
     "0x7fe00008) in place of the instruction; hitting it is a program\n"
     "exception with the SRR1 trap bit.  The monitor puts the original word\n"
     "back at once, so x and dis never show the trap."},
    {"delete", cmd_delete, "delete ADDR | all", "delete a breakpoint, or all of them"},
    {"run", cmd_run, "run",
     "run from the PC until the guest stops, and explain why\n"
     "The guest stops at an exit (an exception the facility reflects to the\n"
     "host, or sc), at a breakpoint, or when it has used up its instruction\n"
     "budget (see 'budget')."},
    {"continue", cmd_run, "continue", "the same as run (at a breakpoint, it first steps over it)"},
    {"budget", cmd_budget, "budget [N]",
     "show or set how many instructions a run may take (0 = no limit)\n"
     "A run that uses them up stops (kVmmReturnNull); 'continue' goes on."},
    {"features", cmd_features, "features", "print the facility's version and feature table"},
    {"expect", cmd_expect, "expect NAME=VALUE",
     "check a register, return_code, return_params[I] or mem[ADDR]\n"
     "A value that differs is an error: a script run in CI fails."},
    {"echo", cmd_echo, "echo [TEXT]", "print TEXT"},
    {"quit", cmd_quit, "quit", "leave the monitor (so does the end of input)"},
    {NULL, NULL, NULL, NULL},
};

static const struct {
    const char *alias, *name;
} aliases[] = {
    {"?", "help"},  {"ctx", "context"}, {"c", "continue"}, {"s", "step"},    {"si", "step"},
    {"b", "break"}, {"d", "delete"},    {"q", "quit"},     {"exit", "quit"},
};

const mon_command_t *mon_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
        if (strcmp(name, aliases[i].alias) == 0)
            name = aliases[i].name;
    for (const mon_command_t *c = mon_commands; c->name; c++)
        if (strcmp(name, c->name) == 0)
            return c;
    return NULL;
}

/* ---- completion -------------------------------------------------------------- */

static const char *const *command_words(void)
{
    static const char *words[ARRAY_SIZE(mon_commands)];
    for (size_t i = 0; mon_commands[i].name; i++)
        words[i] = mon_commands[i].name;
    return words;
}

static const char *const *expect_words(void)
{
    static const char *words[64];
    const char *const *regs = reg_names();
    size_t n = 0;
    words[n++] = "return_code=";
    words[n++] = "return_params[";
    words[n++] = "mem[";
    for (size_t i = 0; regs[i] && n < ARRAY_SIZE(words) - 1; i++)
        words[n++] = regs[i];
    words[n] = NULL;
    return words;
}

const char *const *mon_candidates(const char *line, int start)
{
    static const char *const none[] = {NULL};
    static const char *const context_words[] = {"create", "list", "select", "destroy", NULL};
    static const char *const dirty_words[] = {"reset", NULL};
    char first[32] = "";
    int words_before = 0;
    for (const char *p = line; *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, " \t");
        if (words_before++ == 0)
            snprintf(first, sizeof first, "%.*s", (int)(n < 31 ? n : 31), p);
        p += n;
    }
    (void)start;
    if (words_before == 0)
        return command_words();
    first[strcspn(first, "/")] = '\0';
    const mon_command_t *c = mon_find(first);
    if (!c)
        return none;
    if (c->handler == cmd_help)
        return words_before == 1 ? command_words() : none;
    if (c->handler == cmd_context)
        return words_before == 1 ? context_words : none;
    if (c->handler == cmd_dirty)
        return dirty_words;
    if (c->handler == cmd_load)
        return words_before == 1 ? NULL : none; /* a file name */
    if (c->handler == cmd_expect)
        return expect_words();
    if (c->handler == cmd_set && words_before > 1)
        return none;
    return reg_names(); /* registers, or addresses given as registers */
}

/* ---- helpers for handlers --------------------------------------------------------- */

mon_ctx_t *mon_need(monitor_t *m)
{
    if (!m->cur)
        fail("no context (create one with 'context create')");
    return m->cur;
}

int mon_addr(monitor_t *m, const char *text, uint32_t *addr)
{
    char name[16];
    size_t n = strcspn(text, "+-");
    if (text[0] >= '0' && text[0] <= '9')
        return parse_u32(text, addr);
    if (n == 0 || n >= sizeof name)
        return fail("bad address '%s' (a number, or a register like r1 or r1+8)", text);
    memcpy(name, text, n);
    name[n] = '\0';
    mon_ctx_t *c = mon_need(m);
    if (!c)
        return -1;
    uint32_t *reg = reg_find(c->g.state, name), offset = 0;
    /* The sign is the '+' or '-': "r1+-4" is not r1-4. */
    if (!reg || (text[n] && parse_count(text + n + 1, &offset) != 0))
        return -1;
    *addr = text[n] == '-' ? *reg - offset : *reg + offset;
    return 0;
}

int mon_count(const char *text, uint32_t max, uint32_t *n)
{
    if (parse_count(text, n) != 0)
        return -1;
    if (*n < 1)
        return fail("count must be at least 1");
    if (*n > max)
        return fail("count %s out of range (1-%u)", text, max);
    return 0;
}

int mon_usage(const char *name)
{
    const mon_command_t *c = mon_find(name);
    return fail("usage: %s", c ? c->usage : name);
}

int mon_args(int argc, int min, int max, const char *name)
{
    return argc - 1 >= min && argc - 1 <= max ? 0 : mon_usage(name);
}

bool mon_is_break(const mon_ctx_t *c, uint32_t addr)
{
    for (unsigned i = 0; i < c->nbreaks; i++)
        if (c->breaks[i] == addr)
            return true;
    return false;
}

/* ---- help, echo, quit ------------------------------------------------------------ */

int cmd_help(monitor_t *m, int argc, char **argv)
{
    (void)m;
    if (mon_args(argc, 0, 1, "help") != 0)
        return -1;
    if (argc == 2) {
        const mon_command_t *c = mon_find(argv[1]);
        if (!c)
            return fail("unknown command '%s' (try 'help')", argv[1]);
        printf("usage: %s\n%s\n", c->usage, c->help);
        return 0;
    }
    printf("Commands ('help COMMAND' for more):\n");
    for (const mon_command_t *c = mon_commands; c->name; c++) {
        int summary = (int)strcspn(c->help, "\n");
        if (strlen(c->usage) > 34) /* the usage on a line of its own */
            printf("  %s\n  %-34s %.*s\n", c->usage, "", summary, c->help);
        else
            printf("  %-34s %.*s\n", c->usage, summary, c->help);
    }
    printf("Numbers are decimal or 0x-prefixed hex; '#' starts a comment.\n");
    return 0;
}

int cmd_echo(monitor_t *m, int argc, char **argv)
{
    (void)m;
    for (int i = 1; i < argc; i++)
        printf("%s%s", i > 1 ? " " : "", argv[i]);
    putchar('\n');
    return 0;
}

int cmd_quit(monitor_t *m, int argc, char **argv)
{
    (void)argv;
    if (mon_args(argc, 0, 0, "quit") != 0)
        return -1;
    m->quit = true;
    return 0;
}
