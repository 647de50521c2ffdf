/* tests/recorder.c - see recorder.h. */
#include "tests/recorder.h"

#include <string.h>

dispatch_seen_t dispatch_seen;

uint64_t __real_vmm_dispatch_v(uint32_t selector, unsigned nargs, const uint64_t *args);
uint64_t __wrap_vmm_dispatch_v(uint32_t selector, unsigned nargs, const uint64_t *args);

uint64_t __wrap_vmm_dispatch_v(uint32_t selector, unsigned nargs, const uint64_t *args)
{
    memset(&dispatch_seen, 0xEE, sizeof dispatch_seen);
    dispatch_seen.selector = selector;
    dispatch_seen.nargs = nargs;
    for (unsigned i = 0; i < nargs && i < 8; i++)
        dispatch_seen.args[i] = args[i];
    return __real_vmm_dispatch_v(selector, nargs, args);
}
