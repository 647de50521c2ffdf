/*
 * vmachmon/guest_mach.c - the built-in Mach traps of a routed guest.
 *
 * Numbers are negative, as in r0 (osfmk/kern/syscall_sw.c).  Each trap
 * returns a kern_return_t (or a port name) in r3 and resumes at sc + 4.
 * A trap without a handler is not answered: the guest leaves with
 * kVmmReturnSystemCall, where XNU raised EXC_SYSCALL for kern_invalid
 * slots and numbers past its table.
 *
 *  -27 thread_self_trap, -28 task_self_trap (mach_task_self),
 *  -29 host_self_trap: fixed port names.
 *  -10 vm_allocate(task, &addr, size, flags)
 *  -12 vm_deallocate(task, addr, size)
 *
 * vm_allocate and vm_deallocate were MIG messages to the task port on
 * Mac OS X 10.4, whose trap slots -10 and -12 were empty.  Later XNU put
 * _kernelrpc_mach_vm_allocate_trap and _kernelrpc_mach_vm_deallocate_trap
 * there; the guest SDK uses those numbers with 32-bit arguments (r3 task,
 * r4 address of a vm_address_t, r5 size, r6 flags), so that a vmachmon
 * client's vm_allocate is one trap and needs no message server.
 * Semantics are those of <vmachmon/mach.h>: whole zero-filled pages,
 * read/write; VM_FLAGS_ANYWHERE, or the free pages covering a fixed
 * address and size; a size of 0 allocates nothing and sets *addr to 0.
 */
#include "config.h"

#include "vmachmon/guest_route.h"

#define TASK_PORT 0x103u
#define THREAD_PORT 0x203u
#define HOST_PORT 0x303u

static int port(vmm_guestcall_t *call, uint32_t name)
{
    call->ret[0] = name;
    return VMM_GC_OK;
}

static int task_self(vmm_guest_t *g, vmm_guestcall_t *call) { return port(call, TASK_PORT); }
static int thread_self(vmm_guest_t *g, vmm_guestcall_t *call) { return port(call, THREAD_PORT); }
static int host_self(vmm_guest_t *g, vmm_guestcall_t *call) { return port(call, HOST_PORT); }

static int vm_allocate_trap(vmm_guest_t *g, vmm_guestcall_t *call)
{
    static const kern_return_t kr[] = {
        [GMEM_OK] = KERN_SUCCESS,
        [GMEM_RANGE] = KERN_INVALID_ADDRESS,
        [GMEM_NO_SPACE] = KERN_NO_SPACE,
        [GMEM_SHORTAGE] = KERN_RESOURCE_SHORTAGE,
    };
    uint32_t task = call->arg[0], addrp = call->arg[1], size = call->arg[2];
    uint32_t flags = call->arg[3], addr;
    bool anywhere = flags & VM_FLAGS_ANYWHERE;
    if (task != TASK_PORT || (flags & ~(uint32_t)VM_FLAGS_ANYWHERE))
        return KERN_INVALID_ARGUMENT;
    if (!gmem_check(g, addrp, 4, true) || !gmem_copy(g, addrp, &addr, 4, false))
        return KERN_INVALID_ADDRESS; /* writable implies readable */
    /* The guest's word is big-endian; as on Darwin, anywhere takes no hint,
     * fixed takes the pages covering [addr, addr + size). */
    addr = anywhere ? 0 : __builtin_bswap32(addr);
    if (size == 0) {
        addr = 0; /* as Darwin's vm_allocate */
    } else {
        gmem_status_t st = gmem_alloc(g, &addr, size, anywhere ? GMEM_ANYWHERE : GMEM_FIXED_FREE,
                                      prot_to_pp(VM_PROT_DEFAULT));
        if (st != GMEM_OK)
            return kr[st];
    }
    uint32_t be = __builtin_bswap32(addr);
    /* Cannot fail: checked writable above, and gmem_alloc, anywhere or
     * GMEM_FIXED_FREE, only maps pages that were not mapped. */
    gmem_copy(g, addrp, &be, 4, true);
    return KERN_SUCCESS;
}

static int vm_deallocate_trap(vmm_guest_t *g, vmm_guestcall_t *call)
{
    uint32_t task = call->arg[0], addr = call->arg[1], size = call->arg[2];
    if (task != TASK_PORT)
        return KERN_INVALID_ARGUMENT;
    if (size == 0)
        return KERN_SUCCESS;
    if ((uint64_t)addr + size > 1ull << 32)
        return KERN_INVALID_ARGUMENT;
    gmem_unmap(g, addr & ~(GMEM_PAGE - 1), gmem_pages(addr, size));
    return KERN_SUCCESS;
}

/* Indexed by -number. */
static const gc_entry_t mach_entries[] = {
    [10] = {"vm_allocate", "xpux", 'k', vm_allocate_trap},
    [12] = {"vm_deallocate", "xpu", 'k', vm_deallocate_trap},
    [26] = {"mach_reply_port", "", 'x', NULL},
    [27] = {"thread_self_trap", "", 'x', thread_self},
    [28] = {"mach_task_self", "", 'x', task_self},
    [29] = {"host_self_trap", "", 'x', host_self},
    [31] = {"mach_msg_trap", "pxuuxux", 'k', NULL},
    [32] = {"mach_msg_overwrite_trap", "pxuuxuxp", 'k', NULL},
    [33] = {"semaphore_signal_trap", "x", 'k', NULL},
    [36] = {"semaphore_wait_trap", "x", 'k', NULL},
    [59] = {"swtch_pri", "d", 'd', NULL},
    [60] = {"swtch", "", 'd', NULL},
    [61] = {"thread_switch", "xdu", 'k', NULL},
    [62] = {"clock_sleep_trap", "xdxxp", 'k', NULL},
    [89] = {"mach_timebase_info_trap", "p", 'k', NULL},
    [90] = {"mach_wait_until_trap", "L", 'k', NULL},
    [91] = {"mk_timer_create_trap", "", 'x', NULL},
};

const gc_table_t gmach_table = {mach_entries, sizeof mach_entries / sizeof mach_entries[0]};
