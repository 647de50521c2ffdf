/*
 * vmachmon/mach_vm.c - vm_allocate, vm_deallocate, mach_task_self,
 * vm_page_size, mach_absolute_time, sys_icache_invalidate.
 *
 * Host memory that guests can share comes from the physical reservation
 * (ppc/physmem.h) through the page owner table (frames.h): one host
 * address, one physical page, no copies.
 */
#include "config.h"

#include <time.h>

#include <vmachmon/mach.h>

#include "ppc/physmem.h"
#include "vmachmon/facility.h"
#include "vmachmon/frames.h"

#define TASK_SELF ((mach_port_t)0x103) /* any stable non-zero name */

VMM_API vm_size_t vm_page_size = PHYS_PAGE;

VMM_API mach_port_t mach_task_self(void) { return TASK_SELF; }

static vm_size_t pages_of(vm_size_t size)
{
    return size / PHYS_PAGE + (size % PHYS_PAGE != 0);
}

VMM_API kern_return_t vm_allocate(vm_map_t task, vm_address_t *address, vm_size_t size,
                                  int flags)
{
    if (task != TASK_SELF || !address || (flags & ~VM_FLAGS_ANYWHERE))
        return KERN_INVALID_ARGUMENT;
    if (size == 0) {
        *address = 0; /* as Darwin's vm_allocate */
        return KERN_SUCCESS;
    }
    if (size > PHYS_ALLOC_END - PHYS_ALLOC_BASE)
        return KERN_NO_SPACE;
    if (!physmem_init())
        return KERN_RESOURCE_SHORTAGE;
    bool fixed = !(flags & VM_FLAGS_ANYWHERE);
    uint32_t pa = 0;
    if (fixed) {
        /* As Darwin: the address is rounded down to its page, and the
         * pages covering [address, address + size) are allocated. */
        vm_address_t start = *address & ~(vm_address_t)(PHYS_PAGE - 1);
        size += *address - start;
        if (!physmem_pa_of((void *)start, size, &pa))
            return KERN_INVALID_ADDRESS;
    }
    if (frames_alloc(pages_of(size), &pa, fixed) != 0)
        return KERN_NO_SPACE;
    *address = (vm_address_t)physmem_host(pa);
    return KERN_SUCCESS;
}

VMM_API kern_return_t vm_deallocate(vm_map_t task, vm_address_t address, vm_size_t size)
{
    uint32_t pa;
    if (task != TASK_SELF)
        return KERN_INVALID_ARGUMENT;
    if (size == 0)
        return KERN_SUCCESS;
    vm_address_t start = address & ~(vm_address_t)(PHYS_PAGE - 1);
    vm_size_t len = size + (address - start);
    if (len < size) /* wrapped past the end of the address space */
        return KERN_INVALID_ADDRESS;
    if (!physmem_base() || !physmem_pa_of((void *)start, len, &pa) ||
        !frames_release(pa, pages_of(len)))
        return KERN_INVALID_ADDRESS;
    return KERN_SUCCESS;
}

VMM_API uint64_t mach_absolute_time(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

VMM_API kern_return_t mach_timebase_info(mach_timebase_info_t info)
{
    if (!info)
        return KERN_INVALID_ARGUMENT;
    info->numer = 1;
    info->denom = 1;
    return KERN_SUCCESS;
}

VMM_API void sys_icache_invalidate(void *start, size_t len)
{
    uint32_t pa;
    if (len == 0 || !physmem_base() || !physmem_pa_of(start, len, &pa))
        return;
    uint32_t first = pa & ~(PHYS_PAGE - 1);
    uint64_t end = (uint64_t)pa + len;
    icache_note(first, (uint32_t)(end - first));
}
