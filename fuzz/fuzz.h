/*
 * fuzz/fuzz.h - reading a fuzzer's input as a stream of small decisions.
 *
 * Every harness turns its input into bounded choices (an operation, an
 * argument of a given kind, an instruction template) read front to back.
 * An exhausted input reads as zeros, so every byte string is a valid
 * input and a short one means "few, simple choices".
 *
 * The harnesses are built two ways (fuzz/local.mk): with libFuzzer
 * (configure --enable-fuzz, CC=clang), or with fuzz/standalone.c, a main()
 * that replays files and folders of inputs, so that the committed corpus
 * runs as a regression test under any compiler, sanitizer or valgrind.
 */
#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct fz {
    const uint8_t *p;
    size_t n;
} fz_t;

static inline bool fz_empty(const fz_t *f) { return f->n == 0; }

static inline uint8_t fz_u8(fz_t *f)
{
    if (!f->n)
        return 0;
    f->n--;
    return *f->p++;
}

static inline uint16_t fz_u16(fz_t *f)
{
    uint16_t hi = fz_u8(f);
    return (uint16_t)(hi << 8 | fz_u8(f));
}

static inline uint32_t fz_u32(fz_t *f)
{
    uint32_t hi = fz_u16(f);
    return hi << 16 | fz_u16(f);
}

static inline uint64_t fz_u64(fz_t *f)
{
    uint64_t hi = fz_u32(f);
    return hi << 32 | fz_u32(f);
}

/* A broken invariant: say which, then abort so that the fuzzer (or the
 * replay) records the input as a crash. */
#define FUZZ_CHECK(cond)                                                       \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__,         \
                    __LINE__, #cond);                                          \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* The libFuzzer entry points each harness defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#endif /* FUZZ_FUZZ_H */
