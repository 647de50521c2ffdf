/*
 * sdk/libc.c - the guest SDK's small C library: program start and exit,
 * errno, the string functions, strtol, mmap's 64-bit offset.
 *
 * Written for clarity, not speed: guest programs are small, and what they
 * spend their time on is system calls.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int errno;

int main(int argc, char **argv, char **envp);
void __sdk_start(int argc, char **argv, char **envp);

void __sdk_start(int argc, char **argv, char **envp) { exit(main(argc, argv, envp)); }

void exit(int status)
{
    fflush(NULL);
    _exit(status);
}

void _Exit(int status) { _exit(status); }

void abort(void)
{
    fflush(NULL);
    __builtin_trap(); /* a program exception: the guest stops */
}

/* ---- mmap: the off_t goes in two registers after fd ---- */

void *__mmap(void *addr, size_t len, int prot, int flags, int fd, uint32_t pos_hi,
             uint32_t pos_lo);

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t pos)
{
    return __mmap(addr, len, prot, flags, fd, (uint32_t)((uint64_t)pos >> 32), (uint32_t)pos);
}

/* ---- memory and strings ---- */

void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;
    while (n--)
        *p++ = (unsigned char)c;
    return d;
}

void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;
    while (n--)
        *dp++ = *sp++;
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;
    if (dp < sp) {
        while (n--)
            *dp++ = *sp++;
    } else {
        while (n--)
            dp[n] = sp[n];
    }
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++)
        if (*a != *b || !*a)
            return (unsigned char)*a - (unsigned char)*b;
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

char *strcpy(char *restrict d, const char *restrict s)
{
    char *r = d;
    while ((*d++ = *s++))
        ;
    return r;
}

/* ---- numbers ---- */

static int digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* strtoul's work: sign, base prefix, digits; *neg tells the sign. */
static unsigned long parse(const char *s, char **end, int base, int *neg)
{
    const char *p = s;
    unsigned long v = 0;
    int any = 0;
    while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        p++;
    *neg = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
        digit(p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = *p == '0' ? 8 : 10;
    }
    for (; digit(*p) < base; p++, any = 1)
        v = v * (unsigned long)base + (unsigned long)digit(*p);
    if (end)
        *end = (char *)(any ? p : s);
    return v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
    int neg;
    unsigned long v = parse(s, end, base, &neg);
    return neg ? -v : v;
}

long strtol(const char *s, char **end, int base)
{
    int neg;
    unsigned long v = parse(s, end, base, &neg);
    return neg ? -(long)v : (long)v;
}

int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
int abs(int v) { return v < 0 ? -v : v; }
long labs(long v) { return v < 0 ? -v : v; }
