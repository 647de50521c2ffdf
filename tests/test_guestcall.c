/*
 * tests/test_guestcall.c - routed guest calls (vmm_guest_calls(3)): how an
 * `sc` is classified, the return conventions and resume points, the
 * built-in handlers, guest pointer checks, calls left to the host, nested
 * virtual machines driven from the guest, and the trace.
 *
 * Most tests run one call: the arguments are loaded into r3.., r0 last (so
 * that sc - 4 is the instruction that sets r0, as in a libSystem stub),
 * then the `sc`, followed by two illegal words.  Where the guest stops
 * tells where the call resumed it: sc + 4 (an error, or any non-BSD call),
 * sc + 8 (a BSD call that succeeded).
 */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include <vmachmon/guestcall.h>

#include "sdk/dispatch_regs.h"
#include "tests/guest.h"
#include "tests/harness.h"
#include "vmachmon/dispatch.h"

#define MAP_ANON_PRIVATE 0x1002u /* Darwin MAP_ANON | MAP_PRIVATE */
#define TASK_PORT 0x103u

static guest_t g;
static uint32_t sc_pc; /* guest address of the last call's sc */

/* Each test gets a fresh context: GUEST_TEST(name) { ... } */
#define GUEST_TEST(name)                                                       \
    static void name##_body(void);                                             \
    static void name(void)                                                     \
    {                                                                          \
        if (guest_init(&g) == 0)                                               \
            name##_body();                                                     \
        guest_fini(&g);                                                        \
    }                                                                          \
    static void name##_body(void)

/* ---- helpers ---- */

static size_t load32(uint32_t *code, size_t k, unsigned reg, uint32_t v)
{
    code[k++] = PPC_LIS(reg, v >> 16);
    code[k++] = PPC_ORI(reg, reg, v & 0xFFFF);
    return k;
}

/* args into r3.., r0, sc, two illegal words; runs; returns the exit code. */
static uint32_t call_n(uint32_t r0, unsigned n, const uint32_t *args)
{
    uint32_t code[32];
    size_t k = 0;
    for (unsigned i = 0; i < n; i++)
        k = load32(code, k, 3 + i, args[i]);
    k = load32(code, k, 0, r0);
    sc_pc = GUEST_TEXT + 4 * (uint32_t)k;
    code[k++] = PPC_SC;
    code[k++] = 0; /* sc + 4: illegal */
    code[k++] = 0; /* sc + 8: illegal */
    guest_code(&g, code, k);
    return guest_run(&g);
}

#define CALL(r0, ...)                                                          \
    call_n(r0, sizeof((uint32_t[]){__VA_ARGS__}) / 4, (uint32_t[]){__VA_ARGS__})
#define CALL0(r0) call_n(r0, 0, NULL)

static void route(const vmm_guestcall_table_t *t)
{
    CU_ASSERT_EQUAL_FATAL(vmm_guestcall_install(g.index, t), KERN_SUCCESS);
}

/* A page at guest gva with protection prot; returns its host view. */
static uint8_t *map_extra(uint32_t gva, int prot)
{
    vm_address_t p = 0;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &p, vm_page_size, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, g.index, p, gva, prot), KERN_SUCCESS);
    vm_deallocate(mach_task_self(), p, vm_page_size); /* the mapping keeps it */
    return (uint8_t *)p;
}

static bool mapped(uint32_t gva)
{
    return vmm_dispatch(kVmmGetPageMapping, g.index, gva) != UINT64_MAX;
}

#define R(n) (g.regs->ppcGPRs[n])
#define STOPPED_AT(off)                                                        \
    do {                                                                       \
        CU_ASSERT_EQUAL(g.regs->ppcPC, sc_pc + (off));                         \
    } while (0)

/* Host services that record what they saw. */
static char written[256];
static size_t nwritten;
static int write_fd, exit_calls, handler_calls;

static long capture_write(void *refcon, int fd, const void *buf, size_t len)
{
    (void)refcon;
    write_fd = fd;
    if (nwritten + len <= sizeof written) {
        memcpy(written + nwritten, buf, len);
        nwritten += len;
    }
    return (long)len;
}

static long give_xyz(void *refcon, int fd, void *buf, size_t len)
{
    (void)refcon;
    if (fd != 0)
        return -VMM_EBADF;
    memcpy(buf, "xyz", len < 3 ? len : 3);
    return len < 3 ? (long)len : 3;
}

static void note_exit(void *refcon, int status)
{
    *(int *)refcon = status;
    exit_calls++;
}

static void reset_capture(void)
{
    memset(written, 0, sizeof written);
    nwritten = 0;
    write_fd = -1;
    exit_calls = handler_calls = 0;
}

/* ---- the default and classification ---- */

GUEST_TEST(without_a_route_every_sc_leaves)
{
    CU_ASSERT_EQUAL(CALL(20, 0x33), kVmmReturnSystemCall);
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(g.state->vmmRet.vmmrp32.return_params[0], 0x33);
}

GUEST_TEST(bsd_success_resumes_after_cerror_branch)
{
    vmm_guestcall_table_t t = {.pid = 4242};
    route(&t);
    R(4) = 0x5555;
    CU_ASSERT_EQUAL(CALL0(20), kVmmReturnProgramException); /* getpid */
    STOPPED_AT(8);
    CU_ASSERT_EQUAL(R(3), 4242);
    CU_ASSERT_EQUAL(R(4), 0); /* XNU's rval[1] */
}

GUEST_TEST(bsd_error_resumes_at_cerror_branch)
{
    route(NULL);
    CU_ASSERT_EQUAL(CALL(4, 99, GUEST_DATA, 4), kVmmReturnProgramException); /* write(99) */
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(R(3), VMM_EBADF);
}

static int restart_once(vmm_guest_t *guest, vmm_guestcall_t *call)
{
    if (call->number != 300)
        return VMM_GC_DEFAULT;
    if (handler_calls++ == 0)
        return VMM_GC_RESTART;
    call->ret[0] = 5;
    return VMM_GC_OK;
}

