/* <sys/types.h> of the vmachmon guest SDK (32-bit Darwin sizes). */
#ifndef SDK_SYS_TYPES_H
#define SDK_SYS_TYPES_H

#include <stdint.h>

typedef int32_t ssize_t;
typedef int64_t off_t;
typedef int32_t pid_t;

#endif
