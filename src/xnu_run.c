/*
 * src/xnu_run.c - running a PowerPC program as a routed guest (see
 * xnu_run.h).
 *
 * Steps: read the file (read_file, util.h); create a context with its
 * state page in host memory (guest_create, guest.h); map the program's
 * segments with vmm_load_elf32; build the stack in fresh pages and map
 * them below 0xC0000000; install the default guest-call table (or the
 * caller's); launch once.  Routed calls never leave the
 * launch, so when it returns the guest has either called exit or stopped
 * on something nobody answers.
 *
 * The stack, as Mac OS X's kernel left it for a new process (the words are
 * big-endian guest memory):
 *
 *     0xC0000000  end of the stack
 *                 argument and environment strings
 *     r1 ->       argc, argv[0] .. argv[argc-1], NULL, envp[0] .., NULL
 *                 (free stack below, 16-byte aligned)
 *
 * r3, r4 and r5 also hold argc, argv and envp at entry.
 */
#include "xnu_run.h"

#include <stdlib.h>
#include <string.h>

#include <vmachmon/control.h>
#include <vmachmon/loader.h>

#include "explain.h"
#include "guest.h"
#include "util.h"

#define STACK_TOP 0xC0000000u
#define STACK_DEFAULT (256u * 1024u)
#define STACK_MAX (64u * 1024u * 1024u)

/* One line on stderr, "NAME: what: detail", or "NAME: PATH: what: detail"
 * for a problem of the program file at path (NULL: none); returns rc
 * (XNU_RUN_FAILED or XNU_RUN_BAD_INPUT). */
static int give_up(const xnu_run_options_t *o, int rc, const char *path, const char *what,
                   const char *detail)
{
    flush_stdout(); /* the guest's output first */
    fprintf(stderr, "%s: %s%s%s%s%s\n", o->name ? o->name : "xnu_run", path ? path : "",
            path ? ": " : "", what, detail ? ": " : "", detail ? detail : "");
    return rc;
}

static int count(char *const *v)
{
    int n = 0;
    while (v && v[n])
        n++;
    return n;
}

/*
 * Builds the stack in host pages and maps them into address space `as`
 * below STACK_TOP.  Sets *sp and *argv_at.  Returns 0, or with *why
 * XNU_RUN_BAD_INPUT (the arguments do not fit) or XNU_RUN_FAILED.
 */
