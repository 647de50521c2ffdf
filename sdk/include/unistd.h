/* <unistd.h> of the vmachmon guest SDK: the BSD calls a routed guest has. */
#ifndef SDK_UNISTD_H
#define SDK_UNISTD_H

#include <stddef.h>
#include <sys/types.h>

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

ssize_t read(int fd, void *buf, size_t n);   /* BSD 3 */
ssize_t write(int fd, const void *buf, size_t n); /* BSD 4 */
pid_t getpid(void);                          /* BSD 20 */
__attribute__((noreturn)) void _exit(int status); /* BSD 1 */
/* The indirect call (r0 = 0): number, then up to seven arguments. */
long syscall(int number, ...);

#endif
