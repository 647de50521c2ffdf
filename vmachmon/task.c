/*
 * vmachmon/task.c - tasks (control tables) and the host client.
 *
 * The host task is created on first use.  Its VMM thread is the first
 * thread that initialises a context; while it has contexts, other threads
 * see no control table, as on Mac OS X (one VMM thread per task).  The
 * binding ends when the last context is torn down.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ppc/physmem.h"
#include "vmachmon/facility.h"
#include "vmachmon/frames.h"

/* ---- the host client: addresses are host pointers ---- */

/* A host address may be given whole, or as its low 32 bits (what fits in
 * the 32-bit fields of the original ABI, such as vmmMList.vmlva): the
 * shareable region is 4 GiB-aligned, so those bits are the physical
 * address. */
static bool host_page_pa(vmm_task_t *t, uint64_t addr, uint32_t *pa)
{
    uint32_t p;
    (void)t;
    if (!physmem_init())
        return false;
    if (addr <= UINT32_MAX)
        p = (uint32_t)addr;
    else if (!physmem_pa_of((const void *)(uintptr_t)addr, 1, &p))
        return false;
    if (!frames_host_holds(p))
        return false;
    *pa = p & ~(PHYS_PAGE - 1);
    return true;
}

static bool host_client_addr(vmm_task_t *t, uint32_t pa, uint64_t *addr)
{
    (void)t;
    *addr = (uint64_t)(uintptr_t)physmem_host(pa);
    return true;
}

/* Zeroes the page by reading /dev/zero into it: the kernel reports EFAULT
 * instead of crashing us if the page is not mapped writable.  Inside the
 * physical reservation only pages the host holds (from vm_allocate) are
 * its memory: the others are the facility's own (page tables, CPU stub
 * pages) or free, and zeroing them, then storing guest registers there,
 * would wreck other contexts. */
static void *host_state_page(vmm_task_t *t, uint64_t addr, kern_return_t *kr)
{
    void *p = (void *)(uintptr_t)addr;
    uint32_t pa;
    (void)t;
    unsigned char probe;
    if ((physmem_pa_of(p, PHYS_PAGE, &pa) && !frames_host_holds(pa)) ||
        (mincore(p, PHYS_PAGE, &probe) != 0 && errno == ENOMEM)) {
        *kr = KERN_INVALID_ADDRESS;
        return NULL;
    }
    int fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, p, PHYS_PAGE);
        close(fd);
        if (n != (ssize_t)PHYS_PAGE) {
            *kr = KERN_PROTECTION_FAILURE;
            return NULL;
        }
    } else {
        memset(p, 0, PHYS_PAGE);
    }
    *kr = KERN_SUCCESS;
    return p;
}

static const vmm_client_ops_t host_client = {
    .page_pa = host_page_pa,
    .client_addr = host_client_addr,
    .state_page = host_state_page,
    .big_endian = false,
};

/* ---- tasks ---- */

static vmm_task_t host_task;
static pthread_once_t host_once = PTHREAD_ONCE_INIT;

void task_init(vmm_task_t *t, const vmm_client_ops_t *client, void *data)
{
    memset(t, 0, sizeof *t);
    pthread_mutex_init(&t->lock, NULL);
    t->client = client;
    t->client_data = data;
    for (uint32_t i = 0; i < kVmmMaxContexts; i++)
        t->ctx[i].number = i + 1;
}

static void host_setup(void) { task_init(&host_task, &host_client, NULL); }

vmm_task_t *task_host(void)
{
    pthread_once(&host_once, host_setup);
    return &host_task;
}

/* Lock-free: only the owner thread binds or unbinds itself (under the
 * lock, which also re-checks), so a thread reading its own id here can
 * trust the answer; a claim that loses a race fails in context_init. */
vmm_task_t *task_for_caller(bool claim)
{
    vmm_task_t *t = task_host();
    pthread_t owner = atomic_load_explicit(&t->owner_id, memory_order_acquire);
    if (owner == 0)
        return claim ? t : NULL;
    return pthread_equal(owner, pthread_self()) ? t : NULL;
}

static bool task_adsp_valid(uint32_t as) { return as >= 1 && as <= kVmmMaxContexts; }

vmm_context_t *task_context(vmm_task_t *t, uint32_t idx)
{
    uint32_t n = idx & vmmTInum;
    if (!t || n < 1 || n > kVmmMaxContexts)
        return NULL;
    vmm_context_t *c = &t->ctx[n - 1];
    return (atomic_load(&c->flags) & vmmInUse) ? c : NULL;
}

vmm_adsp_t *task_adsp(vmm_task_t *t, uint32_t as)
{
    return (t && task_adsp_valid(as)) ? t->adsp[as - 1] : NULL;
}
