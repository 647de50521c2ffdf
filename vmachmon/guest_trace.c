/*
 * vmachmon/guest_trace.c - one line per routed call, like Darling's xtrace.
 *
 *     [1] write(1, 0x16024 "Vmm> Mac OS X virtual m"..., 944) = 944
 *     [1] read(0, 0x00005000, 16) = -1 EFAULT (14)
 *     [1] vm_allocate(0x103, 0x7fffee18, 4096, 0x1) = 0
 *     [1] vmm_dispatch(kVmmMapExecute, 0x1, 0x40001000, 0x1000, 0x7) = 0x7
 *     [1] mach_msg_trap(0x..., ...) -> host
 *     [1] exit(0) -> guest exited
 *
 * The argument letters of a table entry say how to print each register:
 * d signed, u unsigned, x and p hex, o octal, L a 64-bit value in two
 * registers (high first), b a buffer whose length is the next argument
 * (its first bytes are shown), S vmm_dispatch's selector and its arguments.
 * The result letter: d, u, x as above, k a kern_return_t, n nothing.
 * A call the tables do not know prints as bsd_N / mach_N / ppc_0xN with
 * four hex arguments.
 */
#include "config.h"

#include <stdio.h>

#include "vmachmon/dispatch.h"
#include "vmachmon/guest_route.h"

#define PREVIEW 24u /* bytes of a write buffer shown */

/* How many registers from r4 a selector's arguments take (at most six),
 * from the dispatch table; four for a selector the table does not know. */
static unsigned selector_regs(uint32_t selector)
{
    const vmm_selector_info_t *info = dispatch_info(selector);
    if (!info)
        return 4;
    unsigned end = gtask_regs_end(info, info->nargs);
    return (end > 10 ? 10 : end) - 4;
}

static const char *const errno_names[] = {
    NULL, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC",
    "EBADF", "ECHILD", "EDEADLK", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY",
    "EEXIST", "EXDEV", "ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE",
    "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS", "EMLINK", "EPIPE",
    "EDOM", "ERANGE", "EAGAIN",
};

static const char *errno_name(int e)
{
    if (e > 0 && (size_t)e < sizeof errno_names / sizeof errno_names[0])
        return errno_names[e];
    return e == VMM_ENOSYS ? "ENOSYS" : "E?";
}

static void value(FILE *f, char how, uint32_t v)
{
    switch (how) {
    case 'd':
        fprintf(f, "%d", (int32_t)v);
        break;
    case 'u':
        fprintf(f, "%u", v);
        break;
    case 'o':
        fprintf(f, v ? "0%o" : "0", v);
        break;
    default:
        fprintf(f, "0x%x", v);
        break;
    }
}

/* The first bytes of a guest buffer, quoted, if the guest can read them. */
static void preview(FILE *f, vmm_guest_t *g, uint32_t gva, uint32_t len)
{
    unsigned char b[PREVIEW];
    uint32_t n = len < PREVIEW ? len : PREVIEW;
    if (vmm_guest_copyin(g, b, gva, n) != 0)
        return;
    fputs(" \"", f);
    for (uint32_t i = 0; i < n; i++) {
        if (b[i] == '\n')
            fputs("\\n", f);
        else if (b[i] == '"' || b[i] == '\\')
            fprintf(f, "\\%c", b[i]);
        else if (b[i] < 0x20 || b[i] > 0x7E)
            fprintf(f, "\\x%02x", b[i]);
        else
            fputc(b[i], f);
    }
    fputs(n < len ? "\"..." : "\"", f);
}

static void arguments(FILE *f, vmm_guest_t *g, const char *how, const uint32_t *arg)
{
    unsigned r = 0;
    for (const char *h = how; *h; h++) {
        if (h != how)
            fputs(", ", f);
        if (*h == 'b') { /* a buffer; its length is the next argument */
            fprintf(f, "0x%x", arg[r]);
            preview(f, g, arg[r], arg[r + 1]);
            r++;
        } else if (*h == 'L') {
            fprintf(f, "0x%llx", (unsigned long long)arg[r] << 32 | arg[r + 1]);
            r += 2;
        } else if (*h == 'S') {
            const char *name = vmm_selector_name(arg[0]);
            unsigned n = selector_regs(arg[0]);
            name ? fputs(name, f) : fprintf(f, "%u", arg[0]);
            for (unsigned i = 1; i <= n; i++)
                fprintf(f, ", 0x%x", arg[i]);
        } else {
            value(f, *h, arg[r++]);
        }
    }
}

static void result(FILE *f, const vmm_guestcall_t *call, const gc_entry_t *e, int rv)
{
    if (rv == VMM_GC_RESTART) {
        fputs(" = restart\n", f);
    } else if (rv > 0 && call->cls != VMM_GC_MACH) {
        fprintf(f, " = -1 %s (%d)\n", errno_name(rv), rv);
    } else {
        uint32_t r3 = rv > 0 ? (uint32_t)rv : call->ret[0];
        char how = e ? e->result : 'x';
        const vmm_selector_info_t *sel =
            e && e->args[0] == 'S' ? dispatch_info(call->arg[0]) : NULL;
        if (sel && sel->result64)
            fprintf(f, " = 0x%08x%08x\n", r3, call->ret[1]);
        else if (how == 'n')
            fputs(" = 0\n", f);
        else if (how == 'k' && r3)
            fprintf(f, " = %u %s\n", r3, mach_error_string((mach_error_t)r3));
        else {
            fputs(" = ", f);
            value(f, how == 'k' ? 'u' : how, r3);
            fputc('\n', f);
        }
    }
}

void gtrace_line(vmm_guest_t *g, const vmm_guestcall_t *call, int rv)
{
    static const char *const prefix[] = {"bsd", "mach", "ppc", "fast"};
    FILE *f = g->trace;
    const gc_entry_t *e = gc_lookup(call->cls, call->number);
    fprintf(f, "[%u] ", g->ctx->number);
    if (e)
        fprintf(f, "%s(", e->name);
    else if (call->cls >= VMM_GC_PPC)
        fprintf(f, "%s_0x%x(", prefix[call->cls], (uint32_t)call->number);
    else
        fprintf(f, "%s_%d(", prefix[call->cls], call->number);
    arguments(f, g, e ? e->args : "xxxx", call->arg);
    fputc(')', f);
    if (rv == VMM_GC_UNANSWERED)
        fputs(" -> host\n", f);
    else if (g->exited)
        fputs(" -> guest exited\n", f);
    else
        result(f, call, e, rv);
    fflush(f);
}
