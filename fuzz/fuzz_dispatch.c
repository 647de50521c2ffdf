/*
 * fuzz/fuzz_dispatch.c - the host API under random calls.
 *
 * Each input is a program of at most MAX_OPS host operations: vmm_dispatch
 * with any selector (also past the table) and up to six arguments, writes
 * of random words into state pages and guest pages, vmm_stop_vm,
 * vm_allocate / vm_deallocate, budgets, timers, guest-call routes
 * (install, remove, trace), the names and error strings.  Arguments are drawn by kind: context and address-space
 * numbers, host pages of the pool (whole, as their low 32 bits, split in
 * halves for the 64-bit selectors, misaligned), guest addresses, raw
 * integers, and "foreign" memory a buggy host might pass: NULL, heap
 * memory, a read-only page, a PROT_NONE page, an address nothing maps,
 * addresses inside the facility's own physical reservation (page tables,
 * CPU pages), non-canonical addresses.
 *
 * What the harness holds back, because the API trusts the host there by
 * contract (vmm_dispatch(3), The state page):
 *   - a state page is passed only from the vocabulary above (pool pages,
 *     the heap page, read-only, PROT_NONE, unmapped, reservation
 *     addresses), never an arbitrary integer: the facility probes the page
 *     (unmapped or read-only pages are refused) but cannot tell a writable
 *     page the host meant from one it did not; and memory that is not
 *     from vm_allocate must stay mapped until its context is torn down;
 *   - the state page of a live context is written by the host between
 *     calls only (never concurrently with a launch; there is one thread).
 * Everything else is fair game, including giving back (vm_deallocate) a
 * page that is a state page or is mapped into a guest.
 *
 * Bounds: every launch runs under an instruction budget (re-armed before
 * each launching call), at most MAX_CONTEXTS contexts exist at a time,
 * vm_allocate sizes are capped, timers are either past or at most a few
 * milliseconds ahead, nothing sleeps.  After each input every context is
 * torn down and every page given back, so a leak shows up per input.
 */
#include <string.h>
#include <sys/mman.h>

#include <vmachmon/control.h>
#include <vmachmon/disasm.h>
#include <vmachmon/guestcall.h>
#include <vmachmon/vmachmon.h>

#include "fuzz/fuzz.h"
#include "ppc/physmem.h"
#include "vmachmon/facility.h"

#define POOL 6            /* vm_allocate pages an input can name */
#define EXTRA 8           /* further allocations an input may make */
#define MAX_OPS 64
#define MAX_CONTEXTS 4
#define LAUNCH_BUDGET 4096
#define PAGE 4096u

/* FUZZ_TRACE=1: print every call and its result (to read an input). */
static bool trace;

/* Memory that lives as long as the process. */
static struct {
    uint8_t *ro;       /* a read-only page */
    uint8_t *none;     /* a PROT_NONE page */
    FILE *null;        /* where guest-call traces go */
} fixed;

/* Memory of one input. */
static struct {
    vm_address_t pool[POOL]; /* 0 = given back */
    uint8_t *heap;           /* a page of malloc'd memory */
    vm_address_t extra[EXTRA];
    vm_size_t extra_size[EXTRA];
} in;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fixed.ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    fixed.none = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    FUZZ_CHECK(fixed.ro != MAP_FAILED && fixed.none != MAP_FAILED);
    FUZZ_CHECK(physmem_init() != NULL);
    fixed.null = fopen("/dev/null", "w");
    FUZZ_CHECK(fixed.null != NULL);
    trace = getenv("FUZZ_TRACE") != NULL;
    return 0;
}

/* ---- argument kinds ------------------------------------------------------ */

static vm_address_t pool_page(fz_t *f)
{
    return in.pool[fz_u8(f) % POOL];
}

static uint64_t reservation_address(fz_t *f)
{
    return (uint64_t)(uintptr_t)physmem_base() + (fz_u32(f) & ~0xFFFu);
}

/* Something a buggy host might pass where a page is expected. */
static uint64_t foreign(fz_t *f)
{
    switch (fz_u8(f) % 9) {
    case 0: return 0;
    case 1: return (uint64_t)(uintptr_t)in.heap;
    case 2: return (uint64_t)(uintptr_t)fixed.ro;
    case 3: return (uint64_t)(uintptr_t)fixed.none;
    case 4: return 0x1000u * (fz_u8(f) % 16); /* below mmap_min_addr */
    case 5: return reservation_address(f);
    case 6: return 0x8000000000000000ull | (uint64_t)fz_u32(f) << 12; /* non-canonical */
    case 7: return pool_page(f) + 8;                         /* misaligned */
    default: return pool_page(f);
    }
}

