/*
 * src/util.c - the last error message, number parsing and big-endian
 * words for the tools (see util.h).
 */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

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
