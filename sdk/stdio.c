/*
 * sdk/stdio.c - the guest SDK's stdio: three streams and printf.
 *
 * A stream is a descriptor and a buffer.  stdout keeps what it is given
 * until the buffer is full, fflush or exit (fewer routed write calls);
 * stderr writes at once.  Everything goes out through write(2), which a
 * routed guest's host answers.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct __sdk_file {
    int fd;
    int buffered;
    size_t len;
    char buf[BUFSIZ];
};

static FILE in = {0, 0, 0, {0}}, out = {1, 1, 0, {0}}, err = {2, 0, 0, {0}};
FILE *stdin = &in, *stdout = &out, *stderr = &err;

static int drain(FILE *f, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(f->fd, p, n);
        if (w <= 0)
            return EOF;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int fflush(FILE *f)
{
    if (!f)
        return fflush(stdout) | fflush(stderr);
    int rc = drain(f, f->buf, f->len);
    f->len = 0;
    return rc;
}

static int put(FILE *f, const char *p, size_t n)
{
    if (!f->buffered)
        return drain(f, p, n);
    if (f->len + n > sizeof f->buf && fflush(f) == EOF)
        return EOF;
    if (n > sizeof f->buf)
        return drain(f, p, n);
    memcpy(f->buf + f->len, p, n);
    f->len += n;
    return 0;
}

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    return put(f, p, size * n) == 0 ? n : 0;
}

int fputc(int c, FILE *f)
{
    char ch = (char)c;
    return put(f, &ch, 1) == 0 ? (unsigned char)c : EOF;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }
int fputs(const char *s, FILE *f) { return put(f, s, strlen(s)); }

int puts(const char *s)
{
    return fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF ? EOF : 0;
}

/* ---- formatting ---- */

/* Where formatted text goes: a stream, or a string of limited size. */
typedef struct sink {
    FILE *f;
    char *s;
    size_t cap, len; /* len counts every character, stored or not */
} sink_t;

static void emit(sink_t *k, const char *p, size_t n)
{
    if (k->f) {
        put(k->f, p, n);
    } else {
        for (size_t i = 0; i < n; i++)
            if (k->len + i + 1 < k->cap)
                k->s[k->len + i] = p[i];
    }
    k->len += n;
}

static void pad(sink_t *k, char c, int n)
{
    for (; n > 0; n--)
        emit(k, &c, 1);
}

typedef struct spec {
    int left, zero, plus, space, alt;
    int width, prec; /* prec -1: none */
    int size;        /* 'H' hh, 'h', 'l', 'L' ll (and j), 'z' */
} spec_t;

static const char *parse_spec(const char *p, spec_t *sp, va_list *ap)
{
    for (;; p++) {
        if (*p == '-')
            sp->left = 1;
        else if (*p == '0')
            sp->zero = 1;
        else if (*p == '+')
            sp->plus = 1;
        else if (*p == ' ')
            sp->space = 1;
        else if (*p == '#')
            sp->alt = 1;
        else
            break;
    }
    if (*p == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0)
            sp->left = 1, sp->width = -sp->width;
        p++;
    }
    for (; *p >= '0' && *p <= '9'; p++)
        sp->width = sp->width * 10 + (*p - '0');
    sp->prec = -1;
    if (*p == '.') {
        sp->prec = 0;
        if (*++p == '*') {
            sp->prec = va_arg(*ap, int);
            p++;
        }
        for (; *p >= '0' && *p <= '9'; p++)
            sp->prec = sp->prec * 10 + (*p - '0');
    }
    if (p[0] == 'h' && p[1] == 'h')
        sp->size = 'H', p += 2;
    else if (p[0] == 'l' && p[1] == 'l')
        sp->size = 'L', p += 2;
    else if (*p == 'h' || *p == 'l' || *p == 'z' || *p == 't')
        sp->size = *p++;
    else if (*p == 'j')
        sp->size = 'L', p++;
    return p;
}

/* Fetches an integer argument of the spec's size. */
static uint64_t int_arg(const spec_t *sp, va_list *ap, int is_signed)
{
    if (sp->size == 'L')
        return va_arg(*ap, uint64_t);
    uint32_t v = sp->size == 'l' ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned);
    if (sp->size == 'h')
        v = is_signed ? (uint32_t)(int16_t)v : (uint16_t)v;
    else if (sp->size == 'H')
        v = is_signed ? (uint32_t)(int8_t)v : (uint8_t)v;
    return is_signed ? (uint64_t)(int64_t)(int32_t)v : v;
}

