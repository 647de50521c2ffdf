/*
 * src/mon_exec.c - the monitor's commands that run the guest: step, run
 * and continue, breakpoints, the run budget.
 *
 * Single step: MSR[SE] (0x400) set in the state page before kVmmExecuteVM
 * makes the guest leave with kVmmReturnTraceException after one
 * instruction, PC at the next one.  The monitor clears the bit again
 * afterwards (unless the user had set it), so 'regs' shows the guest's own
 * MSR.
 *
 * Breakpoints: the classic trap word.  Just before a run, each breakpoint's
 * instruction is replaced by tw 31,0,0 (0x7fe00008, "trap"); when the
 * guest exits, the original words go back.  A hit is a program exception
 * with the SRR1 trap bit at a breakpoint address.  Continuing from a
 * breakpoint first single-steps the original instruction, then arms the
 * traps again.  Words are only trapped while the guest runs, so x, dis and
 * the dump never see them, and every write goes through
 * sys_icache_invalidate so that the CPU sees it.  (Single-stepping until
 * the address would need no memory writes, but runs one launch per
 * instruction: far too slow for a learner's 10! or a loop.)
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <vmachmon/control.h>

#include "explain.h"
#include "mon_interrupt.h"
#include "monitor.h"
#include "regs.h"
#include "util.h"

#define MSR_SE 0x00000400u
#define TRAP_WORD 0x7fe00008u /* tw 31,0,0 */
#define SRR1_TRAP 0x00020000u

/* One instruction under MSR[SE].  Returns the exit code. */
static uint32_t step_once(mon_ctx_t *c)
{
    vmm_regs32_t *r = c->g.regs;
    uint32_t user_se = r->ppcMSR & MSR_SE;
    r->ppcMSR |= MSR_SE;
    vmm_set_instruction_budget(c->g.index, 0); /* the trace exception bounds it */
    vmm_dispatch(kVmmExecuteVM, c->g.index);
    r->ppcMSR = (r->ppcMSR & ~MSR_SE) | user_se;
    return c->g.state->return_code;
}

/* "0x00001000: 7c0802a6  mflr r0          r0=0x00001ffc": the instruction
 * and the registers it changed (PC and MSR aside: they change always). */
static void print_step(const mon_ctx_t *c, const char *insn, const vmm_state_page_t *before)
{
    const char *const *names = reg_names();
    char changes[512] = "";
    size_t len = 0;
    for (int i = 0; names[i] && len < sizeof changes - 24; i++) {
        uint32_t *now = reg_slot(c->g.state, i);
        uint32_t was = *reg_slot((vmm_state_page_t *)before, i);
        if (*now != was && now != &c->g.regs->ppcPC && now != &c->g.regs->ppcMSR)
            len +=
                (size_t)snprintf(changes + len, sizeof changes - len, " %s=0x%08x", names[i], *now);
    }
    if (len)
        printf("%-48s%s\n", insn, changes);
    else
        printf("%s\n", insn);
}

int cmd_step(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c;
    uint32_t n = 1, i;
    bool interrupted = false;
    if (mon_args(argc, 0, 1, "step") || !(c = mon_need(m)) ||
        (argc == 2 && mon_count(argv[1], UINT32_MAX, &n)))
        return -1;
    /* Ctrl-C ends the series after the step it came in (one instruction
     * does not need stopping). */
    mon_interrupt_begin(0);
    for (i = 0; i < n; i++) {
        char insn[128];
        vmm_state_page_t before = *c->g.state;
        if (i > 0 && (interrupted = mon_interrupt_seen()))
            break;
        if (i > 0 && mon_is_break(c, c->g.regs->ppcPC)) {
            printf("Breakpoint at ");
            print_insn(stdout, &c->g, c->g.regs->ppcPC);
            putchar('\n');
            break;
        }
        insn_text(&c->g, c->g.regs->ppcPC, insn, sizeof insn);
        uint32_t code = step_once(c);
        print_step(c, insn, &before);
        if (code != kVmmReturnTraceException) {
            explain_exit(stdout, &c->g);
            break;
        }
    }
    mon_interrupt_end();
    if (interrupted) {
        printf("Interrupted (Ctrl-C) at ");
        print_insn(stdout, &c->g, c->g.regs->ppcPC);
        printf("\n  after %u of %u steps; 'step' goes on from here.\n", i, n);
    }
    return 0;
}

/* ---- breakpoints ---------------------------------------------------------------- */

