/* <stdlib.h> of the vmachmon guest SDK (no allocator: use vm_allocate or mmap). */
#ifndef SDK_STDLIB_H
#define SDK_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/* Flushes stdio, then ends the guest with exit(2) (BSD call 1). */
__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void _Exit(int status);
__attribute__((noreturn)) void abort(void);

long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
int atoi(const char *s);
int abs(int v);
long labs(long v);

#endif
