/*
 * <vmachmon/guestcall.h> - routing a guest's Mac OS X system calls.
 *
 * On Mac OS X every `sc` a guest executes leaves the guest with
 * kVmmReturnSystemCall, whatever its r0, and that stays the default.  A host
 * may instead install a guest-call table on a context: a struct of function
 * pointers (a hypercall interface) through which the context's `sc`
 * instructions are answered inside the launch loop, the way XNU/PowerPC
 * answered them for a process.  What the host leaves NULL gets the
 * library's built-in handlers, enough for small Mac OS X-style programs:
 * exit, read, write, getpid, anonymous mmap/munmap, the Mach traps a
 * vmachmon client uses, the PowerPC-only calls 0x6001-0x6004 and 0x6008
 * (a guest runs its own inner virtual machines through vmm_dispatch), and
 * the fast traps.
 *
 * Sections:
 *   1. How a guest call is classified (r0, as XNU/PowerPC does)
 *   2. The call record and the handler results
 *   3. The table a host fills
 *   4. Functions: install, query, trace, helpers for handlers
 *
 * See vmm_guest_calls(3) for the numbers, the conventions and the defaults.
 */
#ifndef VMACHMON_GUESTCALL_H
#define VMACHMON_GUESTCALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <vmachmon/vmachmon.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------
 * 1. Classes.  r0 at the `sc` names the call:
 *
 *    0x6000-0x6FFF   PowerPC-only calls (0x6004 vmm_dispatch, ...)
 *    0x7FF0-0x7FFF   PowerPC fast traps
 *    r0 < 0          Mach traps (-28 mach_task_self, ...)
 *    r0 > 0          BSD system calls, number = r0 & 0xFFFF as XNU reads it
 *    r0 = 0          the indirect BSD call: number in r3, arguments r4-r10
 * ------------------------------------------------------------------------ */

typedef enum vmm_gc_class {
    VMM_GC_BSD = 0,
    VMM_GC_MACH = 1,
    VMM_GC_PPC = 2,
    VMM_GC_FAST = 3
} vmm_gc_class_t;

#define VMM_GC_NCLASSES 4

/* Bits for vmm_guestcall_table_t.pass. */
#define VMM_GC_CLASS_BIT(cls) (1u << (cls))

/* ---------------------------------------------------------------------------
 * 2. One call
 * ------------------------------------------------------------------------ */

typedef struct vmm_guestcall {
    vmm_gc_class_t cls;
    int32_t number;  /* BSD: call number; Mach: trap number (negative);
                        PPC and fast: r0 */
    uint32_t r0;     /* r0 as the guest set it */
    uint32_t pc;     /* guest address of the `sc` */
    uint32_t arg[8]; /* arguments: r3..r10 (indirect BSD call: r4..r10) */
    /* Results, written back to r3 and r4 when the call is answered.  They
     * start as {0, 0} for a BSD call (as XNU's rval), {KERN_SUCCESS, r4}
     * for a Mach trap, and the guest's {r3, r4} for the PowerPC calls and
     * fast traps, so a handler that sets nothing leaves those as they were. */
    uint32_t ret[2];
} vmm_guestcall_t;

/*
 * What a handler returns:
 *
 *   VMM_GC_OK (0)     answered; r3/r4 = ret[].  A BSD call resumes at
 *                     sc + 8 (skipping its stub's `b cerror`), every other
 *                     call at sc + 4.
 *   n > 0             answered with an error: r3 = n (a Darwin errno for a
 *                     BSD call, a kern_return_t for a Mach trap), r4
 *                     unchanged; resumes at sc + 4 (a BSD stub's
 *                     `b cerror`).
 *   VMM_GC_RESTART    (-1, Darwin's ERESTART) run the call again: a BSD
 *                     call resumes at sc - 4 (its stub's `li r0,N`), any
 *                     other at the `sc`; registers unchanged.
 *   VMM_GC_UNANSWERED the call leaves the guest: the launch returns
 *                     kVmmReturnSystemCall exactly as without routing, the
 *                     registers as the `sc` left them.
 *   VMM_GC_DEFAULT    (from a host handler) let the library's built-in
 *                     handler for the class answer instead; it sees the
 *                     call record as the host's handler left it.
 *   any other n < 0   counts as VMM_GC_UNANSWERED.
 */
#define VMM_GC_OK 0
#define VMM_GC_RESTART (-1)
#define VMM_GC_UNANSWERED (-100)
#define VMM_GC_DEFAULT (-101)

/* Darwin errno values the built-in handlers use (bsd/sys/errno.h). */
#define VMM_EPERM 1
#define VMM_EIO 5
#define VMM_EBADF 9
#define VMM_ENOMEM 12
#define VMM_EACCES 13
#define VMM_EFAULT 14
#define VMM_EINVAL 22
#define VMM_EAGAIN 35
#define VMM_ENOSYS 78

/* The guest a call comes from (opaque; valid during the call). */
typedef struct vmm_guestcall_route vmm_guest_t;

typedef int (*vmm_guestcall_fn)(vmm_guest_t *guest, vmm_guestcall_t *call);

/* ---------------------------------------------------------------------------
 * 3. The table.  Zero-fill it and set what you want; everything NULL or 0
 * takes the library's default.
 * ------------------------------------------------------------------------ */

