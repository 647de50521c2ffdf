/*
 * <vmachmon/mach.h> - the Darwin names a vmachmon client uses.
 *
 * Mac OS X programs such as the vmachmon32 demo of "Mac OS X Internals" are
 * written against Mach: kern_return_t and its KERN_* codes, mach_error(),
 * vm_allocate() and vm_deallocate() on mach_task_self(), vm_page_size.  This
 * header gives them the same names and values on Linux.
 *
 * Memory: vm_allocate() hands out page-aligned, zero-filled memory from the
 * region the facility can share with guests.  Only pages that came from
 * vm_allocate() can be mapped into a guest address space: the facility
 * refuses other host memory with KERN_FAILURE, as the original refused host
 * memory it could not map as a plain page.
 */
#ifndef VMACHMON_MACH_H
#define VMACHMON_MACH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef VMM_API
#define VMM_API __attribute__((visibility("default")))
#endif

/* ---------------------------------------------------------------------------
 * Types
 * ------------------------------------------------------------------------ */

typedef int kern_return_t;
typedef int mach_error_t;
typedef unsigned int natural_t;
typedef int integer_t;
typedef natural_t mach_port_t;
typedef mach_port_t task_t;
typedef mach_port_t vm_map_t;
typedef uintptr_t vm_address_t;
typedef uintptr_t vm_offset_t;
typedef uintptr_t vm_size_t;
typedef int vm_prot_t;
typedef uint64_t mach_vm_address_t;

/* ---------------------------------------------------------------------------
 * kern_return_t codes 0-49 (one list feeds the constants and the strings
 * of mach_error_string(); codes 48 and 49 have no string in Darwin's table: "")
 * ------------------------------------------------------------------------ */

#define VMM_KERN_RETURN_LIST(X)                                                \
    X(KERN_SUCCESS, 0, "successful")                                           \
    X(KERN_INVALID_ADDRESS, 1, "invalid address")                              \
    X(KERN_PROTECTION_FAILURE, 2, "protection failure")                        \
    X(KERN_NO_SPACE, 3, "no space available")                                  \
    X(KERN_INVALID_ARGUMENT, 4, "invalid argument")                            \
    X(KERN_FAILURE, 5, "failure")                                              \
    X(KERN_RESOURCE_SHORTAGE, 6, "resource shortage")                          \
    X(KERN_NOT_RECEIVER, 7, "not receiver")                                    \
    X(KERN_NO_ACCESS, 8, "no access")                                          \
    X(KERN_MEMORY_FAILURE, 9, "memory failure")                                \
    X(KERN_MEMORY_ERROR, 10, "memory error")                                   \
    X(KERN_ALREADY_IN_SET, 11, "already in set")                               \
    X(KERN_NOT_IN_SET, 12, "not in set")                                       \
    X(KERN_NAME_EXISTS, 13, "name exists")                                     \
    X(KERN_ABORTED, 14, "aborted")                                             \
    X(KERN_INVALID_NAME, 15, "invalid name")                                   \
    X(KERN_INVALID_TASK, 16, "invalid task")                                   \
    X(KERN_INVALID_RIGHT, 17, "invalid right")                                 \
    X(KERN_INVALID_VALUE, 18, "invalid value")                                 \
    X(KERN_UREFS_OVERFLOW, 19, "urefs overflow")                               \
    X(KERN_INVALID_CAPABILITY, 20, "invalid capability")                       \
    X(KERN_RIGHT_EXISTS, 21, "right exists")                                   \
    X(KERN_INVALID_HOST, 22, "invalid host")                                   \
    X(KERN_MEMORY_PRESENT, 23, "memory present")                               \
    X(KERN_MEMORY_DATA_MOVED, 24, "memory data moved")                         \
    X(KERN_MEMORY_RESTART_COPY, 25, "memory restart copy")                     \
    X(KERN_INVALID_PROCESSOR_SET, 26, "invalid processor set")                 \
    X(KERN_POLICY_LIMIT, 27, "policy limit")                                   \
    X(KERN_INVALID_POLICY, 28, "invalid policy")                               \
    X(KERN_INVALID_OBJECT, 29, "invalid object")                               \
    X(KERN_ALREADY_WAITING, 30, "already waiting")                             \
    X(KERN_DEFAULT_SET, 31, "default set")                                     \
    X(KERN_EXCEPTION_PROTECTED, 32, "exception protected")                     \
    X(KERN_INVALID_LEDGER, 33, "invalid ledger")                               \
    X(KERN_INVALID_MEMORY_CONTROL, 34, "invalid memory control")               \
    X(KERN_INVALID_SECURITY, 35, "invalid security")                           \
    X(KERN_NOT_DEPRESSED, 36, "not depressed")                                 \
    X(KERN_TERMINATED, 37, "object terminated")                                \
    X(KERN_LOCK_SET_DESTROYED, 38, "lock set destroyed")                       \
    X(KERN_LOCK_UNSTABLE, 39, "lock unstable")                                 \
    X(KERN_LOCK_OWNED, 40, "lock owned by another")                            \
    X(KERN_LOCK_OWNED_SELF, 41, "lock owned by self")                          \
    X(KERN_SEMAPHORE_DESTROYED, 42, "semaphore destroyed")                     \
    X(KERN_RPC_SERVER_TERMINATED, 43, "RPC terminated")                        \
    X(KERN_RPC_TERMINATE_ORPHAN, 44, "terminate orphan")                       \
    X(KERN_RPC_CONTINUE_ORPHAN, 45, "let orphan continue")                     \
    X(KERN_NOT_SUPPORTED, 46, "service not supported")                         \
    X(KERN_NODE_DOWN, 47, "remote node down")                                  \
    X(KERN_NOT_WAITING, 48, "")                                                \
    X(KERN_OPERATION_TIMED_OUT, 49, "")

