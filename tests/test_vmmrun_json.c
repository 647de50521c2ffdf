/*
 * tests/test_vmmrun_json.c - a strict JSON validator for the tests of
 * vmmrun --json: reads one JSON text from stdin (RFC 8259: one value,
 * whitespace around it) and exits 0 if it is valid, 1 with the offset of
 * the first error if not.  No dependencies, so a fresh CI machine needs no
 * python3 or jq.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *text, *at;

static int value(int depth);

static void blanks(void)
{
    while (*at == ' ' || *at == '\t' || *at == '\n' || *at == '\r')
        at++;
}

static int literal(const char *word)
{
    size_t n = strlen(word);
    if (strncmp(at, word, n) != 0)
        return -1;
    at += n;
    return 0;
}

static int string(void)
{
    if (*at++ != '"')
        return -1;
    for (;;) {
        unsigned char c = (unsigned char)*at++;
        if (c == '"')
            return 0;
        if (c < 0x20)
            return -1; /* control characters (and the end) are not allowed */
        if (c != '\\')
            continue;
        c = (unsigned char)*at++;
        if (c == 'u') {
            for (int i = 0; i < 4; i++)
                if (!isxdigit((unsigned char)*at++))
                    return -1;
        } else if (!strchr("\"\\/bfnrt", c) || c == '\0') {
            return -1;
        }
    }
}

static int digits(void)
{
    if (!isdigit((unsigned char)*at))
        return -1;
    while (isdigit((unsigned char)*at))
        at++;
    return 0;
}

static int number(void)
{
    if (*at == '-')
        at++;
    if (*at == '0')
        at++;
    else if (digits() != 0)
        return -1;
    if (*at == '.') {
        at++;
        if (digits() != 0)
            return -1;
    }
    if (*at == 'e' || *at == 'E') {
        at++;
        if (*at == '+' || *at == '-')
            at++;
        if (digits() != 0)
            return -1;
    }
    return 0;
}

/* Members or elements up to `close`, separated by commas. */
static int sequence(char close, int depth, int object)
{
    at++;
    blanks();
    if (*at == close) {
        at++;
        return 0;
    }
    for (;;) {
        blanks();
        if (object) {
            if (string() != 0)
                return -1;
            blanks();
            if (*at++ != ':')
                return -1;
        }
        if (value(depth + 1) != 0)
            return -1;
        blanks();
        if (*at == close) {
            at++;
            return 0;
        }
        if (*at++ != ',')
            return -1;
    }
}

static int value(int depth)
{
    if (depth > 256)
        return -1;
    blanks();
    switch (*at) {
    case '{':
        return sequence('}', depth, 1);
    case '[':
        return sequence(']', depth, 0);
    case '"':
        return string();
    case 't':
        return literal("true");
    case 'f':
        return literal("false");
    case 'n':
        return literal("null");
    default:
        return number();
    }
}

int main(void)
{
    size_t cap = 1 << 16, len = 0, n;
    char *buf = malloc(cap + 1);
    while (buf && (n = fread(buf + len, 1, cap - len, stdin)) > 0)
        if ((len += n) == cap)
            buf = realloc(buf, (cap *= 2) + 1);
    if (!buf)
        return 2;
    buf[len] = '\0';
    text = at = buf;
    int bad = value(0) != 0;
    blanks();
    if (!bad && (size_t)(at - text) != len)
        bad = 1;
    if (bad)
        fprintf(stderr, "invalid JSON at byte %ld\n", (long)(at - text));
    free(buf);
    return bad;
}
