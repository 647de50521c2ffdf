/*
 * src/mon_interrupt.h - Ctrl-C stops the running guest, not the monitor.
 *
 * Around a run:
 *
 *     mon_interrupt_begin(index);
 *     vmm_dispatch(kVmmExecuteVM, index);
 *     if (mon_interrupt_end()) ... the user pressed Ctrl-C ...
 *
 * Between the two, SIGINT stops context `index` with vmm_stop_vm(): the
 * guest leaves with kVmmStopped at its next block.  Outside, SIGINT does
 * what it did before (readline's handling, or ending the program).
 */
#ifndef SRC_MON_INTERRUPT_H
#define SRC_MON_INTERRUPT_H

#include <stdbool.h>
#include <stdint.h>

/* True if Ctrl-C will stop the guest (false if the system gave no pipe or
 * thread for it: then SIGINT keeps its usual effect). */
bool mon_interrupt_begin(uint32_t index);
/* True if SIGINT came since mon_interrupt_begin(). */
bool mon_interrupt_end(void);

#endif /* SRC_MON_INTERRUPT_H */
