/*
 * sdk/dispatch_regs.h - where the guest SDK's vmm_dispatch puts 64-bit
 * arguments and finds a 64-bit result (sdk/mach.c).
 *
 * A guest passes vmm_dispatch's arguments in r4-r9, a 64-bit one in an
 * aligned register pair (r5:r6, r7:r8), and gets a 64-bit result in r3
 * (high) and r4 (low).  Which ones are 64-bit is the library's dispatch
 * table's business (vmachmon/dispatch.c: regs and result64); the SDK is
 * built by the cross compiler and cannot read that table, so it keeps this
 * copy, and tests/test_guestcall.c (sdk_register_shapes_match_the_library)
 * compares it with dispatch_info() for every selector 0..38: a change to
 * one that is not made to the other fails the tests.
 */
#ifndef SDK_DISPATCH_REGS_H
#define SDK_DISPATCH_REGS_H

#include <stdint.h>

#include <vmachmon/vmachmon.h>

/* True if C argument i (0..5) of the selector is 64-bit. */
static inline int sdk_wide_arg(uint32_t selector, unsigned i)
{
    switch (selector) {
    case kVmmMapPage64:
    case kVmmMapExecute64:
        return i == 1 || i == 2; /* index/as, host, guest, prot */
    case kVmmGetPageMapping64:
    case kVmmUnmapPage64:
    case kVmmGetPageDirtyFlag64:
    case kVmmProtectPage64:
    case kVmmProtectExecute64:
        return i == 1; /* as, guest, ... */
    default:
        return 0;
    }
}

/* True if the selector's result is 64-bit (r3:r4). */
static inline int sdk_wide_result(uint32_t selector)
{
    return selector == kVmmGetPageMapping64 || selector == kVmmMaxAddr;
}

#endif /* SDK_DISPATCH_REGS_H */
