/*
 * vmachmon/guest_task.c - a guest's own control table, and vmm_dispatch
 * called from a guest.
 *
 * A guest that calls vmm_dispatch gets a task of its own (facility.h), as a
 * Mac OS X process got its own VMM control table: up to 32 inner contexts
 * and address spaces.  Its client names memory with the guest's effective
 * addresses, translated through the address space the guest runs in:
 *
 *   - a "host page" given to the map calls, or a state page, must be a
 *     page the guest has mapped writable (as the original faulted host
 *     pages in read/write); the inner address space then maps the same
 *     physical page: no copies, so the guest's stores into its text page
 *     are what the inner guest runs, and the inner guest's stores are what
 *     the guest reads back;
 *   - kVmmGetPageMapping answers with the guest's (lowest) address of the
 *     page, or -1 if the guest no longer maps it;
 *   - the state page is big-endian, as on a G4.
 *
 * The inner contexts run nested: kVmmExecuteVM and the execute calls run
 * the inner guest to its exit inside the routed call and return the exit
 * code in r3, through the same selector table the host uses.  The inner
 * guest's own `sc` instructions are not routed: they exit to the guest
 * with kVmmReturnSystemCall, as on Mac OS X.
 *
 * Register shapes (dispatch.h): one register per argument from r4, a
 * 64-bit argument in an aligned pair (r5:r6, r7:r8); a 64-bit result comes
 * back in r3 (high) and r4 (low), a 32-bit one in r3 with r4 = 0 (the
 * original cleared the high words).  A bogus selector (20-23, 37 and up,
 * or an execute call before any kVmmInitContext) is not answered: the
 * guest leaves to the host with kVmmReturnSystemCall, where the original
 * raised EXC_SYSCALL.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ppc/physmem.h"
#include "vmachmon/dispatch.h"
#include "vmachmon/guest_route.h"

/* ---- the client: guest effective addresses ---- */

static vmm_guest_t *guest_of(vmm_task_t *t) { return t->client_data; }

static bool guest_page_pa(vmm_task_t *t, uint64_t addr, uint32_t *pa)
{
    uint32_t p;
    if (addr > UINT32_MAX || !gmem_page(guest_of(t), (uint32_t)addr, true, &p))
        return false;
    *pa = p & ~(PHYS_PAGE - 1);
    return true;
}

static bool guest_client_addr(vmm_task_t *t, uint32_t pa, uint64_t *addr)
{
    vmm_guest_t *g = guest_of(t);
    uint32_t gva;
    if (!g->adsp || !adsp_reverse(g->adsp, pa, &gva))
        return false;
    *addr = gva;
    return true;
}

static void *guest_state_page(vmm_task_t *t, uint64_t addr, kern_return_t *kr)
{
    vmm_guest_t *g = guest_of(t);
    uint32_t pa;
    if (addr > UINT32_MAX || !adsp_lookup(g->adsp, (uint32_t)addr, NULL, NULL)) {
        *kr = KERN_INVALID_ADDRESS;
        return NULL;
    }
    if (!gmem_page(g, (uint32_t)addr, true, &pa)) {
        *kr = KERN_PROTECTION_FAILURE;
        return NULL;
    }
    void *page = physmem_host(pa);
    memset(page, 0, PHYS_PAGE);
    *kr = KERN_SUCCESS;
    return page;
}

static const vmm_client_ops_t guest_client = {
    .page_pa = guest_page_pa,
    .client_addr = guest_client_addr,
    .state_page = guest_state_page,
    .big_endian = true,
};

/* The guest's table as the dispatcher sees it: NULL until the guest has a
 * VMM thread, unless this call may create it (kVmmInitContext). */
static vmm_task_t *task_for_guest(vmm_guest_t *g, bool claim)
{
    if (!g->task && claim) {
        vmm_task_t *t = malloc(sizeof *t);
        if (t) {
            task_init(t, &guest_client, g);
            t->parent_task = g->owner;
            t->parent_ctx = g->ctx;
            /* Published last: vmm_stop_vm reads it from another thread. */
            __atomic_store_n(&g->task, t, __ATOMIC_RELEASE);
        }
    }
    if (!g->task || (!g->task->has_owner && !claim))
        return NULL;
    return g->task;
}

vmm_task_t *gtask_of(vmm_guest_t *g) { return task_for_guest(g, false); }

void gtask_release(vmm_guest_t *g)
{
    if (!g->task)
        return;
    context_tear_down_all(g->task);
    pthread_mutex_destroy(&g->task->lock);
    free(g->task);
    g->task = NULL;
}

/* ---- vmm_dispatch from the guest ---- */

/* Where C argument i starts, the arguments before it ending at reg: a
 * 64-bit one (shape 2) at the next odd register, a pair's first. */
static unsigned arg_reg(const vmm_selector_info_t *info, unsigned i, unsigned reg)
{
    return info->regs[i] == 2 ? reg + (reg % 2 == 0) : reg;
}

unsigned gtask_regs_end(const vmm_selector_info_t *info, unsigned n)
{
    unsigned reg = 4;
    for (unsigned i = 0; i < n && i < 6; i++)
        reg = arg_reg(info, i, reg) + info->regs[i];
    return reg;
}

/* Register reg (4..9) of regs[] (r4..r9); 0 past r9. */
static uint64_t reg_value(const uint32_t *regs, unsigned reg)
{
    return reg <= 9 ? regs[reg - 4] : 0;
}

int gtask_dispatch(vmm_guest_t *g, uint32_t selector, const uint32_t *regs, uint32_t ret[2])
{
    const vmm_selector_info_t *info = dispatch_info(selector);
    if (!info)
        return VMM_GC_UNANSWERED;
    vmm_call_t call = {.selector = selector};
    unsigned reg = 4; /* where the arguments so far end */
    for (unsigned i = 0; i < 6; i++) {
        reg = arg_reg(info, i, reg);
        call.arg[i] = info->regs[i] == 2
                          ? reg_value(regs, reg) << 32 | reg_value(regs, reg + 1)
                          : reg_value(regs, reg);
        reg += info->regs[i];
    }
    call.task = task_for_guest(g, selector == kVmmInitContext);
    uint64_t v = dispatch_call(&call);
    if (call.bogus)
        return VMM_GC_UNANSWERED;
    ret[0] = info->result64 ? (uint32_t)(v >> 32) : (uint32_t)v;
    ret[1] = info->result64 ? (uint32_t)v : 0;
    return VMM_GC_OK;
}
