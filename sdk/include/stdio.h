/*
 * <stdio.h> of the vmachmon guest SDK: formatted output to the guest's
 * descriptors through routed write(2) calls.
 *
 * stdout is fully buffered (flushed when full, by fflush and at exit),
 * stderr is unbuffered, as a Mac OS X program writing to a pipe sees them.
 * printf understands the flags - 0 + space #, width and precision (also
 * *), the lengths hh h l ll z j t, and the conversions d i u o x X c s p %.
 */
#ifndef SDK_STDIO_H
#define SDK_STDIO_H

#include <stdarg.h>
#include <stddef.h>

typedef struct __sdk_file FILE;

extern FILE *stdin, *stdout, *stderr;

#define EOF (-1)
#define BUFSIZ 4096

#define __SDK_PRINTF(f, a) __attribute__((format(printf, f, a)))

int printf(const char *fmt, ...) __SDK_PRINTF(1, 2);
int fprintf(FILE *stream, const char *fmt, ...) __SDK_PRINTF(2, 3);
int sprintf(char *s, const char *fmt, ...) __SDK_PRINTF(2, 3);
int snprintf(char *s, size_t n, const char *fmt, ...) __SDK_PRINTF(3, 4);
int vprintf(const char *fmt, va_list ap) __SDK_PRINTF(1, 0);
int vfprintf(FILE *stream, const char *fmt, va_list ap) __SDK_PRINTF(2, 0);
int vsnprintf(char *s, size_t n, const char *fmt, va_list ap) __SDK_PRINTF(3, 0);

int fputc(int c, FILE *stream);
int putc(int c, FILE *stream);
int putchar(int c);
int fputs(const char *s, FILE *stream);
int puts(const char *s);
size_t fwrite(const void *p, size_t size, size_t n, FILE *stream);
int fflush(FILE *stream); /* NULL: every stream */

#endif
