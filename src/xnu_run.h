/*
 * src/xnu_run.h - run a Mac OS X-style PowerPC program as a routed guest
 * (`vmmrun --xnu FILE args...`).
 *
 * The program is a big-endian ELF32 PowerPC executable, typically built
 * with the guest SDK (sdk/).  It runs in a fresh context of the calling
 * thread's task with its system calls routed (vmm_guest_calls(3)): its
 * output goes to the host's stdout and stderr, it may run inner virtual
 * machines of its own through vmm_dispatch, and its exit status is the
 * result.  Built on the public headers (include/vmachmon/) and the tools'
 * own helpers in src/ (util.h, guest.h, explain.h), which use nothing
 * else.
 */
#ifndef SRC_XNU_RUN_H
#define SRC_XNU_RUN_H

#include <stdint.h>
#include <stdio.h>

#include <vmachmon/guestcall.h>

typedef struct xnu_run_options {
    FILE *trace;                        /* routed-call trace, or NULL */
    const vmm_guestcall_table_t *calls; /* host handlers, NULL: library defaults */
    uint32_t stack_size;                /* bytes, 0: 256 KiB */
    char *const *envp;                  /* guest environment, NULL: empty */
    uint64_t budget;                    /* guest instructions (inner VMs
                                           included), 0: no limit */
    const char *name;                   /* prefix of messages, NULL: "xnu_run" */
} xnu_run_options_t;

/* What xnu_run returns when the program did not run to its exit: */
/* it was set up but stopped without exiting, or the host could not set it
 * up (no memory, no context); */
#define XNU_RUN_FAILED (-1)
/* or what was asked cannot run: the file is missing, unreadable, not a
 * regular file, not a PowerPC ELF executable (the loader's
 * KERN_INVALID_ARGUMENT) or leaves no room for the stack, or the
 * arguments do not fit on the stack. */
#define XNU_RUN_BAD_INPUT (-2)

/*
 * xnu_run(path, argc, argv, opts): load the program at path (segments from
 * 0x10000 as linked, a stack below 0xC0000000 holding argc, argv[0..argc-1]
 * and the environment as Mac OS X's kernel laid them out), run it to its
 * exit(2) and tear everything down.  argv[0] is the guest's argv[0].  opts
 * may be NULL.
 *
 * Returns the guest's exit status (its exit argument & 0xFF), or after a
 * one-line message on stderr ("xnu_run: ...", which names the file when
 * the file is the problem: "xnu_run: PATH: cannot load the program: not
 * an ELF file"): XNU_RUN_BAD_INPUT if the
 * file or the arguments cannot make a program (see above), XNU_RUN_FAILED
 * if the host could not set it up or if it stopped without exiting: an
 * exception the library does not handle (for example an illegal
 * instruction or an unmapped address), a system call nobody answers, or
 * the end of its instruction budget.
 */
int xnu_run(const char *path, int argc, char *const argv[], const xnu_run_options_t *opts);

#endif /* SRC_XNU_RUN_H */
