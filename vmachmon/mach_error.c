/*
 * vmachmon/mach_error.c - mach_error() and mach_error_string().
 *
 * Error numbers: system in bits 26-31, subsystem in bits 14-25, code in
 * bits 0-13.  Only the kernel system (0, subsystem 0) is known here; its
 * strings carry the "(os/kern) " prefix.  A code without an entry gives
 * the "diag" form "%s %s (%x)": the type, "unknown error code", the code
 * in hex, as Darwin's libsyscall does.
 */
#include "config.h"

#include <stdio.h>

#include <vmachmon/mach.h>

#define ERR_SYSTEM(e) (((unsigned)(e) >> 26) & 0x3F)
#define ERR_SUB(e) (((unsigned)(e) >> 14) & 0xFFF)
#define ERR_CODE(e) ((unsigned)(e) & 0x3FFF)

/* "" marks a code with no entry in Darwin's table. */
#define ENTRY(name, value, text) [value] = sizeof(text) > 1 ? "(os/kern) " text : NULL,
static const char *const kern_strings[] = {VMM_KERN_RETURN_LIST(ENTRY)};
#undef ENTRY
#define NKERN (sizeof kern_strings / sizeof kern_strings[0])

VMM_API const char *mach_error_type(mach_error_t error_value)
{
    if (ERR_SYSTEM(error_value) == 0 && ERR_SUB(error_value) == 0)
        return "(os/kern)";
    return "(?/?)";
}

VMM_API const char *mach_error_string(mach_error_t error_value)
{
    static _Thread_local char diag[64];
    unsigned code = ERR_CODE(error_value);
    if (ERR_SYSTEM(error_value) == 0 && ERR_SUB(error_value) == 0 && code < NKERN &&
        kern_strings[code])
        return kern_strings[code];
    snprintf(diag, sizeof diag, "%s unknown error code (%x)", mach_error_type(error_value),
             (unsigned)error_value);
    return diag;
}

VMM_API void mach_error(const char *str, mach_error_t error_value)
{
    fprintf(stderr, "%s %s\n", str, mach_error_string(error_value));
}