int cmd_break(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c;
    uint32_t addr, word;
    if (mon_args(argc, 0, 1, "break") || !(c = mon_need(m)))
        return -1;
    if (argc == 1) {
        if (c->nbreaks == 0)
            printf("no breakpoints\n");
        for (unsigned i = 0; i < c->nbreaks; i++) {
            printf("  ");
            print_insn(stdout, &c->g, c->breaks[i]);
            putchar('\n');
        }
        return 0;
    }
    if (mon_addr(m, argv[1], &addr) != 0 || guest_read(&c->g, addr, &word) != 0)
        return -1;
    if (mon_is_break(c, addr))
        return fail("there is a breakpoint at 0x%08x already", addr);
    if (c->nbreaks == MON_MAX_BREAKPOINTS)
        return fail("too many breakpoints (%d)", MON_MAX_BREAKPOINTS);
    c->breaks[c->nbreaks++] = addr;
    printf("breakpoint at ");
    print_insn(stdout, &c->g, addr);
    putchar('\n');
    return 0;
}

int cmd_delete(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c;
    uint32_t addr;
    if (mon_args(argc, 1, 1, "delete") || !(c = mon_need(m)))
        return -1;
    if (strcmp(argv[1], "all") == 0) {
        printf("%u breakpoint%s deleted\n", c->nbreaks, c->nbreaks == 1 ? "" : "s");
        c->nbreaks = 0;
        return 0;
    }
    if (mon_addr(m, argv[1], &addr) != 0)
        return -1;
    for (unsigned i = 0; i < c->nbreaks; i++) {
        if (c->breaks[i] != addr)
            continue;
        c->breaks[i] = c->breaks[--c->nbreaks];
        printf("breakpoint at 0x%08x deleted\n", addr);
        return 0;
    }
    return fail("no breakpoint at 0x%08x", addr);
}

/* Puts trap words at the breakpoints that are mapped; saved[i] keeps the
 * original word, armed[i] says whether it was replaced. */
static void arm(mon_ctx_t *c, uint32_t *saved, bool *armed)
{
    for (unsigned i = 0; i < c->nbreaks; i++) {
        armed[i] = guest_read(&c->g, c->breaks[i], &saved[i]) == 0;
        if (armed[i])
            guest_write(&c->g, c->breaks[i], TRAP_WORD);
    }
}

static void disarm(mon_ctx_t *c, const uint32_t *saved, const bool *armed)
{
    uint32_t word;
    for (unsigned i = 0; i < c->nbreaks; i++)
        if (armed[i] && guest_read(&c->g, c->breaks[i], &word) == 0 && word == TRAP_WORD)
            guest_write(&c->g, c->breaks[i], saved[i]);
}

int cmd_run(monitor_t *m, int argc, char **argv)
{
    mon_ctx_t *c;
    uint32_t saved[MON_MAX_BREAKPOINTS];
    bool armed[MON_MAX_BREAKPOINTS];
    if (mon_args(argc, 0, 0, argv[0]) || !(c = mon_need(m)))
        return -1;
    vmm_regs32_t *r = c->g.regs;
    /* Off a breakpoint: its own instruction first, untrapped. */
    if (mon_is_break(c, r->ppcPC) && step_once(c) != kVmmReturnTraceException) {
        explain_exit(stdout, &c->g);
        return 0;
    }
    arm(c, saved, armed);
    vmm_set_instruction_budget(c->g.index, m->budget);
    if (mon_interrupt_begin(c->g.index) && isatty(STDIN_FILENO)) {
        printf("(running: Ctrl-C stops the guest)\n");
        flush_stdout();
    }
    vmm_dispatch(kVmmExecuteVM, c->g.index);
    bool interrupted = mon_interrupt_end();
    disarm(c, saved, armed);
    if (interrupted && c->g.state->return_code == kVmmStopped) {
        /* The stop was ours: the next run may start the context again. */
        c->g.state->vmmCntrl |= vmmXStart;
        printf("Interrupted (Ctrl-C) at ");
        print_insn(stdout, &c->g, r->ppcPC);
        printf("\n  'continue' runs the guest on from here.\n");
        return 0;
    }
    if (c->g.state->return_code == kVmmReturnProgramException && (r->ppcMSR & SRR1_TRAP) &&
        mon_is_break(c, r->ppcPC)) {
        printf("Breakpoint at ");
        print_insn(stdout, &c->g, r->ppcPC);
        putchar('\n');
        return 0;
    }
    explain_exit(stdout, &c->g);
    return 0;
}

int cmd_budget(monitor_t *m, int argc, char **argv)
{
    if (mon_args(argc, 0, 1, "budget") || (argc == 2 && parse_u64(argv[1], &m->budget)))
        return -1;
    if (m->budget)
        printf("budget: %llu instructions per run\n", (unsigned long long)m->budget);
    else
        printf("budget: no limit\n");
    return 0;
}
