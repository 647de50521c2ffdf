/*
 * sdk/syscalls.S - the guest SDK's system call stubs, in the shape of
 * Mac OS X's libSystem on PowerPC.
 *
 * A BSD stub is `li r0,N; sc; b cerror; blr`: the kernel resumes a call
 * that succeeded at sc + 8 (the blr, results in r3/r4), one that failed at
 * sc + 4 (the `b cerror`, errno in r3) and one to restart at sc - 4.
 * Mach traps and the PowerPC-only calls are `li r0,N; sc; blr`: their
 * result is in r3 (r3:r4 for a 64-bit one) and they resume at sc + 4.
 * Arguments are already where the C caller put them, from r3.
 */

#define BSD_CALL(name, number)                                                 \
    .globl name;                                                               \
    .type name, @function;                                                     \
    name:                                                                      \
    li 0, number;                                                              \
    sc;                                                                        \
    b cerror;                                                                  \
    blr;                                                                       \
    .size name, .- name

#define TRAP(name, number)                                                     \
    .globl name;                                                               \
    .type name, @function;                                                     \
    name:                                                                      \
    li 0, number;                                                              \
    sc;                                                                        \
    blr;                                                                       \
    .size name, .- name

    .text
    .align 2

/* BSD system calls (bsd/kern/syscalls.master) */
BSD_CALL(syscall, 0)            /* indirect: number in r3 */
BSD_CALL(_exit, 1)
BSD_CALL(read, 3)
BSD_CALL(write, 4)
BSD_CALL(getpid, 20)
BSD_CALL(munmap, 73)
BSD_CALL(__mmap, 197)           /* (addr, len, prot, flags, fd, pos_hi, pos_lo) */

/* Mach traps (osfmk/kern/syscall_sw.c; -10 and -12 as in later XNU) */
TRAP(vm_allocate, -10)
TRAP(vm_deallocate, -12)
TRAP(mach_task_self, -28)

/* PowerPC-only calls (osfmk/ppc/PPCcalls.h) */
TRAP(vmm_get_version, 0x6001)
TRAP(vmm_get_features, 0x6002)
TRAP(vmm_init_context, 0x6003)
TRAP(vmm_dispatch, 0x6004)      /* (selector, r4..r9) -> r3 or r3:r4 */
TRAP(vmm_stop_vm, 0x6008)

/* A failed BSD call: errno = r3, and the call returns -1. */
    .globl cerror
    .type cerror, @function
cerror:
    lis 11, errno@ha
    stw 3, errno@l(11)
    li 3, -1
    li 4, -1
    blr
    .size cerror, .- cerror

    .section .note.GNU-stack, "", @progbits