GUEST_TEST(bsd_restart_reruns_the_stub)
{
    vmm_guestcall_table_t t = {.bsd = restart_once};
    reset_capture();
    route(&t);
    CU_ASSERT_EQUAL(CALL0(300), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(handler_calls, 2); /* resumed at sc - 4, called again */
    STOPPED_AT(8);
    CU_ASSERT_EQUAL(R(3), 5);
}

GUEST_TEST(indirect_syscall_takes_number_from_r3)
{
    vmm_guestcall_table_t t = {.pid = 77};
    route(&t);
    CU_ASSERT_EQUAL(CALL(0, 20), kVmmReturnProgramException); /* syscall(SYS_getpid) */
    STOPPED_AT(8);
    CU_ASSERT_EQUAL(R(3), 77);
}

GUEST_TEST(bsd_number_is_r0_low_16_bits)
{
    vmm_guestcall_table_t t = {.pid = 78};
    route(&t);
    CU_ASSERT_EQUAL(CALL0(0x10014), kVmmReturnProgramException); /* XNU: unsigned short */
    CU_ASSERT_EQUAL(R(3), 78);
}

GUEST_TEST(unknown_bsd_call_gets_enosys)
{
    route(NULL);
    CU_ASSERT_EQUAL(CALL0(300), kVmmReturnProgramException);
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(R(3), VMM_ENOSYS);
}

GUEST_TEST(mach_trap_returns_in_r3_at_sc_plus_4)
{
    route(NULL);
    CU_ASSERT_EQUAL(CALL0((uint32_t)-28), kVmmReturnProgramException);
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(R(3), TASK_PORT);
}

GUEST_TEST(unknown_mach_trap_leaves_to_host)
{
    route(NULL);
    CU_ASSERT_EQUAL(CALL((uint32_t)-31, 0x1234), kVmmReturnSystemCall); /* mach_msg */
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(R(3), 0x1234);
    CU_ASSERT_EQUAL(g.state->return_code, kVmmReturnSystemCall);
    CU_ASSERT_EQUAL(g.state->vmmRet.vmmrp32.return_params[0], 0x1234);
}

GUEST_TEST(passed_class_leaves_to_host)
{
    vmm_guestcall_table_t t = {.pass = VMM_GC_CLASS_BIT(VMM_GC_BSD)};
    route(&t);
    CU_ASSERT_EQUAL(CALL0(20), kVmmReturnSystemCall);
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(CALL0((uint32_t)-28), kVmmReturnProgramException); /* Mach still routed */
}

static int my_trap(vmm_guest_t *guest, vmm_guestcall_t *call)
{
    if (call->number != -100)
        return VMM_GC_DEFAULT;
    CU_ASSERT_EQUAL(vmm_guest_index(guest), g.index);
    CU_ASSERT_PTR_EQUAL(vmm_guest_refcon(guest), &g);
    call->ret[0] = 0xABC + call->arg[0];
    return VMM_GC_OK;
}

GUEST_TEST(host_class_handler_and_default_chain)
{
    vmm_guestcall_table_t t = {.mach = my_trap, .refcon = &g};
    route(&t);
    CU_ASSERT_EQUAL(CALL((uint32_t)-100, 1), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), 0xABD);
    CU_ASSERT_EQUAL(CALL0((uint32_t)-28), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), TASK_PORT);
}

GUEST_TEST(install_needs_a_context)
{
    CU_ASSERT_EQUAL(vmm_guestcall_install(31, NULL), KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_guestcall_trace(g.index, stderr), KERN_FAILURE); /* no route */
    route(NULL);
    CU_ASSERT_EQUAL(vmm_guestcall_remove(g.index), KERN_SUCCESS);
    CU_ASSERT_EQUAL(CALL0(20), kVmmReturnSystemCall); /* back to the default */
}

/* ---- write, read, exit, getpid ---- */

GUEST_TEST(write_goes_through_host_callback)
{
    vmm_guestcall_table_t t = {.write = capture_write};
    reset_capture();
    route(&t);
    memcpy((char *)g.data, "hello", 5);
    CU_ASSERT_EQUAL(CALL(4, 1, GUEST_DATA, 5), kVmmReturnProgramException);
    STOPPED_AT(8);
    CU_ASSERT_EQUAL(R(3), 5);
    CU_ASSERT_EQUAL(write_fd, 1);
    CU_ASSERT_EQUAL(nwritten, 5);
    CU_ASSERT_NSTRING_EQUAL(written, "hello", 5);
}

GUEST_TEST(write_buffer_may_span_pages)
{
    vmm_guestcall_table_t t = {.write = capture_write};
    reset_capture();
    route(&t);
    uint8_t *next = map_extra(0x3000, VM_PROT_READ | VM_PROT_WRITE);
    memcpy((char *)g.data + 0xFFE, "ab", 2);
    memcpy(next, "cd", 2);
    CU_ASSERT_EQUAL(CALL(4, 2, 0x2FFE, 4), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), 4);
    CU_ASSERT_NSTRING_EQUAL(written, "abcd", 4);
}

GUEST_TEST(write_bad_pointer_is_efault)
{
    vmm_guestcall_table_t t = {.write = capture_write};
    reset_capture();
    route(&t);
    CU_ASSERT_EQUAL(CALL(4, 1, 0x5000, 4), kVmmReturnProgramException); /* unmapped */
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(R(3), VMM_EFAULT);
    /* The first page is fine, the second is not there: nothing written. */
    CU_ASSERT_EQUAL(CALL(4, 1, 0x2FFE, 4), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), VMM_EFAULT);
    /* A page mapped with no access (PP 0). */
    map_extra(0x4000, VM_PROT_NONE);
    CU_ASSERT_EQUAL(CALL(4, 1, 0x4000, 4), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), VMM_EFAULT);
    /* Past 4 GiB. */
    CU_ASSERT_EQUAL(CALL(4, 1, 0xFFFFFFF0u, 0x20), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), VMM_EFAULT);
    CU_ASSERT_EQUAL(nwritten, 0);
}

/* What the callbacks below were called for. */
static size_t cb_calls, cb_bytes;

/* A host write callback that takes the buffer's second page (guest 0x3000)
 * away after the first chunk, and counts what it was given. */

static long write_then_unmap_next(void *refcon, int fd, const void *buf, size_t len)
{
    (void)refcon;
    (void)fd;
    (void)buf;
    if (cb_calls++ == 0)
        vmm_dispatch(kVmmUnmapPage, g.index, 0x3000);
    cb_bytes += len;
    return (long)len;
}

/*
 * write(1, 0x2000, 8192) over the data page and the page after it; the
 * callback unmaps 0x3000 after the first 4096 bytes:
 *
 *     lis r3,0 ; ori r3,r3,1        fd 1
 *     lis r4,0 ; ori r4,r4,0x2000   buf
 *     lis r5,0 ; ori r5,r5,0x2000   8192 bytes
 *     lis r0,0 ; ori r0,r0,4        SYS_write
 *     sc
 *
 * The second chunk is not there any more: the call stops with the 4096
 * bytes written, each sent once.
 */
GUEST_TEST(write_stops_where_a_callback_unmapped_the_buffer)
{
    vmm_guestcall_table_t t = {.write = write_then_unmap_next};
    route(&t);
    map_extra(0x3000, VM_PROT_READ | VM_PROT_WRITE);
    cb_calls = cb_bytes = 0;
    CU_ASSERT_EQUAL(CALL(4, 1, GUEST_DATA, 0x2000), kVmmReturnProgramException);
    STOPPED_AT(8);
    CU_ASSERT_EQUAL(R(3), 0x1000);
    CU_ASSERT_EQUAL(cb_calls, 1);
    CU_ASSERT_EQUAL(cb_bytes, 0x1000);
}

/* A host write callback that maps another page, full of 'B', at guest
 * 0x3000 after the first chunk, and keeps the last byte of each chunk. */
static char last_of_chunk[2];

static long write_then_remap_next(void *refcon, int fd, const void *buf, size_t len)
{
    (void)refcon;
    (void)fd;
    if (cb_calls < 2)
        last_of_chunk[cb_calls] = ((const char *)buf)[len - 1];
    if (cb_calls++ == 0) {
        vm_address_t p = page_alloc();
        memset((void *)p, 'B', 4096);
        CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, g.index, p, 0x3000, VM_PROT_READ),
                        KERN_SUCCESS);
        page_free(p); /* the mapping keeps it */
    }
    return (long)len;
}

/* write(1, 0x2000, 8192) again, the callback replacing the page at 0x3000
 * between the chunks: each chunk is read through the mapping it finds, so
 * the second one comes from the new page. */
