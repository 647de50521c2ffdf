/*
 * src/util.c - the last error message, number parsing, whole files and
 * big-endian words for the tools (see util.h).
 */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static char message[512];

int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return -1;
}

const char *last_error(void)
{
    return message;
}

/* strtoull with the checks strtoull leaves to its caller: something was
 * read, nothing follows, no overflow, no sign or blank in front. */
static int parse_unsigned(const char *text, unsigned long long *out)
{
    char *end;
    if (!text || !isxdigit((unsigned char)text[0]))
        return -1;
    errno = 0;
    *out = strtoull(text, &end, 0);
    if (errno || *end != '\0')
        return -1;
    /* "0x" alone, or "08" read as octal by strtoull: not numbers here. */
    if (text[0] == '0' && text[1] != '\0' && text[1] != 'x' && text[1] != 'X') {
        for (const char *p = text; *p; p++)
            if (!isdigit((unsigned char)*p))
                return -1;
        *out = strtoull(text, &end, 10);
    }
    return 0;
}

int parse_u32(const char *text, uint32_t *out)
{
    unsigned long long v;
    bool negative = text && text[0] == '-';
    if (!text || !*text)
        return fail("missing number");
    if (parse_unsigned(negative ? text + 1 : text, &v) != 0)
        return fail("bad number '%s'", text);
    if (negative ? v > 0x80000000ull : v > 0xFFFFFFFFull)
        return fail("number '%s' does not fit in 32 bits", text);
    *out = negative ? (uint32_t)(0u - (uint32_t)v) : (uint32_t)v;
    return 0;
}

int parse_u64(const char *text, uint64_t *out)
{
    unsigned long long v;
    if (!text || !*text)
        return fail("missing number");
    if (parse_unsigned(text, &v) != 0)
        return fail("bad number '%s'", text);
    *out = v;
    return 0;
}

int parse_count(const char *text, uint32_t *out)
{
    uint64_t v;
    if (parse_u64(text, &v) != 0)
        return -1;
    if (v > 0xFFFFFFFFull)
        return fail("number '%s' does not fit in 32 bits", text);
    *out = (uint32_t)v;
    return 0;
}

/* Reads fd (a regular file of about `expected` bytes) to its end, up to
 * READ_FILE_MAX bytes.  0, or -1 with fail(). */
static int read_all(int fd, const char *path, size_t expected, uint8_t **bytes, size_t *size)
{
    /* The file may grow while it is read: room for one byte more than
     * fstat said shows that, and the buffer then grows up to the cap. */
    size_t cap = expected + 1, len = 0;
    uint8_t *buf = malloc(cap + 1);
    for (;;) {
        if (!buf)
            return fail("%s: out of memory", path);
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int err = errno;
            free(buf);
            return fail("%s: %s", path, strerror(err));
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > READ_FILE_MAX) {
            free(buf);
            return fail("%s: larger than 1 GiB", path);
        }
        if (len == cap) {
            cap = cap < READ_FILE_MAX / 2 ? 2 * cap : READ_FILE_MAX + 1;
            uint8_t *more = realloc(buf, cap + 1);
            if (!more)
                free(buf);
            buf = more;
        }
    }
    buf[len] = '\0';
    *bytes = buf;
    *size = len;
    return 0;
}

int read_file(const char *path, uint8_t **bytes, size_t *size)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer (a pipe such
     * as /dev/stdin is read to its end below, in blocking mode). */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return fail("%s: %s", path, strerror(errno));
    struct stat st;
    int rc;
    if (fstat(fd, &st) != 0)
        rc = fail("%s: %s", path, strerror(errno));
    else if (S_ISDIR(st.st_mode))
        rc = fail("%s: is a directory, not a file", path);
    else if (S_ISFIFO(st.st_mode) && fcntl(fd, F_SETFL, 0) == 0)
        rc = read_all(fd, path, 0, bytes, size); /* up to the cap */
    else if (!S_ISREG(st.st_mode))
        rc = fail("%s: not a regular file", path);
    else if ((uint64_t)st.st_size > READ_FILE_MAX)
        rc = fail("%s: larger than 1 GiB", path);
    else
        rc = read_all(fd, path, (size_t)st.st_size, bytes, size);
    close(fd);
    return rc;
}

int check_span(uint32_t at, uint64_t count, uint32_t size, const char *units)
{
    /* With count <= 2^32 checked first, count * size fits in 64 bits. */
    if (count > 0x100000000ull || (uint64_t)at + count * size > 0x100000000ull)
        return fail("%llu %s at 0x%08x run past the end of the 4 GiB address space",
                    (unsigned long long)count, units, at);
    return 0;
}

static int stdout_errno; /* why the first failed flush of stdout failed */

void flush_stdout(void)
{
    errno = 0;
    if (fflush(stdout) != 0 && !stdout_errno)
        stdout_errno = errno;
}

int close_stdout(void)
{
    /* A failed flush, now or before (explicit or when the buffer filled),
     * leaves the error flag; glibc drops what it could not write. */
    flush_stdout();
    bool lost = ferror(stdout);
    errno = 0;
    if (fclose(stdout) != 0 && !lost && errno != EBADF) {
        lost = true;
        stdout_errno = errno;
    }
    if (!lost)
        return 0;
    return stdout_errno ? fail("write error: %s", strerror(stdout_errno)) : fail("write error");
}

bool same_name(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

uint32_t be32_get(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

void be32_put(void *p, uint32_t v)
{
    uint8_t *b = p;
    b[0] = (uint8_t)(v >> 24);
    b[1] = (uint8_t)(v >> 16);
    b[2] = (uint8_t)(v >> 8);
    b[3] = (uint8_t)v;
}