static uint64_t guest_address(fz_t *f)
{
    static const uint64_t common[] = {0, 0x1000, 0x2000, 0x3000, 0xFFFFF000u,
                                      0x100000000ull, UINT64_MAX};
    uint8_t k = fz_u8(f);
    if (k < 7 * 16)
        return common[k % 7];
    return fz_u32(f);
}

/* A deadline: in the past, none, or a few milliseconds ahead. */
static uint64_t deadline(fz_t *f)
{
    uint16_t v = fz_u16(f);
    if (v < 0x4000)
        return v;
    return mach_absolute_time() + (uint64_t)(v & 0x3FFF) * 256;
}

/* A context number, sometimes with an address space in bits 8-15. */
static uint64_t context_index(fz_t *f)
{
    uint64_t n = 1 + fz_u8(f) % 33;
    if (fz_u8(f) % 4 == 0)
        n |= (uint64_t)fz_u8(f) << 8;
    return n;
}

static uint64_t pool_offset(fz_t *f)
{
    uint64_t a = pool_page(f);
    if (fz_u8(f) % 4 == 0)
        a += fz_u16(f) & 0xFFF;
    return a;
}

static uint64_t argument(fz_t *f)
{
    switch (fz_u8(f) % 14) {
    case 0: return fz_u8(f);
    case 1: return context_index(f);
    case 2: return pool_offset(f);
    case 3: return (uint32_t)pool_page(f);
    case 4: return pool_page(f) >> 32;
    case 5: return guest_address(f);
    case 6: return fz_u32(f);
    case 7: return fz_u64(f);
    case 8: return fz_u8(f) % 16;
    case 9: return foreign(f);
    case 10: return deadline(f) >> 32;
    case 11: return (uint32_t)deadline(f);
    case 12: return fz_u8(f) % 65;
    default: return (uint64_t)fz_u8(f) << 24; /* XA flags, control bits */
    }
}

/* ---- operations ---------------------------------------------------------- */

static bool launches(uint32_t sel)
{
    return sel == kVmmExecuteVM || sel == kVmmMapExecute || sel == kVmmProtectExecute ||
           sel == kVmmMapExecute64 || sel == kVmmProtectExecute64;
}

static void op_dispatch(fz_t *f)
{
    uint8_t s = fz_u8(f);
    uint32_t sel = s < 240 ? s % 40 : fz_u32(f);
    unsigned nargs = fz_u8(f) % 7;
    uint64_t args[6] = {0};
    for (unsigned i = 0; i < nargs; i++)
        args[i] = argument(f);
    if (sel == kVmmInitContext) {
        if (task_host()->live >= MAX_CONTEXTS)
            return;
        args[1] = foreign(f);
    }
    if (launches(sel))
        vmm_set_instruction_budget((uint32_t)args[0], LAUNCH_BUDGET);
    uint64_t r = vmm_dispatch_v(sel, nargs, args);
    if (trace)
        fprintf(stderr, "%s(%#llx, %#llx, %#llx, %#llx) = %#llx\n",
                vmm_selector_name(sel) ? vmm_selector_name(sel) : "?",
                (unsigned long long)args[0], (unsigned long long)args[1],
                (unsigned long long)args[2], (unsigned long long)args[3], (unsigned long long)r);
}

/* The host writes words into a page: a state page's fields, a list in the
 * communication area, guest code or data. */
static void op_poke(fz_t *f)
{
    uint8_t which = fz_u8(f);
    uint8_t *page = which % 8 == 7 ? in.heap : (uint8_t *)pool_page(f);
    uint32_t off = fz_u16(f) & 0xFFC;
    unsigned n = 1 + fz_u8(f) % 16;
    for (unsigned i = 0; i < n && off < PAGE; i++, off += 4) {
        uint32_t v = fz_u32(f);
        if (page)
            memcpy(page + off, &v, 4);
    }
}

static void op_pool(fz_t *f)
{
    unsigned i = fz_u8(f) % POOL;
    if (in.pool[i]) {
        vm_deallocate(mach_task_self(), in.pool[i], PAGE);
        in.pool[i] = 0;
    } else {
        vm_allocate(mach_task_self(), &in.pool[i], PAGE, VM_FLAGS_ANYWHERE);
    }
}

/* vm_allocate and vm_deallocate with sizes, flags and addresses of the
 * input (sizes capped at 64 pages, so an input cannot eat the machine). */
