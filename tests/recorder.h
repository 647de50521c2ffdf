/*
 * tests/recorder.h - what the vmm_dispatch macro (or, in C++, template)
 * hands the library.
 *
 * A test program linked with -Wl,--wrap=vmm_dispatch_v gets recorder.c's
 * __wrap_vmm_dispatch_v in front of the library's: each call fills
 * dispatch_seen (unused fields 0xEE) and then goes on to the library.
 */
#ifndef TESTS_RECORDER_H
#define TESTS_RECORDER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dispatch_seen {
    uint32_t selector;
    unsigned nargs;
    uint64_t args[8];
} dispatch_seen_t;

extern dispatch_seen_t dispatch_seen;

#ifdef __cplusplus
}
#endif

#endif /* TESTS_RECORDER_H */