static int build_stack(uint32_t as, uint32_t size, int argc, char *const argv[],
                       char *const envp[], uint32_t *sp, uint32_t *argv_at, const char **why)
{
    int envc = count(envp);
    size_t strings = 0;
    for (int i = 0; i < argc; i++)
        strings += strlen(argv[i]) + 1;
    for (int i = 0; i < envc; i++)
        strings += strlen(envp[i]) + 1;
    size_t words = 1 + (size_t)argc + 1 + (size_t)envc + 1;
    if (strings + 4 * words + 16 > size / 2)
        return *why = "arguments too long for the stack", XNU_RUN_BAD_INPUT;

    vm_address_t host = 0;
    if (vm_allocate(mach_task_self(), &host, size, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
        return *why = "out of memory for the stack", XNU_RUN_FAILED;
    unsigned char *mem = (unsigned char *)host;
    uint32_t base = STACK_TOP - size;
    uint32_t str = (uint32_t)(STACK_TOP - strings) & ~15u;
    uint32_t top = (str - 4 * (uint32_t)words) & ~15u;

    /* Pointers first (argc, argv, NULL, envp, NULL), then the strings. */
    unsigned char *w = mem + (top - base);
    uint32_t at = str;
    be32_put(w, (uint32_t)argc);
    w += 4;
    for (int list = 0; list < 2; list++) {
        char *const *v = list ? envp : argv;
        int n = list ? envc : argc;
        for (int i = 0; i < n; i++) {
            size_t len = strlen(v[i]) + 1;
            memcpy(mem + (at - base), v[i], len);
            be32_put(w, at);
            w += 4;
            at += (uint32_t)len;
        }
        be32_put(w, 0);
        w += 4;
    }

    kern_return_t kr = KERN_SUCCESS;
    for (uint32_t off = 0; off < size && kr == KERN_SUCCESS; off += PAGE_SIZE)
        kr = (kern_return_t)vmm_dispatch(kVmmMapPage, as, host + off, base + off,
                                         VM_PROT_READ | VM_PROT_WRITE);
    /* The mappings hold the pages now. */
    vm_deallocate(mach_task_self(), host, size);
    if (kr != KERN_SUCCESS)
        return *why = "cannot map the stack", XNU_RUN_FAILED;
    *sp = top;
    *argv_at = top + 4;
    return 0;
}

/* Why the guest stopped, when it did not exit. */
static int stopped(const xnu_run_options_t *o, const guest_t *g, uint32_t code)
{
    const vmm_regs32_t *r = g->regs;
    const uint32_t *p = g->state->vmmRet.vmmrp32.return_params;
    char detail[160];
    if (code == kVmmReturnSystemCall)
        snprintf(detail, sizeof detail, "r0 = 0x%x (%d) at pc 0x%08x", r->ppcGPRs[0],
                 (int)r->ppcGPRs[0], r->ppcPC - 4);
    else if (code == kVmmReturnDataPageFault || code == kVmmReturnAlignmentFault)
        snprintf(detail, sizeof detail, "%s (%u) at pc 0x%08x, address 0x%08x (dsisr 0x%08x)",
                 exit_name(code), code, r->ppcPC, p[0], p[1]);
    else
        snprintf(detail, sizeof detail, "%s (%u) at pc 0x%08x", exit_name(code), code, r->ppcPC);
    return give_up(o, XNU_RUN_FAILED, NULL,
                   code == kVmmReturnSystemCall ? "unanswered system call" : "guest stopped",
                   detail);
}

/* Loads and runs in g's context; returns the status, XNU_RUN_BAD_INPUT or
 * XNU_RUN_FAILED. */
static int load_and_run(guest_t *g, const char *path, const void *image, size_t size, int argc,
                        char *const argv[], const xnu_run_options_t *opts)
{
    vmm_elf_info_t info;
    const char *why = NULL;
    kern_return_t kr = vmm_load_elf32(g->index, image, size, &info, &why);
    if (kr != KERN_SUCCESS)
        return give_up(opts, kr == KERN_INVALID_ARGUMENT ? XNU_RUN_BAD_INPUT : XNU_RUN_FAILED, path,
                       "cannot load the program", why);
    uint32_t stack = opts->stack_size ? opts->stack_size : STACK_DEFAULT;
    stack = (stack + PAGE_MASK) & ~PAGE_MASK;
    if (stack > STACK_MAX || info.highest == 0 || info.highest > STACK_TOP - stack)
        return give_up(opts, XNU_RUN_BAD_INPUT, path, "no room for the stack", NULL);
    uint32_t sp, argv_at;
    int rc = build_stack(g->index, stack, argc, argv, opts->envp, &sp, &argv_at, &why);
    if (rc != 0)
        return give_up(opts, rc, NULL, why, NULL);

    vmm_regs32_t *r = g->regs;
    r->ppcPC = info.entry;
    r->ppcGPRs[1] = sp;
    r->ppcGPRs[3] = (uint32_t)argc;
    r->ppcGPRs[4] = argv_at;
    r->ppcGPRs[5] = argv_at + 4 * ((uint32_t)argc + 1);
    if (vmm_guestcall_install(g->index, opts->calls) != KERN_SUCCESS)
        return give_up(opts, XNU_RUN_FAILED, NULL, "cannot route the guest's calls", NULL);
    if (opts->trace)
        vmm_guestcall_trace(g->index, opts->trace);

    if (opts->budget && vmm_set_instruction_budget(g->index, opts->budget) != KERN_SUCCESS)
        return give_up(opts, XNU_RUN_FAILED, NULL, "cannot set the instruction budget", NULL);

    uint32_t code = (uint32_t)vmm_dispatch(kVmmExecuteVM, g->index);
    int status;
    if (vmm_guestcall_exited(g->index, &status))
        return status & 0xFF;
    if (opts->budget && code == kVmmReturnNull && vmm_instruction_budget_left(g->index) == 0) {
        char detail[64];
        snprintf(detail, sizeof detail, "%llu instructions, pc 0x%08x",
                 (unsigned long long)opts->budget, r->ppcPC);
        return give_up(opts, XNU_RUN_FAILED, NULL, "the guest used up its instruction budget",
                       detail);
    }
    return stopped(opts, g, code);
}

int xnu_run(const char *path, int argc, char *const argv[], const xnu_run_options_t *opts)
{
    static const xnu_run_options_t defaults = {0};
    size_t size;
    uint8_t *image;
    guest_t g;
    if (!opts)
        opts = &defaults;
    if (argc < 1 || !argv)
        return give_up(opts, XNU_RUN_BAD_INPUT, NULL, "no program arguments", NULL);
    if (read_file(path, &image, &size) != 0)
        return give_up(opts, XNU_RUN_BAD_INPUT, NULL, last_error(), NULL);
    int rc = guest_create(&g) != 0 ? give_up(opts, XNU_RUN_FAILED, NULL, last_error(), NULL)
                                   : load_and_run(&g, path, image, size, argc, argv, opts);
    guest_destroy(&g);
    free(image);
    return rc;
}
