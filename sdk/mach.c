/*
 * sdk/mach.c - the Darwin names a vmachmon client uses, for a PowerPC guest.
 *
 * A guest program includes the library's own public headers
 * (<vmachmon/vmachmon.h>, <vmachmon/mach.h>); this file implements them
 * with guest calls: vm_allocate, vm_deallocate and mach_task_self are Mach
 * trap stubs (syscalls.S), vmm_dispatch is the 0x6004 stub, and the
 * vmm_dispatch macro of the header lands in vmm_dispatch_v below, which
 * puts each argument in the registers the selector expects
 * (dispatch_regs.h says which are 64-bit).
 */
#include <stdio.h>

#include <vmachmon/mach.h>
#include <vmachmon/vmachmon.h>

#include "dispatch_regs.h"

vm_size_t vm_page_size = 4096;

/* ---- vmm_dispatch ---- */

/* The 0x6004 stub: selector in r3, six argument registers r4-r9; the
 * result comes back in r3 (and r4), which the PowerPC ABI returns as one
 * 64-bit value, r3 high. */
extern uint64_t(vmm_dispatch)(uint32_t selector, uint32_t r4, uint32_t r5, uint32_t r6,
                              uint32_t r7, uint32_t r8, uint32_t r9);

uint64_t vmm_dispatch_v(uint32_t selector, unsigned nargs, const uint64_t *args)
{
    uint32_t r[6] = {0};
    unsigned reg = 4;
    for (unsigned i = 0; i < nargs && i < 6; i++) {
        if (sdk_wide_arg(selector, i)) {
            reg += reg % 2 == 0;
            if (reg + 1 <= 9) {
                r[reg - 4] = (uint32_t)(args[i] >> 32);
                r[reg - 3] = (uint32_t)args[i];
            }
            reg += 2;
        } else if (reg <= 9) {
            r[reg++ - 4] = (uint32_t)args[i];
        }
    }
    uint64_t v = (vmm_dispatch)(selector, r[0], r[1], r[2], r[3], r[4], r[5]);
    if (sdk_wide_result(selector))
        return v;
    uint32_t r3 = (uint32_t)(v >> 32);
    /* An address result of all ones means "none", as the host's is. */
    if (selector == kVmmGetPageMapping && r3 == UINT32_MAX)
        return UINT64_MAX;
    return r3;
}

/* ---- names ---- */

#define NAME_CASE(name, value)                                                 \
    case value:                                                                \
        return #name;

const char *vmm_selector_name(uint32_t selector)
{
    switch (selector) {
        VMM_SELECTOR_LIST(NAME_CASE)
    }
    return NULL;
}

const char *vmm_return_code_name(uint32_t code)
{
    switch (code) {
        VMM_RETURN_CODE_LIST(NAME_CASE)
    }
    return NULL;
}

const char *vmm_feature_name(uint32_t feature_bit)
{
    switch (feature_bit) {
        VMM_FEATURE_LIST(NAME_CASE)
    }
    return NULL;
}

/* ---- mach_error ---- */

#define KERN_TEXT(name, value, text) [value] = text,
static const char *const kern_text[] = {VMM_KERN_RETURN_LIST(KERN_TEXT)};

const char *mach_error_type(mach_error_t e)
{
    return ((unsigned)e >> 14) == 0 ? "(os/kern)" : "(?/?)";
}

const char *mach_error_string(mach_error_t e)
{
    static char diag[64];
    static char known[48];
    unsigned code = (unsigned)e;
    if (code < sizeof kern_text / sizeof kern_text[0] && kern_text[code][0]) {
        snprintf(known, sizeof known, "(os/kern) %s", kern_text[code]);
        return known;
    }
    snprintf(diag, sizeof diag, "%s unknown error code (%x)", mach_error_type(e), code);
    return diag;
}

/* Flushes stdout first, so that a pipe shows the lines in program order. */
void mach_error(const char *str, mach_error_t e)
{
    fflush(stdout);
    fprintf(stderr, "%s %s\n", str, mach_error_string(e));
}

/* ---- instruction cache ---- */

void sys_icache_invalidate(void *start, size_t len)
{
    uintptr_t p = (uintptr_t)start & ~(uintptr_t)31, end = (uintptr_t)start + len;
    for (uintptr_t a = p; a < end; a += 32)
        __asm__ volatile("dcbst 0,%0" ::"r"(a) : "memory");
    __asm__ volatile("sync");
    for (uintptr_t a = p; a < end; a += 32)
        __asm__ volatile("icbi 0,%0" ::"r"(a) : "memory");
    __asm__ volatile("isync");
}