#define VMM__KERN_ENUM(name, value, text) name = (value),
enum { VMM_KERN_RETURN_LIST(VMM__KERN_ENUM) };
#undef VMM__KERN_ENUM

/* ---------------------------------------------------------------------------
 * Virtual memory
 * ------------------------------------------------------------------------ */

#define VM_PROT_NONE ((vm_prot_t)0x00)
#define VM_PROT_READ ((vm_prot_t)0x01)
#define VM_PROT_WRITE ((vm_prot_t)0x02)
#define VM_PROT_EXECUTE ((vm_prot_t)0x04)
#define VM_PROT_DEFAULT (VM_PROT_READ | VM_PROT_WRITE)
#define VM_PROT_ALL (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXECUTE)

#define VM_FLAGS_FIXED 0x0000
#define VM_FLAGS_ANYWHERE 0x0001

/* The page size, 4096, as a variable (Darwin's name). */
VMM_API extern vm_size_t vm_page_size;

/* The port of this process's task (there is only one). */
VMM_API mach_port_t mach_task_self(void);

/*
 * vm_allocate(task, &address, size, flags): allocate size bytes (rounded up
 * to whole pages) of zero-filled memory that can be mapped into guests.
 * With VM_FLAGS_ANYWHERE the facility chooses the address; without it,
 * *address is rounded down to its page, as on Darwin, and the pages it
 * covers must be free memory of the shareable region.  Returns
 * KERN_SUCCESS, KERN_INVALID_ARGUMENT (bad task, null address or unknown
 * flags), KERN_INVALID_ADDRESS (a fixed address outside the shareable
 * region), KERN_NO_SPACE (no room, or fixed pages already in use),
 * KERN_RESOURCE_SHORTAGE (the host would not reserve the 4 GiB region).  A size
 * of 0 succeeds, allocates nothing and sets *address to 0, as on Darwin.
 */
VMM_API kern_return_t vm_allocate(vm_map_t task, vm_address_t *address,
                                  vm_size_t size, int flags);

/*
 * vm_deallocate(task, address, size): give back pages from vm_allocate().
 * A page still mapped into a guest address space stays alive (and visible
 * to that guest) until it is unmapped there; it is reused only afterwards.
 * Returns KERN_SUCCESS, KERN_INVALID_ARGUMENT (bad task) or
 * KERN_INVALID_ADDRESS (memory outside the shareable region).  Pages of the
 * region that are not allocated are skipped: freeing them succeeds, as
 * Darwin's vm_deallocate succeeds on a range with holes.
 */
VMM_API kern_return_t vm_deallocate(vm_map_t task, vm_address_t address,
                                    vm_size_t size);

/* ---------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------ */

/* "(os/kern) invalid address" ...; an unknown code gives
 * "(os/kern) unknown error code (1000)" and the like.  The string is
 * static, or thread-local for unknown codes. */
VMM_API const char *mach_error_string(mach_error_t error_value);
VMM_API const char *mach_error_type(mach_error_t error_value);

/* Writes "<str> <mach_error_string(error_value)>\n" to stderr. */
VMM_API void mach_error(const char *str, mach_error_t error_value);

/* ---------------------------------------------------------------------------
 * Time (the units of kVmmSetTimer)
 * ------------------------------------------------------------------------ */

typedef struct mach_timebase_info {
    uint32_t numer;
    uint32_t denom;
} mach_timebase_info_data_t, *mach_timebase_info_t;

/* A monotonic clock; here one unit is one nanosecond (numer = denom = 1). */
VMM_API uint64_t mach_absolute_time(void);
VMM_API kern_return_t mach_timebase_info(mach_timebase_info_t info);

/* ---------------------------------------------------------------------------
 * Instruction cache (libkern/OSCacheControl.h)
 * ------------------------------------------------------------------------ */

/*
 * sys_icache_invalidate(start, len): after the host writes instructions
 * into memory a guest has already executed, call this before the next
 * launch, as a Mac OS X program must on a PowerPC, whose instruction cache
 * does not see data stores.  Mapping a page (kVmmMapPage, kVmmMapExecute,
 * the list calls) does it for that page.
 */
VMM_API void sys_icache_invalidate(void *start, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* VMACHMON_MACH_H */
