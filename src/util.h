/*
 * src/util.h - small helpers shared by vmmrun and vmmon: the last error
 * message, number parsing, reading a whole file, big-endian words.
 *
 * Errors: a helper that fails calls fail() with a message and returns -1;
 * the tool prints that message as its one line ("vmmrun: bad number 'x'").
 * The tools are single-threaded, so one static buffer is enough.
 */
#ifndef SRC_UTIL_H
#define SRC_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PAGE_SIZE 4096u
#define PAGE_MASK 0xFFFu

/* Records the message (printf format) and returns -1. */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The message of the last fail(). */
const char *last_error(void);

/* A 32-bit number: decimal ("10", "-1" for 0xffffffff) or hex ("0x1ffc").
 * Returns 0, or -1 with "bad number 'text'" (or "... out of range"). */
int parse_u32(const char *text, uint32_t *out);
/* The same for a 64-bit count (decimal or hex, no sign). */
int parse_u64(const char *text, uint64_t *out);
/* A 32-bit count or index: decimal or hex, no sign.  A negative number is
 * "bad number '-1'" (as for parse_u64), not 0xffffffff: a count of -1 must
 * not become four billion.  0, or -1 with fail(). */
int parse_count(const char *text, uint32_t *out);

/* The most read_file() reads: a guest program larger than this is a
 * mistake (a wrong path), not a program. */
#define READ_FILE_MAX (1u << 30)

/* Reads the whole regular file or pipe `path` (/dev/stdin, say) into a
 * malloc'd buffer (one byte more than *size, a NUL, so text can be parsed
 * in place).  Refuses a directory, a device or anything else before
 * reading a byte, and more than READ_FILE_MAX bytes.  0, or -1
 * with fail(): "PATH: No such file or directory" (strerror), "PATH: is a
 * directory, not a file", "PATH: not a regular file", "PATH: larger than
 * 1 GiB". */
int read_file(const char *path, uint8_t **bytes, size_t *size);

/* Checks that `count` items of `size` bytes from guest address `at` stay
 * below 4 GiB: guest addresses do not wrap around to 0.  0, or -1 with
 * "COUNT UNITS at 0x... run past the end of the 4 GiB address space"
 * (units: "bytes", "words" ...). */
int check_span(uint32_t at, uint64_t count, uint32_t size, const char *units);

/* fflush(stdout) for the tools: remembers why the first write that failed
 * failed, since stdio forgets it (the reason close_stdout gives). */
void flush_stdout(void);
/* Flushes and closes stdout: the last thing a tool does, so that output
 * lost on the way (a full disk) is an error and not a silent status 0.  0, or -1 with fail("write
 * error: REASON"), e.g. "write error: No space left on device".  A stdout that was closed from the
 * start and got nothing is not an error. */
int close_stdout(void);

/* Case-insensitive equality of ASCII names. */
bool same_name(const char *a, const char *b);

uint32_t be32_get(const void *p);
void be32_put(void *p, uint32_t v);

#endif /* SRC_UTIL_H */
