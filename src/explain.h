/*
 * src/explain.h - what a guest exit means, in words: the return code's
 * name, a one-line reason (for traces) and a few lines for a learner that
 * decode DAR/DSISR or the SRR1 reason bits (for the monitor).
 */
#ifndef SRC_EXPLAIN_H
#define SRC_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "guest.h"

/* A return code from a number ("7"), its name ("kVmmReturnProgramException")
 * or a short name: null, bogus, stopped, dsi, isi, alignment, program, sc,
 * trace.  0, or -1 with fail(). */
int parse_return_code(const char *text, uint32_t *code);

/* vmm_return_code_name(), or "unknown" for a code without a name. */
const char *exit_name(uint32_t code);

/* True if the last exit was the instruction budget running out (code 0
 * without vmmTimerPop) rather than a guest event. */
bool exit_out_of_budget(const guest_t *g);

/* A few words on the last exit: "illegal instruction", "store to
 * 0x00005000: no translation", "sc r0=0x00000001" ... */
void exit_reason(const guest_t *g, char *buf, size_t size);

/* One trace line: "exit N: NAME (code) at PC: WORD  DISASSEMBLY  params
 * P0 P1 P2 P3  ; REASON". */
void exit_trace_line(FILE *out, const guest_t *g, unsigned long n);

/* The exit explained over a few indented lines, for a learner. */
void explain_exit(FILE *out, const guest_t *g);

/* "0x00001000: 7c0802a6  mflr r0", or "0x00001000: <unmapped>". */
void insn_text(const guest_t *g, uint32_t addr, char *buf, size_t size);
/* The same on `out`, without a newline. */
void print_insn(FILE *out, const guest_t *g, uint32_t addr);

#endif /* SRC_EXPLAIN_H */
