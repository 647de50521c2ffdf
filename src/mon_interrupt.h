/*
 * src/mon_interrupt.h - Ctrl-C stops what the monitor is doing, not the
 * monitor.
 *
 * At a terminal, mon_interrupt_session() catches SIGINT for the whole
 * session: at the prompt, the line being typed is dropped and a fresh
 * prompt shown (lineedit.h asks mon_interrupt_take() after a read that
 * SIGINT interrupted), as shells and gdb do.  A Ctrl-C during a command
 * that is neither a run nor a series of steps is forgotten.
 *
 * Around a run or a series of steps:
 *
 *     mon_interrupt_begin(index);           (0: steps, nothing to stop)
 *     vmm_dispatch(kVmmExecuteVM, index);   or steps, each asking
 *                                           mon_interrupt_seen()
 *     if (mon_interrupt_end()) ... the user pressed Ctrl-C ...
 *
 * Between the two, SIGINT also stops context `index` with vmm_stop_vm():
 * the guest leaves with kVmmStopped at its next block.  Outside a session
 * (a script), SIGINT is caught only between the two, and otherwise does
 * what it does by default: it ends the monitor.
 */
#ifndef SRC_MON_INTERRUPT_H
#define SRC_MON_INTERRUPT_H

#include <stdbool.h>
#include <stdint.h>

/* Catches SIGINT from now on (with SA_RESTART: output and reads in
 * progress go on).  False if the system gave no pipe, thread or handler:
 * then Ctrl-C keeps its usual effect. */
bool mon_interrupt_session(void);
/* True if SIGINT came since the last call or mon_interrupt_end(); forgets
 * it (lineedit.h's le_interrupted_t). */
bool mon_interrupt_take(void);

/* True if Ctrl-C will be caught, and with index > 0 stop that context
 * (false if the system gave no pipe or thread for it: then SIGINT keeps
 * its usual effect). */
bool mon_interrupt_begin(uint32_t index);
/* True if SIGINT came since mon_interrupt_begin() (it is not forgotten). */
bool mon_interrupt_seen(void);
/* True if SIGINT came since mon_interrupt_begin(); forgets it. */
bool mon_interrupt_end(void);

#endif /* SRC_MON_INTERRUPT_H */