/* One number: sign or prefix, zeros for precision or width, digits. */
static void number(sink_t *k, const spec_t *sp, uint64_t v, int base, int upper,
                   int negative, const char *prefix)
{
    char digits[24];
    int n = 0;
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    for (uint64_t x = v; x || (n == 0 && sp->prec != 0); x /= (unsigned)base)
        digits[n++] = set[x % (unsigned)base];
    int zeros = sp->prec > n ? sp->prec - n : 0;
    const char *sign = negative ? "-" : sp->plus ? "+" : sp->space ? " " : prefix;
    int len = (int)strlen(sign) + zeros + n;
    if (sp->zero && !sp->left && sp->prec < 0 && sp->width > len) {
        zeros += sp->width - len;
        len = sp->width;
    }
    if (!sp->left)
        pad(k, ' ', sp->width - len);
    emit(k, sign, strlen(sign));
    pad(k, '0', zeros);
    while (n)
        emit(k, &digits[--n], 1);
    if (sp->left)
        pad(k, ' ', sp->width - len);
}

static void text(sink_t *k, const spec_t *sp, const char *s, size_t n)
{
    if (sp->prec >= 0 && (size_t)sp->prec < n)
        n = (size_t)sp->prec;
    if (!sp->left)
        pad(k, ' ', sp->width - (int)n);
    emit(k, s, n);
    if (sp->left)
        pad(k, ' ', sp->width - (int)n);
}

static void conversion(sink_t *k, char c, spec_t *sp, va_list *ap)
{
    int64_t sv;
    uint64_t uv;
    char ch;
    const char *s;
    switch (c) {
    case 'd':
    case 'i':
        sv = (int64_t)int_arg(sp, ap, 1);
        number(k, sp, sv < 0 ? -(uint64_t)sv : (uint64_t)sv, 10, 0, sv < 0, "");
        break;
    case 'u':
        number(k, sp, int_arg(sp, ap, 0), 10, 0, 0, "");
        break;
    case 'o':
        number(k, sp, int_arg(sp, ap, 0), 8, 0, 0, sp->alt ? "0" : "");
        break;
    case 'x':
    case 'X':
        uv = int_arg(sp, ap, 0);
        number(k, sp, uv, 16, c == 'X', 0, sp->alt && uv ? (c == 'X' ? "0X" : "0x") : "");
        break;
    case 'p':
        number(k, sp, (uintptr_t)va_arg(*ap, void *), 16, 0, 0, "0x");
        break;
    case 'c':
        ch = (char)va_arg(*ap, int);
        text(k, sp, &ch, 1);
        break;
    case 's':
        s = va_arg(*ap, const char *);
        if (!s)
            s = "(null)";
        text(k, sp, s, strlen(s));
        break;
    default: /* %% and anything unknown: the character itself */
        emit(k, &c, 1);
        break;
    }
}

static int format(sink_t *k, const char *fmt, va_list ap0)
{
    va_list ap;
    va_copy(ap, ap0);
    for (const char *p = fmt; *p;) {
        const char *q = p;
        while (*q && *q != '%')
            q++;
        emit(k, p, (size_t)(q - p));
        if (!*q)
            break;
        spec_t sp = {0};
        q = parse_spec(q + 1, &sp, &ap);
        if (!*q)
            break;
        conversion(k, *q, &sp, &ap);
        p = q + 1;
    }
    va_end(ap);
    return (int)k->len;
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
    sink_t k = {f, NULL, 0, 0};
    if (f->buffered)
        return format(&k, fmt, ap);
    /* An unbuffered stream still gets one write per call, not one per
     * piece of the format. */
    f->buffered = 1;
    int n = format(&k, fmt, ap);
    f->buffered = 0;
    fflush(f);
    return n;
}

int vsnprintf(char *s, size_t n, const char *fmt, va_list ap)
{
    sink_t k = {NULL, s, n, 0};
    int len = format(&k, fmt, ap);
    if (n)
        s[k.len < n ? k.len : n - 1] = '\0';
    return len;
}

int vprintf(const char *fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

#define VARIADIC(call)                                                         \
    va_list ap;                                                                \
    va_start(ap, fmt);                                                         \
    int r = call;                                                              \
    va_end(ap);                                                                \
    return r

int printf(const char *fmt, ...) { VARIADIC(vfprintf(stdout, fmt, ap)); }
int fprintf(FILE *f, const char *fmt, ...) { VARIADIC(vfprintf(f, fmt, ap)); }
int snprintf(char *s, size_t n, const char *fmt, ...) { VARIADIC(vsnprintf(s, n, fmt, ap)); }
int sprintf(char *s, const char *fmt, ...) { VARIADIC(vsnprintf(s, SIZE_MAX, fmt, ap)); }
