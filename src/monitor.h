/*
 * src/monitor.h - the monitor's state and its command table.
 *
 * Each command is a {name, handler, usage, help} row (mon_table.c).  A
 * handler gets the words of the line (argv[0] is the command as typed,
 * "x/4" included) and returns 0, or -1 after fail(): the monitor prints
 * that message as the command's one error line and goes on.
 */
#ifndef SRC_MONITOR_H
#define SRC_MONITOR_H

#include <stdbool.h>
#include <stdint.h>

#include "guest.h"

#define MON_MAX_BREAKPOINTS 64

/* A context as the monitor holds it: the guest and its breakpoints. */
typedef struct mon_ctx {
    guest_t g;
    uint32_t breaks[MON_MAX_BREAKPOINTS];
    unsigned nbreaks;
} mon_ctx_t;

typedef struct monitor {
    mon_ctx_t *ctx[kVmmMaxContexts + 1]; /* by context number */
    mon_ctx_t *cur;                      /* the selected one, or NULL */
    uint64_t budget;                     /* instructions per run */
    bool quit;
} monitor_t;

typedef int (*mon_handler_t)(monitor_t *m, int argc, char **argv);

typedef struct mon_command {
    const char *name;
    mon_handler_t handler;
    const char *usage;
    const char *help;
} mon_command_t;

/* The table, ending with a row of NULLs, and lookup by name or alias. */
extern const mon_command_t mon_commands[];
const mon_command_t *mon_find(const char *name);
/* Completion candidates for the word at `start` of `line` (lineedit.h). */
const char *const *mon_candidates(const char *line, int start);

/* The selected context, or NULL with fail("no context ..."). */
mon_ctx_t *mon_need(monitor_t *m);
/* A guest address: a number, or a register with an optional +/- number
 * ("r1+8", "pc").  0, or -1 with fail(). */
int mon_addr(monitor_t *m, const char *text, uint32_t *addr);
/* A count from 1 to max (step N, x/N, dis ADDR N).  0, or -1 with "bad
 * number '-1'" (no sign: -1 is not four billion), "count must be at least
 * 1" or "count N out of range (1-MAX)". */
int mon_count(const char *text, uint32_t max, uint32_t *n);
/* Checks the number of arguments after the command; fails with the usage. */
int mon_args(int argc, int min, int max, const char *name);
/* fail("usage: ...") for the command `name`. */
int mon_usage(const char *name);
bool mon_is_break(const mon_ctx_t *c, uint32_t addr);

/* Handlers, by file. */
/* mon_ctx.c: contexts, pages, loading */
int cmd_context(monitor_t *m, int argc, char **argv);
int cmd_map(monitor_t *m, int argc, char **argv);
int cmd_unmap(monitor_t *m, int argc, char **argv);
int cmd_protect(monitor_t *m, int argc, char **argv);
int cmd_pages(monitor_t *m, int argc, char **argv);
int cmd_dirty(monitor_t *m, int argc, char **argv);
int cmd_load(monitor_t *m, int argc, char **argv);
int cmd_features(monitor_t *m, int argc, char **argv);
/* mon_mem.c: memory and registers */
int cmd_poke(monitor_t *m, int argc, char **argv);
int cmd_examine(monitor_t *m, int argc, char **argv);
int cmd_dis(monitor_t *m, int argc, char **argv);
int cmd_regs(monitor_t *m, int argc, char **argv);
int cmd_set(monitor_t *m, int argc, char **argv);
int cmd_expect(monitor_t *m, int argc, char **argv);
/* mon_exec.c: running */
int cmd_step(monitor_t *m, int argc, char **argv);
int cmd_break(monitor_t *m, int argc, char **argv);
int cmd_delete(monitor_t *m, int argc, char **argv);
int cmd_run(monitor_t *m, int argc, char **argv);
int cmd_budget(monitor_t *m, int argc, char **argv);
/* mon_table.c: the rest */
int cmd_help(monitor_t *m, int argc, char **argv);
int cmd_echo(monitor_t *m, int argc, char **argv);
int cmd_quit(monitor_t *m, int argc, char **argv);

#endif /* SRC_MONITOR_H */
