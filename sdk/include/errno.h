/* <errno.h> of the vmachmon guest SDK: Darwin's values (bsd/sys/errno.h). */
#ifndef SDK_ERRNO_H
#define SDK_ERRNO_H

/* Set by the system call stubs (cerror) when a call fails. */
extern int errno;

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EDEADLK 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define EPIPE 32
#define ERANGE 34
#define EAGAIN 35
#define ENOTSUP 45
#define ENOSYS 78

#endif