static void op_vm(fz_t *f)
{
    unsigned i = fz_u8(f) % EXTRA;
    if (in.extra[i]) {
        /* A wrong size (too long gives back neighbours, as a buggy host
         * would), then the right one. */
        if (fz_u8(f) % 2)
            vm_deallocate(mach_task_self(), in.extra[i], fz_u32(f));
        FUZZ_CHECK(vm_deallocate(mach_task_self(), in.extra[i], in.extra_size[i]) ==
                   KERN_SUCCESS);
        in.extra[i] = 0;
        return;
    }
    int flags = fz_u8(f) % 3; /* FIXED, ANYWHERE, or an undefined flag */
    vm_address_t a = flags ? 0 : (vm_address_t)reservation_address(f);
    vm_size_t size = fz_u32(f) % (64 * PAGE + 1);
    if (vm_allocate(mach_task_self(), &a, size, flags) == KERN_SUCCESS && size) {
        in.extra[i] = a;
        in.extra_size[i] = size;
    }
}

/* Host services for routed guests that keep the process quiet. */
static long discard(void *refcon, int fd, const void *buf, size_t len)
{
    (void)refcon, (void)fd, (void)buf;
    return (long)len;
}

static long eof(void *refcon, int fd, void *buf, size_t len)
{
    (void)refcon, (void)fd, (void)buf, (void)len;
    return 0;
}

/* Guest calls: route a context's sc through the library (the guest may
 * then run machines of its own), or not; names; traces to /dev/null. */
static void op_guestcall(fz_t *f)
{
    uint8_t what = fz_u8(f);
    uint32_t index = (uint32_t)context_index(f), v = fz_u32(f);
    vmm_guestcall_table_t t = {.write = discard, .read = eof, .pid = 7, .pass = v & 0xF};
    int status;
    switch (what % 5) {
    case 0: vmm_guestcall_install(index, what & 0x80 ? NULL : &t); break;
    case 1: vmm_guestcall_remove(index); break;
    case 2: vmm_guestcall_exited(index, &status); break;
    case 3: vmm_guestcall_trace(index, what & 0x80 ? NULL : fixed.null); break;
    default: vmm_guestcall_name((vmm_gc_class_t)(v >> 28), (int32_t)v); break;
    }
}

static void op_misc(fz_t *f)
{
    char buf[80];
    uint8_t what = fz_u8(f);
    uint32_t v = fz_u32(f), w = fz_u32(f);
    switch (what % 8) {
    case 0: vmm_stop_vm(v); break;
    case 1: vmm_set_instruction_budget(v & 0xFFFF, 1 + (w & 0xFFFF)); break;
    case 2: vmm_instruction_budget_left(v); break;
    case 3: vmm_disassemble(v, w, buf, (w >> 24) % sizeof buf); break;
    case 4: FUZZ_CHECK(mach_error_string((mach_error_t)v) != NULL); break;
    case 5: vmm_selector_name(v), vmm_return_code_name(v), vmm_feature_name(v); break;
    case 6:
        if (task_host()->live < MAX_CONTEXTS)
            vmm_init_context(v, (vmm_state_page_t *)(uintptr_t)foreign(f));
        break;
    default: sys_icache_invalidate((void *)(uintptr_t)argument(f), w); break;
    }
}

/* ---- one input ----------------------------------------------------------- */

static void setup(void)
{
    memset(&in, 0, sizeof in);
    for (unsigned i = 0; i < POOL; i++)
        FUZZ_CHECK(vm_allocate(mach_task_self(), &in.pool[i], PAGE, VM_FLAGS_ANYWHERE) ==
                   KERN_SUCCESS);
    in.heap = aligned_alloc(PAGE, PAGE);
    FUZZ_CHECK(in.heap != NULL);
    memset(in.heap, 0, PAGE);
}

static void cleanup(void)
{
    vmm_dispatch(kVmmTearDownAll);
    FUZZ_CHECK(task_host()->live == 0);
    FUZZ_CHECK(task_for_caller(false) == NULL); /* the VMM thread let go */
    for (unsigned i = 0; i < POOL; i++)
        if (in.pool[i])
            vm_deallocate(mach_task_self(), in.pool[i], PAGE);
    for (unsigned i = 0; i < EXTRA; i++)
        if (in.extra[i])
            vm_deallocate(mach_task_self(), in.extra[i], in.extra_size[i]);
    free(in.heap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_t f = {data, size};
    setup();
    for (unsigned n = 0; n < MAX_OPS && !fz_empty(&f); n++) {
        switch (fz_u8(&f) % 9) {
        case 0: case 1: case 2: op_dispatch(&f); break;
        case 3: case 4: op_poke(&f); break;
        case 5: op_pool(&f); break;
        case 6: op_vm(&f); break;
        case 7: op_misc(&f); break;
        default: op_guestcall(&f); break;
        }
    }
    cleanup();
    return 0;
}