GUEST_TEST(write_reads_each_chunk_through_the_current_mapping)
{
    vmm_guestcall_table_t t = {.write = write_then_remap_next};
    route(&t);
    memset(map_extra(0x3000, VM_PROT_READ | VM_PROT_WRITE), 'A', 4096);
    memset((void *)g.data, 'D', 4096);
    cb_calls = 0;
    CU_ASSERT_EQUAL(CALL(4, 1, GUEST_DATA, 0x2000), kVmmReturnProgramException);
    STOPPED_AT(8);
    CU_ASSERT_EQUAL(R(3), 0x2000);
    CU_ASSERT_EQUAL(cb_calls, 2);
    CU_ASSERT_EQUAL(last_of_chunk[0], 'D');
    CU_ASSERT_EQUAL(last_of_chunk[1], 'B');
}

/* A host read callback that unmaps the buffer (guest 0x3000) before it
 * answers with 3 bytes. */
static long read_then_unmap(void *refcon, int fd, void *buf, size_t len)
{
    (void)refcon;
    (void)fd;
    vmm_dispatch(kVmmUnmapPage, g.index, 0x3000);
    memcpy(buf, "xyz", len < 3 ? len : 3);
    return len < 3 ? (long)len : 3;
}

/* read(0, 0x3000, 16) whose buffer is gone when the bytes come back: EFAULT
 * at the `b cerror` (sc + 4), not a count of bytes that went nowhere. */
GUEST_TEST(read_into_a_buffer_unmapped_by_the_callback_is_efault)
{
    vmm_guestcall_table_t t = {.read = read_then_unmap};
    route(&t);
    map_extra(0x3000, VM_PROT_READ | VM_PROT_WRITE);
    CU_ASSERT_EQUAL(CALL(3, 0, 0x3000, 16), kVmmReturnProgramException);
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(R(3), VMM_EFAULT);
    CU_ASSERT_FALSE(mapped(0x3000));
}

GUEST_TEST(read_copies_into_guest)
{
    vmm_guestcall_table_t t = {.read = give_xyz};
    route(&t);
    CU_ASSERT_EQUAL(CALL(3, 0, GUEST_DATA + 0x100, 16), kVmmReturnProgramException);
    STOPPED_AT(8);
    CU_ASSERT_EQUAL(R(3), 3);
    CU_ASSERT_NSTRING_EQUAL((char *)g.data + 0x100, "xyz", 3);
    CU_ASSERT_EQUAL(CALL(3, 5, GUEST_DATA, 16), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), VMM_EBADF);
}

GUEST_TEST(read_into_read_only_page_is_efault)
{
    vmm_guestcall_table_t t = {.read = give_xyz};
    route(&t);
    uint8_t *ro = map_extra(0x3000, VM_PROT_READ);
    CU_ASSERT_EQUAL(CALL(3, 0, 0x3000, 16), kVmmReturnProgramException);
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(R(3), VMM_EFAULT);
    CU_ASSERT_EQUAL(ro[0], 0);
}

GUEST_TEST(exit_ends_the_guest)
{
    int status = -1;
    vmm_guestcall_table_t t = {.exit = note_exit, .refcon = &status};
    reset_capture();
    route(&t);
    CU_ASSERT_FALSE(vmm_guestcall_exited(g.index, NULL));
    CU_ASSERT_EQUAL(CALL(1, 42), kVmmReturnSystemCall);
    STOPPED_AT(4);
    int st = 0;
    CU_ASSERT_TRUE(vmm_guestcall_exited(g.index, &st));
    CU_ASSERT_EQUAL(st, 42);
    CU_ASSERT_EQUAL(status, 42);
    CU_ASSERT_EQUAL(exit_calls, 1);
    /* An exited guest's calls are not answered any more. */
    CU_ASSERT_EQUAL(CALL0(20), kVmmReturnSystemCall);
}

/* ---- memory ---- */

GUEST_TEST(mmap_gives_zeroed_pages_the_guest_can_use)
{
    route(NULL);
    const uint32_t code[] = {
        PPC_LI(3, 0),                /* 0x1000 li r3,0 (addr) */
        PPC_LI(4, 0x2000),           /* 0x1004 li r4,8192 */
        PPC_LI(5, 3),                /* 0x1008 li r5,PROT_READ|PROT_WRITE */
        PPC_LI(6, 0x1002),           /* 0x100c li r6,MAP_ANON|MAP_PRIVATE */
        PPC_LI(7, -1),               /* 0x1010 li r7,-1 */
        PPC_LI(8, 0),                /* 0x1014 li r8,0 (pos high) */
        PPC_LI(9, 0),                /* 0x1018 li r9,0 (pos low) */
        PPC_LI(0, 197),              /* 0x101c li r0,SYS_mmap */
        PPC_SC,                      /* 0x1020 sc */
        0,                           /* 0x1024 (cerror) illegal */
        PPC_LWZ(10, 0x1FFC, 3),      /* 0x1028 lwz r10,8188(r3): zero */
        PPC_STW(3, 0x1000, 3),       /* 0x102c stw r3,4096(r3) */
        PPC_LWZ(11, 0x1000, 3),      /* 0x1030 lwz r11,4096(r3) */
        0,                           /* 0x1034 illegal */
    };
    R(10) = 0xDEAD;
    guest_code(&g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(&g), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(g.regs->ppcPC, 0x1034);
    uint32_t addr = R(3);
    CU_ASSERT_NOT_EQUAL(addr, 0);
    CU_ASSERT_EQUAL(addr & 0xFFF, 0);
    CU_ASSERT_EQUAL(R(10), 0);
    CU_ASSERT_EQUAL(R(11), addr);
    CU_ASSERT_TRUE(mapped(addr) && mapped(addr + 0x1000));
    CU_ASSERT_EQUAL(CALL(73, addr, 0x2000), kVmmReturnProgramException); /* munmap */
    STOPPED_AT(8);
    CU_ASSERT_EQUAL(R(3), 0);
    CU_ASSERT_FALSE(mapped(addr) || mapped(addr + 0x1000));
}

GUEST_TEST(mmap_fixed_and_errors)
{
    route(NULL);
    CU_ASSERT_EQUAL(CALL(197, 0x7000, 100, 3, MAP_ANON_PRIVATE | 0x10, -1, 0, 0),
                    kVmmReturnProgramException);
    STOPPED_AT(8);
    CU_ASSERT_EQUAL(R(3), 0x7000);
    CU_ASSERT_TRUE(mapped(0x7000));
    CU_ASSERT_EQUAL(CALL(197, 0, 100, 3, 0x2, 3, 0, 0), kVmmReturnProgramException);
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(R(3), VMM_EBADF); /* not anonymous: no such file */
    CU_ASSERT_EQUAL(CALL(197, 0, 0, 3, MAP_ANON_PRIVATE, -1, 0, 0), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), VMM_EINVAL); /* length 0 */
    CU_ASSERT_EQUAL(CALL(197, 0x7010, 100, 3, MAP_ANON_PRIVATE | 0x10, -1, 0, 0),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), VMM_EINVAL); /* fixed, not page-aligned */
    CU_ASSERT_EQUAL(CALL(73, 0x7010, 100), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), VMM_EINVAL);
}

/* mmap(hint, len, PROT_READ|PROT_WRITE, MAP_ANON|MAP_PRIVATE, -1, 0): the
 * address, or 0 if the call failed. */
static uint32_t mmap_anywhere(uint32_t hint, uint32_t len)
{
    CU_ASSERT_EQUAL(CALL(197, hint, len, 3, MAP_ANON_PRIVATE, -1, 0, 0),
                    kVmmReturnProgramException);
    return g.regs->ppcPC == sc_pc + 8 ? R(3) : 0;
}