typedef struct vmm_guestcall_table {
    /* One handler per class, called for every call of its class (Darling's
     * three tables plus the PowerPC-only calls).  NULL: the built-in table
     * of the class.  A handler may return VMM_GC_DEFAULT for the calls it
     * does not want. */
    vmm_guestcall_fn bsd;
    vmm_guestcall_fn mach;
    vmm_guestcall_fn ppc;
    vmm_guestcall_fn fast;

    /* Host services of the built-in handlers (SockFuzzer-style hypercalls).
     * buf is host memory: the library has already checked and copied the
     * guest's buffer.  Return the byte count, or -errno (Darwin errno).
     * NULL write: fds 1 and 2 go to the host's fds 1 and 2, other fds get
     * EBADF.  NULL read: fd 0 reads the host's fd 0, other fds get EBADF. */
    long (*write)(void *refcon, int fd, const void *buf, size_t len);
    long (*read)(void *refcon, int fd, void *buf, size_t len);
    /* Told when the guest calls exit(status); the guest leaves either way. */
    void (*exit)(void *refcon, int status);
    void *refcon;

    /* What getpid returns (0: the host process's id). */
    uint32_t pid;
    /* Classes left to the host (VMM_GC_CLASS_BIT(VMM_GC_MACH) | ...):
     * their calls leave the guest with kVmmReturnSystemCall unseen. */
    uint32_t pass;
} vmm_guestcall_table_t;

/* ---------------------------------------------------------------------------
 * 4. Functions.  index names a context of the calling thread's task.
 * ------------------------------------------------------------------------ */

/*
 * vmm_guestcall_install(index, table): route context index's guest calls
 * through `table` (copied; NULL = all defaults) from its next launch on.
 * Installing again replaces the table and keeps the guest's state (its
 * inner contexts, its exit status).  Returns KERN_SUCCESS, KERN_FAILURE for
 * a bad index, KERN_RESOURCE_SHORTAGE if the host is out of memory.
 */
VMM_API kern_return_t vmm_guestcall_install(vmm_thread_index_t index,
                                            const vmm_guestcall_table_t *table);

/*
 * vmm_guestcall_remove(index): back to the default (every sc leaves the
 * guest).  The guest's own inner contexts are torn down.  Tearing the
 * context down does the same.  Returns KERN_SUCCESS, or KERN_FAILURE for
 * a bad index or when called from a handler of that same context while
 * its call is being answered.
 */
VMM_API kern_return_t vmm_guestcall_remove(vmm_thread_index_t index);

/*
 * vmm_guestcall_exited(index, &status): true if the guest of context index
 * has called exit; *status (if not NULL) gets its argument.  The exit left
 * the guest with kVmmReturnSystemCall, PC after the sc, r3 = status.
 */
VMM_API bool vmm_guestcall_exited(vmm_thread_index_t index, int *status);

/*
 * vmm_guestcall_trace(index, stream): print every routed call of context
 * index to stream (NULL: stop), one line each, after the call:
 *
 *     [1] write(1, 0x16024 "Vmm> Mac OS X virtual ma"..., 936) = 936
 *     [1] vmm_dispatch(kVmmMapExecute, 0x1, 0x40001000, 0x1000, 0x7) = 0x7
 *     [1] open(0x10010, 0x0, 0) = -1 ENOSYS (78)
 *     [1] mach_msg_trap(0x..., ...) -> host
 *     [1] exit(0) -> guest exited
 *
 * The stream must stay open while the route is installed.  Returns
 * KERN_SUCCESS, or KERN_FAILURE if the context has no route.
 */
VMM_API kern_return_t vmm_guestcall_trace(vmm_thread_index_t index, FILE *stream);

/* The name of a call ("write", "mach_task_self", "vmm_dispatch",
 * "thread_info_fast"), or NULL if the library does not know it. */
VMM_API const char *vmm_guestcall_name(vmm_gc_class_t cls, int32_t number);

/* ---- for handlers, during a call ---- */

/* The context the call comes from, and the table's refcon. */
VMM_API vmm_thread_index_t vmm_guest_index(const vmm_guest_t *guest);
VMM_API void *vmm_guest_refcon(const vmm_guest_t *guest);

/*
 * vmm_guest_copyin(guest, dst, gva, len) / vmm_guest_copyout(guest, gva,
 * src, len): copy between host memory and the guest's effective addresses,
 * through the address space the guest runs in.  Every page of the range
 * must be mapped readable (copyin) or writable (copyout); nothing is
 * copied otherwise.  Return 0 or VMM_EFAULT.
 */
VMM_API int vmm_guest_copyin(vmm_guest_t *guest, void *dst, uint32_t gva, size_t len);
VMM_API int vmm_guest_copyout(vmm_guest_t *guest, uint32_t gva, const void *src, size_t len);

/* Ends the guest as its exit(status) would: it leaves at the current call
 * with kVmmReturnSystemCall (the call's results are not applied), and
 * vmm_guestcall_exited() reports status. */
VMM_API void vmm_guest_exit(vmm_guest_t *guest, int status);

#ifdef __cplusplus
}
#endif

#endif /* VMACHMON_GUESTCALL_H */
