/*
 * vmachmon/guest_bsd.c - the built-in BSD system calls of a routed guest.
 *
 * Numbers are Mac OS X 10.4's (bsd/kern/syscalls.master); arguments are
 * the PowerPC registers from r3, a 64-bit off_t in two consecutive
 * registers, high word first, as Darwin's 32-bit mungers read them (mmap:
 * pos in r8:r9).  A number without a handler gets ENOSYS, as XNU's nosys
 * (without the SIGSYS).
 *
 *   1 exit(status)            the guest leaves; vmm_guestcall_exited()
 *   3 read(fd, buf, n)        table->read, default: host fd 0
 *   4 write(fd, buf, n)       table->write, default: host fds 1 and 2
 *  20 getpid()                table->pid, default: the host's pid
 *  73 munmap(addr, len)
 * 197 mmap(addr, len, prot, flags, fd, pos)   anonymous memory only
 *
 * Buffers are checked whole before anything happens (EFAULT), then copied
 * through a bounce buffer a page at a time.  The host's callbacks run
 * between the check and the copies and may change the guest's mappings:
 * a write's copies translate each page again (gmem_copy) and it stops with
 * the bytes sent so far (EFAULT if none); a read checks its buffer again
 * (vmm_guest_copyout) and gets EFAULT if it went away.
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "vmachmon/guest_route.h"

/* Darwin <sys/mman.h> */
#define DARWIN_MAP_FIXED 0x0010u
#define DARWIN_MAP_ANON 0x1000u

/* Linux errno values to Darwin's: 1-34 are the same except EAGAIN. */
static int darwin_errno(int e)
{
    if (e == EAGAIN)
        return VMM_EAGAIN;
    if (e >= 1 && e <= 34)
        return e;
    return e == ENOSYS ? VMM_ENOSYS : VMM_EIO;
}