/* Where anonymous memory goes, as vmm_guest_calls(3) says: a free hint
 * wherever it points, then on from 0x40000000 past the last run placed,
 * then from 0x00100000 when nothing up to 0xBF000000 is big enough. */
GUEST_TEST(mmap_placement_follows_the_manual)
{
    route(NULL);
    CU_ASSERT_EQUAL(mmap_anywhere(0x02000123, 0x1000), 0x02000000); /* below the heap */
    CU_ASSERT_EQUAL(mmap_anywhere(0xD0000000, 0x1000), 0xD0000000); /* above it */
    CU_ASSERT_EQUAL(mmap_anywhere(0, 0x1000), 0x40000000);          /* first search */
    CU_ASSERT_EQUAL(mmap_anywhere(0, 0x1000), 0x40001000);          /* past the last */
    CU_ASSERT_EQUAL(mmap_anywhere(0x40000000, 0x1000), 0x40002000); /* hint taken */
    /* One page every 16 MiB from 0x40000000 to 0xBF000000 leaves no free
     * run of 16 MiB there: the search goes on from 0x00100000. */
    vm_address_t p = page_alloc();
    for (uint32_t gva = 0x41000000; gva < 0xBF000000; gva += 0x01000000)
        CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, g.index, p, gva, VM_PROT_READ), KERN_SUCCESS);
    page_free(p); /* the mappings keep it */
    CU_ASSERT_EQUAL(mmap_anywhere(0, 0x01000000), 0x00100000);
    CU_ASSERT_EQUAL(mmap_anywhere(0, 0xBEF01000), 0); /* more than 0x00100000-0xBF000000 */
    CU_ASSERT_EQUAL(R(3), VMM_ENOMEM);
}

GUEST_TEST(vm_allocate_trap_writes_the_address)
{
    route(NULL);
    CU_ASSERT_EQUAL(CALL((uint32_t)-10, TASK_PORT, GUEST_DATA, 5000, VM_FLAGS_ANYWHERE),
                    kVmmReturnProgramException);
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(R(3), KERN_SUCCESS);
    uint32_t addr = be32_get((void *)g.data); /* the guest's vm_address_t */
    CU_ASSERT_TRUE(addr && mapped(addr) && mapped(addr + 0x1000));
    CU_ASSERT_FALSE(mapped(addr + 0x2000));
    /* Fixed at a taken address: no space; at a free one: there. */
    be32_put((void *)g.data, addr);
    CU_ASSERT_EQUAL(CALL((uint32_t)-10, TASK_PORT, GUEST_DATA, 4096, 0),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_NO_SPACE);
    be32_put((void *)g.data, 0x00800010); /* rounded down, as on Darwin */
    CU_ASSERT_EQUAL(CALL((uint32_t)-10, TASK_PORT, GUEST_DATA, 4096, 0),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_SUCCESS);
    CU_ASSERT_EQUAL(be32_get((void *)g.data), 0x00800000);
    CU_ASSERT_TRUE(mapped(0x00800000) && mapped(0x00801000));
    CU_ASSERT_FALSE(mapped(0x00802000));
    /* A size of 0 allocates nothing and sets the address to 0. */
    CU_ASSERT_EQUAL(CALL((uint32_t)-10, TASK_PORT, GUEST_DATA, 0, VM_FLAGS_ANYWHERE),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_SUCCESS);
    CU_ASSERT_EQUAL(be32_get((void *)g.data), 0);
    CU_ASSERT_EQUAL(CALL((uint32_t)-12, TASK_PORT, addr, 5000), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_SUCCESS);
    CU_ASSERT_FALSE(mapped(addr) || mapped(addr + 0x1000));
    CU_ASSERT_EQUAL(CALL((uint32_t)-12, 0x999, addr, 5000), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_INVALID_ARGUMENT); /* not our task port */
}

/* The errors mmap and vm_allocate give for the same failures of the
 * allocation they share. */
GUEST_TEST(allocation_errors_of_mmap_and_vm_allocate)
{
    route(NULL);
    /* Fixed, past 4 GiB. */
    CU_ASSERT_EQUAL(CALL(197, 0xFFFFF000u, 0x2000, 3, MAP_ANON_PRIVATE | 0x10, -1, 0, 0),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), VMM_EINVAL);
    be32_put((void *)g.data, 0xFFFFF800u);
    CU_ASSERT_EQUAL(CALL((uint32_t)-10, TASK_PORT, GUEST_DATA, 0x1000, 0),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_INVALID_ADDRESS);
    /* Anywhere, more than there is room for. */
    CU_ASSERT_EQUAL(CALL(197, 0, 0xFFFFFFFFu, 3, MAP_ANON_PRIVATE, -1, 0, 0),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), VMM_ENOMEM);
    CU_ASSERT_EQUAL(CALL((uint32_t)-10, TASK_PORT, GUEST_DATA, 0xFFFFFFFFu, VM_FLAGS_ANYWHERE),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_NO_SPACE);
    /* vm_allocate anywhere takes no hint from the word; mmap does. */
    be32_put((void *)g.data, 0x00800000);
    CU_ASSERT_EQUAL(CALL((uint32_t)-10, TASK_PORT, GUEST_DATA, 0x1000, VM_FLAGS_ANYWHERE),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_SUCCESS);
    CU_ASSERT_EQUAL(be32_get((void *)g.data), 0x40000000);
    CU_ASSERT_EQUAL(CALL(197, 0x00800000, 0x1000, 3, MAP_ANON_PRIVATE, -1, 0, 0),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), 0x00800000);
    /* A fixed mmap replaces what is there; a fixed vm_allocate does not. */
    CU_ASSERT_EQUAL(CALL(197, 0x00800000, 0x1000, 3, MAP_ANON_PRIVATE | 0x10, -1, 0, 0),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), 0x00800000);
    be32_put((void *)g.data, 0x00800000);
    CU_ASSERT_EQUAL(CALL((uint32_t)-10, TASK_PORT, GUEST_DATA, 0x1000, 0),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_NO_SPACE);
    CU_ASSERT_FALSE(mapped(0x00801000));
}

GUEST_TEST(vm_allocate_trap_bad_out_pointer)
{
    route(NULL);
    map_extra(0x3000, VM_PROT_READ);
    const uint32_t bad[] = {0x6000, 0x3000, 0xFFFFFFFE};
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        CU_ASSERT_EQUAL(CALL((uint32_t)-10, TASK_PORT, bad[i], 4096, VM_FLAGS_ANYWHERE),
                        kVmmReturnProgramException);
        CU_ASSERT_EQUAL(R(3), KERN_INVALID_ADDRESS);
    }
    CU_ASSERT_FALSE(mapped(0x40000000)); /* nothing was allocated */
}

/* ---- PowerPC-only calls and fast traps ---- */

GUEST_TEST(ppc_calls_version_features_dispatch)
{
    route(NULL);
    CU_ASSERT_EQUAL(CALL0(0x6001), kVmmReturnProgramException);
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(R(3), kVmmCurrentVersion);
    CU_ASSERT_EQUAL(CALL0(0x6002), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), vmm_get_features());
    CU_ASSERT_EQUAL(CALL(0x6004, kVmmGetVersion, 0, 0x77), kVmmReturnProgramException);
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(R(3), kVmmCurrentVersion);
    CU_ASSERT_EQUAL(R(4), 0); /* a 32-bit result clears r4 */
    CU_ASSERT_EQUAL(R(5), 0x77);
    /* A 64-bit result comes back in r3 (high) and r4 (low). */
    CU_ASSERT_EQUAL(CALL(0x6004, kVmmMaxAddr), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), 0);
    CU_ASSERT_EQUAL(R(4), 0xFFFFFFFFu);
}

GUEST_TEST(bogus_dispatch_leaves_to_host)
{
    route(NULL);
    const uint32_t bogus[] = {kvmmResumeGuest, kvmmExitToHost, kVmmSetGuestMemory, 40,
                              kVmmExecuteVM /* no control table yet */};
    for (size_t i = 0; i < ARRAY_SIZE(bogus); i++) {
        CU_ASSERT_EQUAL(CALL(0x6004, bogus[i], 1), kVmmReturnSystemCall);
        STOPPED_AT(4);
        CU_ASSERT_EQUAL(R(3), bogus[i]);
    }
    CU_ASSERT_EQUAL(CALL(0x6008, 0x80000000u), kVmmReturnSystemCall); /* stop: no table */
    CU_ASSERT_EQUAL(CALL0(0x6005), kVmmReturnSystemCall);             /* Blue Box */
}

GUEST_TEST(ppc_null_changes_nothing)
{
    route(NULL);
    CU_ASSERT_EQUAL(CALL(0x600A, 0x1111, 0x2222), kVmmReturnProgramException);
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(R(3), 0x1111);
    CU_ASSERT_EQUAL(R(4), 0x2222);
}

GUEST_TEST(fast_traps)
{
    route(NULL);
    CU_ASSERT_EQUAL(CALL(0x7FF1, 0xCAFE), kVmmReturnProgramException); /* set self */
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(R(3), 0xCAFE);
    CU_ASSERT_EQUAL(CALL(0x7FF2, 0), kVmmReturnProgramException); /* thread info */
    CU_ASSERT_EQUAL(R(3), 0xCAFE);
    CU_ASSERT_EQUAL(CALL(0x7FF3, 0x1), kVmmReturnProgramException); /* facility status */
    CU_ASSERT_EQUAL(R(3), 0);                                     /* no FP, no AltiVec */
    CU_ASSERT_EQUAL(CALL(0x7FF5, 0x55), kVmmReturnProgramException); /* null */
    CU_ASSERT_EQUAL(R(3), 0x55);
    CU_ASSERT_EQUAL(CALL(0x7FF4, 0x55), kVmmReturnProgramException); /* kernel only */
    STOPPED_AT(4);
    CU_ASSERT_EQUAL(R(3), VMM_ENOSYS);
    CU_ASSERT_EQUAL(CALL0(0x7FFA), kVmmReturnSystemCall); /* Blue Box */
}

GUEST_TEST(facility_status_sees_floating_point)
{
    route(NULL);
    const uint32_t code[] = {
        PPC_FMR(1, 2),      /* 0x1000 fmr f1,f2: FP becomes live */
        PPC_LI(0, 0x7FF3),  /* 0x1004 li r0,0x7FF3 */
        PPC_SC,             /* 0x1008 sc */
        0,                  /* 0x100c illegal */
    };
    guest_code(&g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(guest_run(&g), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), 0x40000000u); /* floatUsed */
}

/* ---- nested virtual machines ---- */

/*
 * The guest (outer) creates a context of its own with its page 0x3000 as
 * the state page, writes three instructions into its page 0x4000, maps
 * its data page 0x2000 into the inner space at 0x5000, and runs the inner
 * guest with kVmmMapExecute.  The inner guest stores 77 through its 0x5000,
 * which is the outer guest's (and the host's) data page.
 */
static const uint32_t nested_code[] = {
    PPC_LI(31, 0x3000),          /* li r31,0x3000: state page */
    PPC_LI(24, 0x4000),          /* li r24,0x4000: inner text */
    PPC_LI(0, 0x6004),           /* li r0,0x6004 */
    PPC_LI(3, kVmmInitContext),  /* li r3,2 */
    PPC_LIS(4, 1),               /* lis r4,1 */
    PPC_ORI(4, 4, 7),            /* ori r4,r4,7: version 1.7 */
    PPC_MR(5, 31),               /* mr r5,r31 */
    PPC_SC,                      /* sc: init context */
    PPC_MR(20, 3),               /* mr r20,r3: kern_return */
    PPC_LWZ(21, 4, 31),          /* lwz r21,4(r31): thread_index */
    PPC_LI(22, 0x1000),          /* li r22,0x1000 */
    PPC_STW(22, 0x40, 31),       /* stw r22,0x40(r31): inner PC */
    PPC_LIS(23, 0x3860),         /* inner 0x1000: li r3,77 */
    PPC_ORI(23, 23, 77),
    PPC_STW(23, 0, 24),
    PPC_LIS(23, 0x3880),         /* inner 0x1004: li r4,0x5000 */
    PPC_ORI(23, 23, 0x5000),
    PPC_STW(23, 4, 24),
    PPC_LIS(23, 0x9064),         /* inner 0x1008: stw r3,0x100(r4) */
    PPC_ORI(23, 23, 0x0100),
    PPC_STW(23, 8, 24),
    PPC_LI(0, 0x6004),           /* kVmmMapPage(idx, 0x2000, 0x5000, 7) */
    PPC_LI(3, kVmmMapPage),
    PPC_MR(4, 21),
    PPC_LI(5, 0x2000),
    PPC_LI(6, 0x5000),
    PPC_LI(7, 7),
    PPC_SC,
    PPC_MR(25, 3),               /* mr r25,r3 */
    PPC_LI(3, kVmmMapExecute),   /* kVmmMapExecute(idx, 0x4000, 0x1000, 7) */
    PPC_MR(4, 21),
    PPC_MR(5, 24),
    PPC_LI(6, 0x1000),
    PPC_LI(7, 7),
    PPC_SC,
    PPC_MR(26, 3),               /* mr r26,r3: the inner exit code */
    PPC_LWZ(27, 0x54, 31),       /* lwz r27,0x54(r31): inner r3 */
    PPC_LWZ(28, 0x40, 31),       /* lwz r28,0x40(r31): inner PC */
    PPC_LWZ(29, 0x10, 31),       /* lwz r29,0x10(r31): return_code */
    PPC_LI(30, 0x2000),
    PPC_LWZ(30, 0x100, 30),      /* lwz r30,0x2100: the inner store */
    PPC_LI(3, kVmmGetPageMapping), /* kVmmGetPageMapping(idx, 0x1000) */
    PPC_MR(4, 21),
    PPC_LI(5, 0x1000),
    PPC_SC,
    PPC_MR(19, 3),               /* mr r19,r3 */
    0,                           /* illegal: back to the host */
};