static long host_write(void *refcon, int fd, const void *buf, size_t len)
{
    (void)refcon;
    if (fd != 1 && fd != 2)
        return -VMM_EBADF;
    size_t done = 0;
    do {
        ssize_t n = write(fd, (const char *)buf + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return done ? (long)done : -darwin_errno(errno);
        done += (size_t)n;
    } while (done < len);
    return (long)done;
}

static long host_read(void *refcon, int fd, void *buf, size_t len)
{
    (void)refcon;
    if (fd != 0)
        return -VMM_EBADF;
    ssize_t n;
    do
        n = read(0, buf, len);
    while (n < 0 && errno == EINTR);
    return n < 0 ? -darwin_errno(errno) : (long)n;
}

/* ---- the calls ---- */

static int sys_exit(vmm_guest_t *g, vmm_guestcall_t *call)
{
    vmm_guest_exit(g, (int)call->arg[0]);
    if (g->table.exit)
        g->table.exit(g->table.refcon, (int)call->arg[0]);
    return VMM_GC_OK;
}

typedef long (*writer_fn)(void *refcon, int fd, const void *buf, size_t len);

/* Sends the n bytes of guest memory at buf (checked readable; n <=
 * INT32_MAX) to out, a page at a time through a bounce buffer.  Returns
 * the count sent, or a negative errno if nothing was: out's own, or EFAULT
 * when out changed the guest's mappings so that the next chunk can no
 * longer be read. */
static long send_chunks(vmm_guest_t *g, writer_fn out, int fd, uint32_t buf, uint32_t n)
{
    uint8_t chunk[GMEM_PAGE];
    uint32_t done = 0;
    do {
        uint32_t len = n - done < GMEM_PAGE ? n - done : GMEM_PAGE;
        long rc = gmem_copy(g, buf + done, chunk, len, false)
                      ? out(g->table.refcon, fd, chunk, len)
                      : -VMM_EFAULT;
        if (rc < 0)
            return done ? (long)done : rc;
        if ((uint32_t)rc > len)
            rc = len; /* a callback that claims more than it was given */
        done += (uint32_t)rc;
        if ((uint32_t)rc < len)
            break;
    } while (done < n);
    return (long)done;
}

static int sys_write(vmm_guest_t *g, vmm_guestcall_t *call)
{
    int fd = (int)call->arg[0];
    uint32_t buf = call->arg[1], n = call->arg[2];
    writer_fn out = g->table.write ? g->table.write : host_write;
    if (n > INT32_MAX)
        return VMM_EINVAL;
    if (!gmem_check(g, buf, n, false))
        return VMM_EFAULT;
    long sent = send_chunks(g, out, fd, buf, n);
    if (sent < 0)
        return (int)-sent;
    call->ret[0] = (uint32_t)sent;
    return VMM_GC_OK;
}

static int sys_read(vmm_guest_t *g, vmm_guestcall_t *call)
{
    int fd = (int)call->arg[0];
    uint32_t buf = call->arg[1], n = call->arg[2];
    long (*in)(void *, int, void *, size_t) = g->table.read ? g->table.read : host_read;
    if (n > INT32_MAX)
        return VMM_EINVAL;
    if (!gmem_check(g, buf, n, true))
        return VMM_EFAULT;
    uint8_t chunk[GMEM_PAGE];
    long rc = in(g->table.refcon, fd, chunk, n < GMEM_PAGE ? n : GMEM_PAGE);
    if (rc < 0)
        return (int)-rc;
    if ((uint32_t)rc > n)
        rc = n;
    /* Checked again: the callback may have changed the guest's mappings. */
    if (vmm_guest_copyout(g, buf, chunk, (size_t)rc) != 0)
        return VMM_EFAULT;
    call->ret[0] = (uint32_t)rc;
    return VMM_GC_OK;
}

static int sys_getpid(vmm_guest_t *g, vmm_guestcall_t *call)
{
    call->ret[0] = g->table.pid ? g->table.pid : (uint32_t)getpid();
    return VMM_GC_OK;
}

static int sys_munmap(vmm_guest_t *g, vmm_guestcall_t *call)
{
    uint32_t addr = call->arg[0], len = call->arg[1];
    if ((addr & (GMEM_PAGE - 1)) || len == 0 || len - 1 > UINT32_MAX - addr)
        return VMM_EINVAL;
    gmem_unmap(g, addr, gmem_pages(addr, len));
    return VMM_GC_OK;
}

/* mmap(addr, len, prot, flags, fd, pos): anonymous memory, zero-filled,
 * with prot's protection (PROT_* are the VM_PROT_* values). */
static int sys_mmap(vmm_guest_t *g, vmm_guestcall_t *call)
{
    static const int err[] = {
        [GMEM_OK] = 0,
        [GMEM_RANGE] = VMM_EINVAL,
        [GMEM_NO_SPACE] = VMM_ENOMEM,
        [GMEM_SHORTAGE] = VMM_ENOMEM,
    };
    uint32_t addr = call->arg[0], len = call->arg[1], prot = call->arg[2];
    bool fixed = call->arg[3] & DARWIN_MAP_FIXED;
    if (!(call->arg[3] & DARWIN_MAP_ANON))
        return VMM_EBADF; /* no files here: the descriptor names nothing */
    if (len == 0 || (prot & ~7u) || (fixed && (addr & (GMEM_PAGE - 1))))
        return VMM_EINVAL;
    gmem_status_t st =
        gmem_alloc(g, &addr, len, fixed ? GMEM_FIXED : GMEM_ANYWHERE, prot_to_pp(prot));
    if (st != GMEM_OK)
        return err[st];
    call->ret[0] = addr;
    return VMM_GC_OK;
}

/* ---- the table ---- */

static const gc_entry_t bsd_entries[] = {
    [1] = {"exit", "d", 'n', sys_exit},
    [2] = {"fork", "", 'd', NULL},
    [3] = {"read", "dpu", 'd', sys_read},
    [4] = {"write", "dbu", 'd', sys_write},
    [5] = {"open", "pxo", 'd', NULL},
    [6] = {"close", "d", 'd', NULL},
    [20] = {"getpid", "", 'd', sys_getpid},
    [24] = {"getuid", "", 'd', NULL},
    [25] = {"geteuid", "", 'd', NULL},
    [37] = {"kill", "dd", 'd', NULL},
    [54] = {"ioctl", "dxp", 'd', NULL},
    [73] = {"munmap", "pu", 'd', sys_munmap},
    [74] = {"mprotect", "pux", 'd', NULL},
    [116] = {"gettimeofday", "pp", 'd', NULL},
    [197] = {"mmap", "puxxdL", 'x', sys_mmap},
    [202] = {"__sysctl", "pupppu", 'd', NULL},
    [327] = {"issetugid", "", 'd', NULL},
};

const gc_table_t gbsd_table = {bsd_entries, sizeof bsd_entries / sizeof bsd_entries[0]};