GUEST_TEST(nested_guest_runs_its_own_vm)
{
    route(NULL);
    map_extra(0x3000, VM_PROT_READ | VM_PROT_WRITE);
    map_extra(0x4000, VM_PROT_READ | VM_PROT_WRITE);
    guest_code(&g, nested_code, ARRAY_SIZE(nested_code));
    CU_ASSERT_EQUAL(guest_run(&g), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(g.regs->ppcPC, GUEST_TEXT + 4 * (ARRAY_SIZE(nested_code) - 1));
    CU_ASSERT_EQUAL(R(20), KERN_SUCCESS);
    CU_ASSERT_EQUAL(R(21), 1);  /* the guest's own first context */
    CU_ASSERT_EQUAL(R(25), KERN_SUCCESS);
    CU_ASSERT_EQUAL(R(26), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(27), 77);     /* read from its big-endian state page */
    CU_ASSERT_EQUAL(R(28), 0x100C);
    CU_ASSERT_EQUAL(R(29), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(30), 77);     /* the inner store, seen by the outer guest */
    CU_ASSERT_EQUAL(R(19), 0x4000); /* the outer guest's address of the page */
    CU_ASSERT_EQUAL(be32_get((uint8_t *)g.data + 0x100), 77); /* and by the host */
}

GUEST_TEST(nested_state_page_must_be_writable_guest_memory)
{
    route(NULL);
    map_extra(0x3000, VM_PROT_READ);
    CU_ASSERT_EQUAL(CALL(0x6004, kVmmInitContext, kVmmCurrentVersion, 0x9000),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_INVALID_ADDRESS);
    CU_ASSERT_EQUAL(CALL(0x6004, kVmmInitContext, kVmmCurrentVersion, 0x3000),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_PROTECTION_FAILURE);
    CU_ASSERT_EQUAL(CALL(0x6003, kVmmCurrentVersion, GUEST_DATA), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_SUCCESS); /* 0x6003 = kVmmInitContext */
    CU_ASSERT_EQUAL(be32_get((uint8_t *)g.data + 4), 1); /* thread_index, big-endian */
    /* A "host page" the guest cannot write is refused. */
    CU_ASSERT_EQUAL(CALL(0x6004, kVmmMapPage, 1, 0x3000, 0x1000, 7), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_FAILURE);
    CU_ASSERT_EQUAL(CALL(0x6004, kVmmMapPage, 1, 0x9000, 0x1000, 7), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_FAILURE);
    CU_ASSERT_EQUAL(CALL(0x6004, kVmmGetPageMapping, 1, 0x1000), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), 0xFFFFFFFFu);
    CU_ASSERT_EQUAL(CALL(0x6008, 0x80000000u), kVmmReturnProgramException); /* stop */
    CU_ASSERT_EQUAL(R(3), KERN_SUCCESS);
    CU_ASSERT_EQUAL(CALL(0x6004, kVmmExecuteVM, 1), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), kVmmStopped);
    CU_ASSERT_EQUAL(CALL(0x6004, kVmmTearDownContext, 1), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_SUCCESS);
}

GUEST_TEST(nested_64bit_flavours_use_register_pairs)
{
    route(NULL);
    map_extra(0x3000, VM_PROT_READ | VM_PROT_WRITE);
    CU_ASSERT_EQUAL(CALL(0x6003, kVmmCurrentVersion, GUEST_DATA), kVmmReturnProgramException);
    CU_ASSERT_EQUAL_FATAL(R(3), KERN_SUCCESS);
    /* kVmmMapPage64: r4 = as, r5:r6 = host page, r7:r8 = guest page, r9 = prot */
    CU_ASSERT_EQUAL(CALL(0x6004, kVmmMapPage64, 1, 0, 0x3000, 0, 0x7000, 7),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), KERN_SUCCESS);
    CU_ASSERT_EQUAL(CALL(0x6004, kVmmGetPageMapping64, 1, 0, 0x7000), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), 0);
    CU_ASSERT_EQUAL(R(4), 0x3000);
    CU_ASSERT_EQUAL(CALL(0x6004, kVmmGetPageMapping64, 1, 0, 0x9000), kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), 0xFFFFFFFFu);
    CU_ASSERT_EQUAL(R(4), 0xFFFFFFFFu);
    /* A guest address past 32 bits, in the high word of the pair. */
    CU_ASSERT_EQUAL(CALL(0x6004, kVmmMapPage64, 1, 0, 0x3000, 1, 0x7000, 7),
                    kVmmReturnProgramException);
    CU_ASSERT_EQUAL(R(3), kVmmInvalidAddress);
}

/* The guest SDK (built by the cross compiler, so it cannot read the
 * dispatch table) keeps its own list of 64-bit arguments and results in
 * sdk/dispatch_regs.h: it must say what dispatch_info() says, for every
 * selector 0..38 (none for those the table does not know). */
static void sdk_register_shapes_match_the_library(void)
{
    for (uint32_t sel = 0; sel <= kVmmPurgeLocal; sel++) {
        const vmm_selector_info_t *info = dispatch_info(sel);
        bool same = (sdk_wide_result(sel) != 0) == (info && info->result64);
        for (unsigned i = 0; i < 6; i++)
            same &= (sdk_wide_arg(sel, i) != 0) == (info && info->regs[i] == 2);
        CU_ASSERT_TRUE(same);
        if (!same)
            fprintf(stderr, "selector %u: sdk/dispatch_regs.h and dispatch.c differ\n", sel);
    }
}

/* ---- trace, names, teardown ---- */

GUEST_TEST(trace_prints_each_call)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    vmm_guestcall_table_t t = {.pid = 4242};
    route(&t);
    CU_ASSERT_EQUAL(vmm_guestcall_trace(g.index, f), KERN_SUCCESS);
    memcpy((char *)g.data, "hi\n", 3);
    CALL0(20);
    CALL(4, 99, GUEST_DATA, 3);
    CALL(0x6004, kVmmGetVersion);
    CALL((uint32_t)-31, 1, 2, 3, 4, 5, 6, 7);
    CALL(300, 9, 8, 7, 6);
    vmm_guestcall_trace(g.index, NULL);
    fclose(f);
    char expect[512];
    snprintf(expect, sizeof expect,
             "[%u] getpid() = 4242\n"
             "[%u] write(99, 0x2000 \"hi\\n\", 3) = -1 EBADF (9)\n"
             "[%u] vmm_dispatch(kVmmGetVersion) = 0x10007\n"
             "[%u] mach_msg_trap(0x1, 0x2, 3, 4, 0x5, 6, 0x7) -> host\n"
             "[%u] bsd_300(0x9, 0x8, 0x7, 0x6) = -1 ENOSYS (78)\n",
             g.index, g.index, g.index, g.index, g.index);
    CU_ASSERT_STRING_EQUAL(text, expect);
    if (strcmp(text, expect) != 0)
        fprintf(stderr, "trace was:\n%s", text);
    free(text);
}

/* vmm_dispatch's arguments in the trace: as many registers as the
 * selector's arguments take, 64-bit ones as their two halves, and a 64-bit
 * result whole.  The guest (routed, its own context 1 made by 0x6003 with
 * its data page as state page) maps its page 0x3000 into that context,
 * asks where it is, and unmaps it (each register loaded with lis/ori):
 *
 *     r3-r9 = kVmmMapPage64, 1, 0, 0x3000, 0, 0x7000, 7 ; r0 = 0x6004 ; sc
 *     r3-r6 = kVmmGetPageMapping64, 1, 0, 0x7000 ;        r0 = 0x6004 ; sc
 *     r3-r7 = kVmmUnmapPage64, 1, 0, 0x7000, 0x55 ;       r0 = 0x6004 ; sc
 */
GUEST_TEST(trace_shows_the_registers_of_64bit_selectors)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    route(NULL);
    map_extra(0x3000, VM_PROT_READ | VM_PROT_WRITE);
    CU_ASSERT_EQUAL(CALL(0x6003, kVmmCurrentVersion, GUEST_DATA), kVmmReturnProgramException);
    CU_ASSERT_EQUAL_FATAL(R(3), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_guestcall_trace(g.index, f), KERN_SUCCESS);
    CALL(0x6004, kVmmMapPage64, 1, 0, 0x3000, 0, 0x7000, 7);
    CALL(0x6004, kVmmGetPageMapping64, 1, 0, 0x7000);
    CALL(0x6004, kVmmUnmapPage64, 1, 0, 0x7000, 0x55); /* r7 is not an argument */
    vmm_guestcall_trace(g.index, NULL);
    fclose(f);
    char expect[512];
    snprintf(expect, sizeof expect,
             "[%u] vmm_dispatch(kVmmMapPage64, 0x1, 0x0, 0x3000, 0x0, 0x7000, 0x7) = 0x0\n"
             "[%u] vmm_dispatch(kVmmGetPageMapping64, 0x1, 0x0, 0x7000) = 0x0000000000003000\n"
             "[%u] vmm_dispatch(kVmmUnmapPage64, 0x1, 0x0, 0x7000) = 0x0\n",
             g.index, g.index, g.index);
    CU_ASSERT_STRING_EQUAL(text, expect);
    if (strcmp(text, expect) != 0)
        fprintf(stderr, "trace was:\n%s", text);
    free(text);
}

static void names(void)
{
    CU_ASSERT_STRING_EQUAL(vmm_guestcall_name(VMM_GC_BSD, 4), "write");
    CU_ASSERT_STRING_EQUAL(vmm_guestcall_name(VMM_GC_BSD, 197), "mmap");
    CU_ASSERT_STRING_EQUAL(vmm_guestcall_name(VMM_GC_MACH, -28), "mach_task_self");
    CU_ASSERT_STRING_EQUAL(vmm_guestcall_name(VMM_GC_PPC, 0x6004), "vmm_dispatch");
    CU_ASSERT_STRING_EQUAL(vmm_guestcall_name(VMM_GC_FAST, 0x7FF3), "facility_status");
    CU_ASSERT_PTR_NULL(vmm_guestcall_name(VMM_GC_BSD, 9999));
    CU_ASSERT_PTR_NULL(vmm_guestcall_name(VMM_GC_MACH, -500));
    CU_ASSERT_PTR_NULL(vmm_guestcall_name(VMM_GC_PPC, 0x6FFF));
}

static int tear_down_self(vmm_guest_t *guest, vmm_guestcall_t *call)
{
    vmm_dispatch(kVmmTearDownContext, vmm_guest_index(guest));
    return VMM_GC_OK;
}

GUEST_TEST(handler_tearing_down_its_context_forces_exit)
{
    vmm_guestcall_table_t t = {.bsd = tear_down_self};
    route(&t);
    CU_ASSERT_EQUAL(CALL0(20), kVmmBogusContext);
    CU_ASSERT_FALSE(vmm_guestcall_exited(g.index, NULL)); /* the context is gone */
    g.index = 0; /* nothing left for guest_fini to tear down */
}

static int tear_down_all(vmm_guest_t *guest, vmm_guestcall_t *call)
{
    (void)guest;
    (void)call;
    vmm_dispatch(kVmmTearDownAll);
    return VMM_GC_OK;
}

/* kVmmTearDownAll from inside the launch forces the running guest out with
 * kVmmBogusContext, as vmm_tear_down_all did, and leaves no context. */
GUEST_TEST(handler_tearing_down_all_forces_exit)
{
    vmm_guestcall_table_t t = {.bsd = tear_down_all};
    route(&t);
    CU_ASSERT_EQUAL(CALL0(20), kVmmBogusContext);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, g.index), VMM_DISPATCH_BOGUS); /* no VMM thread */
    g.index = 0;
}

/* ---- handlers that pull the ground from under the running guest ---- */

static guest_t other; /* a second context for the tests below */

static int tear_down_other(vmm_guest_t *guest, vmm_guestcall_t *call)
{
    (void)guest;
    (void)call;
    vmm_dispatch(kVmmTearDownContext, other.index);
    return VMM_GC_OK;
}

/*
 * The guest runs in the other context's address space (index byte 1 names
 * it) and a handler tears that context down: the space is emptied at once
 * and freed when the launch ends, so the guest's next fetch, at sc + 8,
 * faults out to the host:
 *
 *     0x1000  li r0,20     getpid, answered by the handler
 *     0x1004  sc
 *     0x1008  .long 0      (sc + 4: illegal, not reached)
 *     0x100c  nop          (sc + 8: its page is gone: ISI)
 */
GUEST_TEST(handler_tearing_down_the_space_in_use_faults_the_guest_out)
{
    static const uint32_t code[] = {PPC_LI(0, 20), PPC_SC, 0, PPC_NOP};
    CU_ASSERT_EQUAL_FATAL(guest_init(&other), 0);
    guest_code(&g, code, ARRAY_SIZE(code));
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, other.index, g.text, GUEST_TEXT, VM_PROT_ALL),
                    KERN_SUCCESS);
    vmm_guestcall_table_t t = {.bsd = tear_down_other};
    route(&t);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, g.index | other.index << 8),
                    kVmmReturnInstrPageFault);
    CU_ASSERT_EQUAL(g.regs->ppcPC, GUEST_TEXT + 12);
    CU_ASSERT_EQUAL(guest_params(&g)[0], GUEST_TEXT + 12);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmExecuteVM, g.index | other.index << 8),
                    kVmmReturnInstrPageFault); /* the space no longer exists */
    other.index = 0;
    guest_fini(&other);
}

static int tear_down_self_then_run_other(vmm_guest_t *guest, vmm_guestcall_t *call)
{
    (void)call;
    vmm_dispatch(kVmmTearDownContext, vmm_guest_index(guest));
    vmm_dispatch(kVmmExecuteVM, other.index);
    return VMM_GC_OK;
}

/* A handler tears its own context down, then runs another context to its
 * exit: the torn-down guest still leaves with kVmmBogusContext. */
GUEST_TEST(teardown_survives_a_handler_launching_another_context)
{
    static const uint32_t other_code[] = {PPC_SC}; /* 0x1000: sc */
    CU_ASSERT_EQUAL_FATAL(guest_init(&other), 0);
    guest_code(&other, other_code, ARRAY_SIZE(other_code));
    CU_ASSERT_EQUAL(guest_run(&other), kVmmReturnSystemCall);
    guest_code(&other, other_code, ARRAY_SIZE(other_code));
    vmm_guestcall_table_t t = {.bsd = tear_down_self_then_run_other};
    route(&t);
    CU_ASSERT_EQUAL(CALL0(20), kVmmBogusContext);
    CU_ASSERT_EQUAL(other.regs->ppcPC, GUEST_TEXT + 4); /* the other one did run */
    g.index = 0;
    guest_fini(&other);
}

static int tear_down_self_unanswered(vmm_guest_t *guest, vmm_guestcall_t *call)
{
    (void)call;
    vmm_dispatch(kVmmTearDownContext, vmm_guest_index(guest));
    return VMM_GC_UNANSWERED;
}

/* Even when the handler then leaves the call unanswered. */
GUEST_TEST(teardown_in_an_unanswering_handler_forces_exit)
{
    vmm_guestcall_table_t t = {.bsd = tear_down_self_unanswered};
    route(&t);
    CU_ASSERT_EQUAL(CALL0(20), kVmmBogusContext);
    g.index = 0;
}

static uint32_t relaunch_result;

static int relaunch_self(vmm_guest_t *guest, vmm_guestcall_t *call)
{
    (void)call;
    relaunch_result = (uint32_t)vmm_dispatch(kVmmExecuteVM, vmm_guest_index(guest));
    return VMM_GC_OK;
}

/* A handler cannot launch the context whose call it is answering. */
GUEST_TEST(handler_cannot_relaunch_its_own_context)
{
    vmm_guestcall_table_t t = {.bsd = relaunch_self};
    route(&t);
    relaunch_result = 0;
    CU_ASSERT_EQUAL(CALL0(20), kVmmReturnProgramException); /* answered: sc + 8 */
    CU_ASSERT_EQUAL(relaunch_result, kVmmBogusContext);
    STOPPED_AT(8);
}

/* Context A's handler runs context B, whose handler goes for A: A is
 * still in its launch (waiting on its call), so its route cannot be
 * removed and its teardown is deferred until A leaves. */
static kern_return_t b_result;
static bool b_tears_down;

static int b_goes_for_a(vmm_guest_t *guest, vmm_guestcall_t *call)
{
    (void)guest;
    (void)call;
    b_result = b_tears_down ? (kern_return_t)vmm_dispatch(kVmmTearDownContext, g.index)
                            : vmm_guestcall_remove(g.index);
    return VMM_GC_OK;
}

static int a_runs_b(vmm_guest_t *guest, vmm_guestcall_t *call)
{
    (void)guest;
    (void)call;
    vmm_dispatch(kVmmExecuteVM, other.index);
    return VMM_GC_OK;
}

static void b_goes_for_a_during_a_call(bool tear_down)
{
    static const uint32_t b_code[] = {PPC_LI(0, 20), PPC_SC, 0, 0}; /* getpid */
    CU_ASSERT_EQUAL_FATAL(guest_init(&other), 0);
    guest_code(&other, b_code, ARRAY_SIZE(b_code));
    CU_ASSERT_EQUAL(guest_run(&other), kVmmReturnSystemCall); /* maps its text */
    guest_code(&other, b_code, ARRAY_SIZE(b_code));
    vmm_guestcall_table_t ta = {.bsd = a_runs_b}, tb = {.bsd = b_goes_for_a};
    route(&ta);
    CU_ASSERT_EQUAL(vmm_guestcall_install(other.index, &tb), KERN_SUCCESS);
    b_tears_down = tear_down;
    b_result = -1;
    uint32_t a_exit = CALL0(20);
    if (tear_down) {
        CU_ASSERT_EQUAL(b_result, KERN_SUCCESS);
        CU_ASSERT_EQUAL(a_exit, kVmmBogusContext);
        g.index = 0;
    } else {
        CU_ASSERT_EQUAL(b_result, KERN_FAILURE);
        CU_ASSERT_EQUAL(a_exit, kVmmReturnProgramException); /* answered: sc + 8 */
    }
    guest_fini(&other);
}

GUEST_TEST(route_of_a_context_mid_call_cannot_be_removed_from_another)
{
    b_goes_for_a_during_a_call(false);
}

GUEST_TEST(teardown_of_a_context_mid_call_waits_for_its_launch)
{
    b_goes_for_a_during_a_call(true);
}

static kern_return_t remove_result;

static int remove_own_route(vmm_guest_t *guest, vmm_guestcall_t *call)
{
    (void)call;
    remove_result = vmm_guestcall_remove(vmm_guest_index(guest));
    return VMM_GC_OK;
}

/* A handler cannot remove the route its own call is using; outside the
 * launch the same call succeeds, and the next sc leaves to the host. */
GUEST_TEST(route_cannot_be_removed_during_its_call)
{
    vmm_guestcall_table_t t = {.bsd = remove_own_route};
    route(&t);
    remove_result = KERN_SUCCESS;
    CU_ASSERT_EQUAL(CALL0(20), kVmmReturnProgramException); /* answered: sc + 8 */
    CU_ASSERT_EQUAL(remove_result, KERN_FAILURE);
    CU_ASSERT_EQUAL(vmm_guestcall_remove(g.index), KERN_SUCCESS);
    CU_ASSERT_EQUAL(CALL0(20), kVmmReturnSystemCall);
}

static const test_case_t routing_cases[] = {
    TEST(without_a_route_every_sc_leaves),
    TEST(bsd_success_resumes_after_cerror_branch),
    TEST(bsd_error_resumes_at_cerror_branch),
    TEST(bsd_restart_reruns_the_stub),
    TEST(indirect_syscall_takes_number_from_r3),
    TEST(bsd_number_is_r0_low_16_bits),
    TEST(unknown_bsd_call_gets_enosys),
    TEST(mach_trap_returns_in_r3_at_sc_plus_4),
    TEST(unknown_mach_trap_leaves_to_host),
    TEST(passed_class_leaves_to_host),
    TEST(host_class_handler_and_default_chain),
    TEST(install_needs_a_context),
    TEST(handler_tearing_down_its_context_forces_exit),
    TEST(handler_tearing_down_all_forces_exit),
    TEST(route_cannot_be_removed_during_its_call),
    TEST(handler_tearing_down_the_space_in_use_faults_the_guest_out),
    TEST(teardown_survives_a_handler_launching_another_context),
    TEST(teardown_in_an_unanswering_handler_forces_exit),
    TEST(handler_cannot_relaunch_its_own_context),
    TEST(route_of_a_context_mid_call_cannot_be_removed_from_another),
    TEST(teardown_of_a_context_mid_call_waits_for_its_launch),
    TEST_END,
};

static const test_case_t builtin_cases[] = {
    TEST(write_goes_through_host_callback),
    TEST(write_buffer_may_span_pages),
    TEST(write_bad_pointer_is_efault),
    TEST(write_stops_where_a_callback_unmapped_the_buffer),
    TEST(write_reads_each_chunk_through_the_current_mapping),
    TEST(read_into_a_buffer_unmapped_by_the_callback_is_efault),
    TEST(read_copies_into_guest),
    TEST(read_into_read_only_page_is_efault),
    TEST(exit_ends_the_guest),
    TEST(mmap_gives_zeroed_pages_the_guest_can_use),
    TEST(mmap_fixed_and_errors),
    TEST(mmap_placement_follows_the_manual),
    TEST(vm_allocate_trap_writes_the_address),
    TEST(vm_allocate_trap_bad_out_pointer),
    TEST(allocation_errors_of_mmap_and_vm_allocate),
    TEST_END,
};

static const test_case_t ppc_cases[] = {
    TEST(ppc_calls_version_features_dispatch),
    TEST(bogus_dispatch_leaves_to_host),
    TEST(ppc_null_changes_nothing),
    TEST(fast_traps),
    TEST(facility_status_sees_floating_point),
    TEST(nested_guest_runs_its_own_vm),
    TEST(nested_state_page_must_be_writable_guest_memory),
    TEST(nested_64bit_flavours_use_register_pairs),
    TEST(sdk_register_shapes_match_the_library),
    TEST_END,
};

static const test_case_t trace_cases[] = {
    TEST(trace_prints_each_call),
    TEST(trace_shows_the_registers_of_64bit_selectors),
    TEST(names),
    TEST_END,
};

int main(void)
{
    static const test_suite_t suites[] = {
        {"routing", NULL, NULL, routing_cases},
        {"builtin", NULL, NULL, builtin_cases},
        {"ppc", NULL, NULL, ppc_cases},
        {"trace", NULL, NULL, trace_cases},
        SUITES_END,
    };
    return harness_run("test_guestcall", suites);
}
