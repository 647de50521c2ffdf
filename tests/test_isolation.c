/*
 * tests/test_isolation.c - what no guest and no host input may break.
 *
 * Isolation: thousands of random guest programs (fuzz/guestgen.h: random
 * words and instruction templates aimed at page edges, canaries, the state
 * page, page tables and CPU pages) run in a fenced arena: PROT_NONE guard
 * pages and canary pages around every page the guest is given.  After
 * every exit the oracle checks that no canary changed, that no register
 * holds the secret the forbidden pages are filled with, that the page it
 * was given read-only is unchanged, and (every few programs) that its page
 * tables translate only to pages it may have.  Then again with its system
 * calls answered by the library (guest calls: memory, I/O, and virtual
 * machines of its own).  Positive controls show that each check does fire when a
 * guest is given what it should not have.  ISOLATION_PROGRAMS sets the
 * number of programs (default 6000), ISOLATION_SEED the seed.
 *
 * Host contracts: memory the facility owns is refused as a state page.
 *
 * Limits: 32 contexts, the 33rd refused with KERN_RESOURCE_SHORTAGE; tear
 * down gives every engine (its code buffer) and page table back; a guest in an endless loop
 * is always stopped (vmm_stop_vm), timed out (timer) or cut (budget);
 * threads that disassemble leave nothing behind.
 */
#include <CUnit/CUnit.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <vmachmon/control.h>
#include <vmachmon/disasm.h>
#include <vmachmon/loader.h>

#include "fuzz/guestgen.h"
#include "ppc/physmem.h"
#include "tests/guest.h"
#include "tests/harness.h"

static uint64_t seed;

/* mallinfo2() counts glibc's heap; under AddressSanitizer (which brings
 * its own allocator, and LeakSanitizer to check for leaks at exit) it
 * reads +0 whatever happens, so the heap checks are skipped there. */
#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
#define HEAP_COUNTED 0
#else
#define HEAP_COUNTED 1
#endif

/* The heap check `ok` (growth in bytes), where mallinfo2() can see it. */
static void check_heap(const char *what, long growth, int ok)
{
    if (!HEAP_COUNTED) {
        printf("\n  %s: heap not checked (AddressSanitizer's allocator; LeakSanitizer checks)\n",
               what);
        return;
    }
    printf("\n  %s: heap %+ld bytes\n", what, growth);
    CU_ASSERT_TRUE(ok);
}


static long env_long(const char *name, long fallback)
{
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 0) : fallback;
}

/* ---- isolation ----------------------------------------------------------- */

static gg_arena_t arena, other;
static gg_source_t rnd = {gg_splitmix, &seed};

static int setup_arenas(void)
{
    seed = (uint64_t)env_long("ISOLATION_SEED", (long)time(NULL));
    printf("\n  ISOLATION_SEED=%llu\n", (unsigned long long)seed);
    uint32_t secret = gg_secret(gg_splitmix(&seed));
    if (gg_arena_init(&arena, secret) != 0 || gg_arena_init(&other, secret) != 0)
        return -1;
    gg_fill(&arena, &rnd);
    gg_fill(&other, &rnd);
    return 0;
}

static int teardown_arenas(void)
{
    gg_arena_fini(&arena);
    gg_arena_fini(&other);
    return 0;
}

static void check_or_report(const gg_arena_t *a, bool deep, unsigned program, uint32_t code)
{
    const char *broken = gg_check(a, deep);
    if (broken)
        printf("\n  program %u (exit %u, pc 0x%08x): %s\n", program, code,
               a->state->vmm_proc_state.ppcRegs.ppcRegs32.ppcPC, broken);
    CU_ASSERT_PTR_NULL(broken);
}

/* A positive control: give the guest a canary page at 0x5000, read and
 * write it; the oracle must see both.  Then put everything back. */
static void oracle_sees_a_guest_given_a_canary(void)
{
    const uint32_t code[] = {
        PPC_LIS(4, 0),     /* 0x1000 lis r4,0 */
        PPC_ORI(4, 4, 0x5000), /* 0x1004 ori r4,r4,0x5000 */
        PPC_LWZ(3, 0, 4),  /* 0x1008 lwz r3,0(r4) */
        PPC_SC,            /* 0x100c sc */
        PPC_STW(4, 8, 4),  /* 0x1010 stw r4,8(r4) */
        PPC_SC,            /* 0x1014 sc */
    };
    vmm_regs32_t *r = &arena.state->vmm_proc_state.ppcRegs.ppcRegs32;
    CU_ASSERT_PTR_NULL(gg_check(&arena, true));
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, arena.index, arena.canary[0], 0x5000,
                                 VM_PROT_ALL), KERN_SUCCESS);
    for (size_t i = 0; i < ARRAY_SIZE(code); i++)
        be32_put(arena.guest[GG_TEXT] + 4 * i, code[i]);
    sys_icache_invalidate(arena.guest[GG_TEXT], 4096);
    r->ppcPC = GG_TEXT_VA;
    r->ppcMSR = 0;
    arena.state->vmmCntrl = 0;
    CU_ASSERT_EQUAL(gg_run(&arena, 1000), kVmmReturnSystemCall);
    CU_ASSERT_TRUE(gg_is_secret(&arena, r->ppcGPRs[3]));
    CU_ASSERT_STRING_EQUAL(gg_check(&arena, false), "a register holds the secret");
    r->ppcGPRs[3] = 0;
    CU_ASSERT_EQUAL(gg_run(&arena, 1000), kVmmReturnSystemCall);
    CU_ASSERT_STRING_EQUAL(gg_check(&arena, false), "a canary page changed");
    CU_ASSERT_PTR_NULL(gg_check(&other, true));
    memcpy(arena.canary[0] + 8, arena.canary[0], 4); /* the secret again */
    CU_ASSERT_STRING_EQUAL(gg_check(&arena, true),
                           "a PTE translates to a page the guest was not given");
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage, arena.index, 0x5000), KERN_SUCCESS);
    CU_ASSERT_PTR_NULL(gg_check(&arena, true));
}

/* Another: the state page mapped into the guest is the guest's to read and
 * write (its communication area holds the secret); unmapped, it is not. */
static void state_page_is_reachable_only_when_mapped(void)
{
    const uint32_t code[] = {
        PPC_LI(4, 0x5C00), /* 0x1000 li r4,0x5c00 */
        PPC_LWZ(3, 0, 4),  /* 0x1004 lwz r3,0(r4) */
        PPC_SC,            /* 0x1008 sc */
    };
    vmm_regs32_t *r = &arena.state->vmm_proc_state.ppcRegs.ppcRegs32;
    for (size_t i = 0; i < ARRAY_SIZE(code); i++)
        be32_put(arena.guest[GG_TEXT] + 4 * i, code[i]);
    sys_icache_invalidate(arena.guest[GG_TEXT], 4096);
    r->ppcPC = GG_TEXT_VA;
    CU_ASSERT_EQUAL(gg_run(&arena, 1000), kVmmReturnDataPageFault);
    CU_ASSERT_EQUAL(arena.state->vmmRet.vmmrp32.return_params[0], 0x5C00);
    CU_ASSERT_PTR_NULL(gg_check(&arena, false));
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, arena.index, arena.state, 0x5000, VM_PROT_READ),
                    KERN_SUCCESS);
    r->ppcPC = GG_TEXT_VA;
    CU_ASSERT_EQUAL(gg_run(&arena, 1000), kVmmReturnSystemCall);
    CU_ASSERT_TRUE(gg_is_secret(&arena, r->ppcGPRs[3]));
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmUnmapPage, arena.index, 0x5000), KERN_SUCCESS);
    r->ppcGPRs[3] = 0;
    memset(arena.state->vmmRet.vmmrp32.return_params, 0, 16); /* sc params: r3..r6 */
    CU_ASSERT_PTR_NULL(gg_check(&arena, true));
}

/* The guard pages are live tripwires: a guest given one dies (in a child
 * process) of SIGSEGV, or under a sanitizer, of its SEGV report.  The
 * child's stderr comes through a pipe, and is shown only if it lived or
 * died of something else. */
static void guard_page_stops_the_process(void)
{
    int out[2];
    CU_ASSERT_EQUAL_FATAL(pipe(out), 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        const uint32_t code[] = {
            PPC_LI(4, 0x5000), /* 0x1000 li r4,0x5000 */
            PPC_LWZ(3, 0, 4),  /* 0x1004 lwz r3,0(r4): the guard page */
            PPC_SC,            /* 0x1008 sc */
        };
        dup2(out[1], STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        for (size_t i = 0; i < ARRAY_SIZE(code); i++)
            be32_put(arena.guest[GG_TEXT] + 4 * i, code[i]);
        sys_icache_invalidate(arena.guest[GG_TEXT], 4096);
        arena.state->vmm_proc_state.ppcRegs.ppcRegs32.ppcPC = GG_TEXT_VA;
        vmm_dispatch(kVmmMapPage, arena.index, arena.guard[0], 0x5000, VM_PROT_ALL);
        gg_run(&arena, 1000);
        _exit(42); /* the guest read a guard page and lived */
    }
    close(out[1]);
    char report[8192], buf[512];
    size_t n = 0;
    ssize_t k;
    while ((k = read(out[0], buf, sizeof buf)) > 0) { /* to the end; its head is kept */
        size_t take = (size_t)k < sizeof report - 1 - n ? (size_t)k : sizeof report - 1 - n;
        memcpy(report + n, buf, take);
        n += take;
    }
    report[n] = '\0';
    close(out[0]);
    int status = 0;
    CU_ASSERT_EQUAL_FATAL(waitpid(pid, &status, 0), pid);
    int segv = (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) ||
               (WIFEXITED(status) && WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 42 &&
                strstr(report, "Sanitizer: SEGV on unknown address"));
    if (!segv)
        printf("\n  child: status %#x, stderr:\n%s\n", (unsigned)status, report);
    CU_ASSERT_TRUE(segv);
}

static unsigned long exits[32];

static void print_exits(void)
{
    unsigned long total = 0;
    printf("\n  exits:");
    for (unsigned i = 0; i < 32; i++)
        if (exits[i]) {
            printf(" %s %lu,", vmm_return_code_name(i), exits[i]);
            total += exits[i];
        }
    printf(" %lu launches\n", total);
    memset(exits, 0, sizeof exits);
}

/* Runs `programs` random programs in arena a, up to 6 launches each. */
static void run_programs(gg_arena_t *a, long programs)
{
    for (long p = 0; p < programs; p++) {
        gg_program(a, &rnd, 1 + gg_splitmix(&seed) % 96);
        for (unsigned launch = 0; launch < 6; launch++) {
            uint32_t code = gg_run(a, 2000);
            exits[code % 32]++;
            CU_ASSERT_TRUE(code == kVmmReturnNull || code == kVmmReturnDataPageFault ||
                           code == kVmmReturnInstrPageFault ||
                           code == kVmmReturnAlignmentFault ||
                           code == kVmmReturnProgramException ||
                           code == kVmmReturnSystemCall || code == kVmmReturnTraceException);
            check_or_report(a, (p % 128 == 0 && launch == 0), (unsigned)p, code);
            if (code == kVmmReturnNull)
                break;
        }
        if (p % 256 == 255)
            gg_fill(a, &rnd);
    }
    check_or_report(a, true, (unsigned)programs, 0);
}

static void random_programs_stay_in_their_pages(void)
{
    long n = env_long("ISOLATION_PROGRAMS", 6000);
    run_programs(&arena, n * 3 / 4);
    CU_ASSERT_PTR_NULL(gg_check(&other, true));
    print_exits();
}

/* The same with the guest's system calls answered by the library: memory
 * calls, I/O, Mach traps, and virtual machines of its own (vmm_dispatch
 * from the guest) built over its own pages. */
static void routed_programs_stay_in_their_pages(void)
{
    long n = env_long("ISOLATION_PROGRAMS", 6000) / 4;
    gg_route(&arena, true);
    CU_ASSERT_TRUE_FATAL(arena.routed);
    run_programs(&arena, n);
    gg_route(&arena, false);
    CU_ASSERT_PTR_NULL(gg_check(&other, true));
    print_exits();
}

static void two_guests_never_see_each_other(void)
{
    long n = env_long("ISOLATION_PROGRAMS", 6000) / 8;
    for (long i = 0; i < n; i++) {
        run_programs(i % 2 ? &arena : &other, 1);
        CU_ASSERT_PTR_NULL(gg_check(i % 2 ? &other : &arena, false));
    }
    print_exits();
}

/* ---- host contracts ------------------------------------------------------ */

/* The facility's own pages in the physical reservation (page tables, CPU
 * pages, pages nobody holds) are not memory of the host: as a state page
 * they would be zeroed and then written with guest registers. */
static void facility_memory_is_refused_as_state_page(void)
{
    uint8_t *base = physmem_init();
    uint8_t *cpu = base + PHYS_CPU_BASE, *htab = base + PHYS_HTAB_BASE;
    uint8_t cpu_before[64], htab_before[64];
    vm_address_t freed = 0;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &freed, 4096, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    vm_deallocate(mach_task_self(), freed, 4096);
    memcpy(cpu_before, cpu + 0x100, sizeof cpu_before);
    memcpy(htab_before, htab, sizeof htab_before);
    uint8_t *refused[] = {cpu, htab, base, (uint8_t *)freed};
    for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
        kern_return_t kr = vmm_init_context(kVmmCurrentVersion, (void *)refused[i]);
        CU_ASSERT_EQUAL(kr, KERN_INVALID_ADDRESS);
        if (kr == KERN_SUCCESS)
            vmm_dispatch(kVmmTearDownContext, ((vmm_state_page_t *)refused[i])->thread_index);
    }
    CU_ASSERT_EQUAL(memcmp(cpu_before, cpu + 0x100, sizeof cpu_before), 0);
    CU_ASSERT_EQUAL(memcmp(htab_before, htab, sizeof htab_before), 0);
    /* The arenas' guests still work. */
    CU_ASSERT_PTR_NULL(gg_check(&arena, true));
    CU_ASSERT_PTR_NULL(gg_check(&other, true));
}

/* A size that wraps past the end of the address space names no memory
 * vm_allocate handed out: refused, and nothing is given back. */
static void wrapping_deallocation_is_refused(void)
{
    vm_address_t a = 0;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &a, 4096, VM_FLAGS_ANYWHERE),
                          KERN_SUCCESS);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), a + 0x200, SIZE_MAX), KERN_INVALID_ADDRESS);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), a + 0x200, SIZE_MAX - 0x100),
                    KERN_INVALID_ADDRESS);
    /* Still the host's: it can be mapped. */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapPage, arena.index, a, 0x7000, VM_PROT_READ), KERN_SUCCESS);
    vmm_dispatch(kVmmUnmapPage, arena.index, 0x7000);
    CU_ASSERT_EQUAL(vm_deallocate(mach_task_self(), a, 4096), KERN_SUCCESS);
}

/* ---- limits -------------------------------------------------------------- */

static vm_address_t pages[kVmmMaxContexts + 1];

static int setup_pages(void)
{
    for (int i = 0; i <= kVmmMaxContexts; i++)
        if (vm_allocate(mach_task_self(), &pages[i], 4096, VM_FLAGS_ANYWHERE))
            return -1;
    return 0;
}

static int teardown_pages(void)
{
    vmm_dispatch(kVmmTearDownAll);
    for (int i = 0; i <= kVmmMaxContexts; i++)
        vm_deallocate(mach_task_self(), pages[i], 4096);
    return 0;
}

static void thirty_two_contexts_then_resource_shortage(void)
{
    for (int i = 0; i < kVmmMaxContexts; i++) {
        CU_ASSERT_EQUAL_FATAL(vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, pages[i]),
                              KERN_SUCCESS);
        CU_ASSERT_EQUAL(((vmm_state_page_t *)pages[i])->thread_index, (uint32_t)i + 1);
    }
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, pages[32]),
                    KERN_RESOURCE_SHORTAGE);
    CU_ASSERT_EQUAL(vmm_init_context(kVmmCurrentVersion, (void *)pages[32]),
                    KERN_RESOURCE_SHORTAGE);
    /* A freed slot is taken again, by number. */
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmTearDownContext, 17), KERN_SUCCESS);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, pages[32]), KERN_SUCCESS);
    CU_ASSERT_EQUAL(((vmm_state_page_t *)pages[32])->thread_index, 17);
    vmm_dispatch(kVmmTearDownAll);
    CU_ASSERT_EQUAL(vmm_dispatch(kVmmGetXA, 1), 0);
}

/* Live engines, counted in the address space: each one's translated code
 * lives in an anonymous read-write-execute mapping of about 32 MiB that
 * exists from its creation to its uc_close(). */
static int code_buffers(void)
{
    char line[512];
    int n = 0;
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        char perms[8] = "", path[256] = "";
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &lo, &hi, perms, path) >= 3 &&
            strcmp(perms, "rwxp") == 0 && path[0] == '\0' && hi - lo >= (16ul << 20))
            n++;
    }
    fclose(f);
    return n;
}

/* Six times 32 contexts, each launched once: every engine is gone after
 * each teardown (counted by its code buffer), the page-table region (128
 * tables) would run out in the fifth round if tables leaked, and the heap
 * comes back to where it was. */
static void teardown_frees_every_engine(void)
{
    const uint32_t code[] = {PPC_SC};
    vm_address_t text = 0;
    CU_ASSERT_EQUAL_FATAL(vm_allocate(mach_task_self(), &text, 4096, VM_FLAGS_ANYWHERE), 0);
    be32_put((void *)text, code[0]);
    int engines = code_buffers();
    size_t heap_before = 0;
    for (int round = 0; round < 6; round++) {
        if (round == 1) /* after the first round: everything is warm */
            heap_before = mallinfo2().uordblks;
        for (int i = 0; i < kVmmMaxContexts; i++) {
            CU_ASSERT_EQUAL_FATAL(vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, pages[i]),
                                  KERN_SUCCESS);
            ((vmm_state_page_t *)pages[i])->vmm_proc_state.ppcRegs.ppcRegs32.ppcPC = 0x1000;
            CU_ASSERT_EQUAL(vmm_dispatch(kVmmMapExecute, i + 1, text, 0x1000, VM_PROT_ALL),
                            kVmmReturnSystemCall);
        }
        CU_ASSERT_EQUAL(code_buffers(), engines + kVmmMaxContexts);
        vmm_dispatch(kVmmTearDownAll);
        CU_ASSERT_EQUAL(code_buffers(), engines);
    }
    long heap_growth = (long)(mallinfo2().uordblks - heap_before);
    /* Unicorn 2.1.1 loses 32 B per engine. */
    check_heap("after 5 x 32 contexts", heap_growth, heap_growth < 64 * 1024);
    vm_deallocate(mach_task_self(), text, 4096);
}

/* The CPU time this thread takes to load a file of `npages` pages of bss
 * (other processes on a loaded machine do not count). */
static double load_seconds(uint32_t index, uint32_t npages)
{
    uint8_t f[84];
    vmm_elf_info_t info;
    struct timespec t0, t1;
    size_t size = elf_image(f, 0x10000, NULL, 0, npages * 4096, 6 /* R W */);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
    CU_ASSERT_EQUAL(vmm_load_elf32(index, f, size, &info, NULL), KERN_SUCCESS);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
    vmm_dispatch(kVmmUnmapAllPages, index);
    return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* A 100-byte file may ask for a gigabyte of zeroed guest memory: the time
 * to load it must grow with its pages, not with their square (a load of
 * the largest allowed program must not stall the host for minutes).  16
 * times the pages: linear is 16 times the time, quadratic 256 times; the
 * bound, 64 times, leaves a factor of 4 either way.  The best of five
 * loads of each size, taken in turn, so that both see the same machine. */
static void elf_load_time_is_linear_in_pages(void)
{
    CU_ASSERT_EQUAL_FATAL(vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, pages[0]),
                          KERN_SUCCESS);
    double small = 1e9, large = 1e9;
    for (int i = 0; i < 5; i++) {
        double s = load_seconds(1, 8192), l = load_seconds(1, 131072);
        small = s < small ? s : small;
        large = l < large ? l : large;
    }
    printf("\n  CPU time: 8192 pages %.4f s, 131072 pages %.4f s (x%.1f)\n", small, large,
           large / small);
    CU_ASSERT_TRUE(large < 64 * small);
    vmm_dispatch(kVmmTearDownAll);
}

/* ---- guests that never stop ---------------------------------------------- */

/* A guest nothing stops fails the program (the harness's watchdog), not
 * the CI. */
static guest_t *const g = &suite_guest;

static const uint32_t branch_to_self[] = {
    PPC_B(0), /* 0x1000 b 0x1000 */
};

/* Stopped from another thread once it runs (it says so in its data page);
 * the timer is only the fallback. */
static void endless_loop_is_stopped(void)
{
    static const uint32_t code[] = {
        PPC_LI(3, 1),         /* 0x1000 li r3,1 */
        PPC_LI(4, 0x2000),    /* 0x1004 li r4,0x2000 */
        PPC_STW(3, 0, 4),     /* 0x1008 stw r3,0(r4): "running" */
        PPC_B(0),             /* 0x100c b 0x100c */
    };
    stopper_t s;
    be32_put((void *)g->data, 0);
    guest_code(g, code, ARRAY_SIZE(code));
    set_timer(g->index, ms_from_now(10000));
    CU_ASSERT_EQUAL_FATAL(stopper_start(&s, g->index, (const uint32_t *)g->data, 10000), 0);
    CU_ASSERT_EQUAL(guest_run(g), kVmmStopped);
    stopper_join(&s);
    CU_ASSERT_TRUE(s.marker_seen);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x100C);
    set_timer(g->index, 0);
    g->state->vmmCntrl |= vmmXStart;
}

/* Timed out; a stop is only the fallback. */
static void endless_loop_times_out(void)
{
    stopper_t s;
    guest_code(g, branch_to_self, ARRAY_SIZE(branch_to_self));
    set_timer(g->index, ms_from_now(20));
    CU_ASSERT_EQUAL_FATAL(stopper_start(&s, g->index, NULL, 10000), 0);
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnNull);
    CU_ASSERT_TRUE(g->state->vmmStat & vmmTimerPop);
    stopper_cancel(&s);
    set_timer(g->index, 0);
    g->state->vmmCntrl |= vmmXStart;
}

static void endless_loop_runs_out_of_budget(void)
{
    guest_code(g, branch_to_self, ARRAY_SIZE(branch_to_self));
    CU_ASSERT_EQUAL(vmm_set_instruction_budget(g->index, 100000), KERN_SUCCESS);
    CU_ASSERT_EQUAL(guest_run(g), kVmmReturnNull);
    CU_ASSERT_FALSE(g->state->vmmStat & vmmTimerPop);
    CU_ASSERT_EQUAL(g->regs->ppcPC, 0x1000);
    vmm_set_instruction_budget(g->index, 0);
}

/* A fast-assist handler that resumes the faulting instruction forever:
 * the guest never leaves on its own, the facility handles every fault. */
static void endless_fast_assist_loop_is_stopped(void)
{
    const uint32_t code[] = {
        0x00000000,           /* 0x1000 .long 0 (illegal) */
        PPC_LI(5, 1),         /* 0x1004 li r5,1: the handler ... */
        PPC_LI(6, 0x2000),    /* 0x1008 li r6,0x2000 */
        PPC_STW(5, 0, 6),     /* 0x100c stw r5,0(r6): ... says it runs */
        PPC_LI(3, 21),        /* 0x1010 li r3,21 (kvmmResumeGuest) */
        PPC_LI(4, 0x1000),    /* 0x1014 li r4,0x1000 */
        PPC_LI(0, 0x6004),    /* 0x1018 li r0,0x6004 */
        PPC_SC,               /* 0x101c sc */
    };
    stopper_t s;
    be32_put((void *)g->data, 0);
    vmm_fastassist_state32_t *fa = &g->state->vmm_fastassist_state.vmmfs32;
    guest_code(g, code, ARRAY_SIZE(code));
    fa->fastassist_dispatch = 0x1004;
    fa->fastassist_intercepts = 0x80000000u >> kVmmReturnProgramException;
    g->state->vmmCntrl = vmmFamEna;
    set_timer(g->index, ms_from_now(10000));
    CU_ASSERT_EQUAL_FATAL(stopper_start(&s, g->index, (const uint32_t *)g->data, 10000), 0);
    CU_ASSERT_EQUAL(guest_run(g), kVmmStopped);
    stopper_join(&s);
    CU_ASSERT_TRUE(s.marker_seen);
    set_timer(g->index, 0);
    g->state->vmmCntrl = vmmXStart;
}

/* ---- threads ------------------------------------------------------------- */

static void *disassemble_once(void *arg)
{
    char buf[64];
    vmm_disassemble(0x7C0802A6, 0, buf, sizeof buf);
    return arg;
}

/* Each thread that disassembles gets a decoder of its own; it must go
 * when the thread does. */
static void disassembling_threads_leave_nothing(void)
{
    pthread_t t;
    pthread_create(&t, NULL, disassemble_once, NULL);
    pthread_join(t, NULL);
    size_t before = mallinfo2().uordblks;
    for (int i = 0; i < 64; i++) {
        pthread_create(&t, NULL, disassemble_once, NULL);
        pthread_join(t, NULL);
    }
    long growth = (long)(mallinfo2().uordblks - before);
    check_heap("64 threads", growth, growth < 4096);
}

static const test_case_t isolation_tests[] = {
    TEST(oracle_sees_a_guest_given_a_canary),
    TEST(state_page_is_reachable_only_when_mapped),
    TEST(guard_page_stops_the_process),
    TEST(random_programs_stay_in_their_pages),
    TEST(routed_programs_stay_in_their_pages),
    TEST(two_guests_never_see_each_other),
    TEST(facility_memory_is_refused_as_state_page),
    TEST(wrapping_deallocation_is_refused),
    TEST_END,
};

static const test_case_t limit_tests[] = {
    TEST(thirty_two_contexts_then_resource_shortage),
    TEST(teardown_frees_every_engine),
    TEST(elf_load_time_is_linear_in_pages),
    TEST_END,
};

static const test_case_t endless_tests[] = {
    TEST(endless_loop_is_stopped),
    TEST(endless_loop_times_out),
    TEST(endless_loop_runs_out_of_budget),
    TEST(endless_fast_assist_loop_is_stopped),
    TEST_END,
};

static const test_case_t thread_tests[] = {
    TEST(disassembling_threads_leave_nothing),
    TEST_END,
};

int main(void)
{
    static const test_suite_t suites[] = {
        {"isolation", setup_arenas, teardown_arenas, isolation_tests},
        {"limits", setup_pages, teardown_pages, limit_tests},
        {"endless guests", suite_guest_setup, suite_guest_teardown, endless_tests},
        {"threads", NULL, NULL, thread_tests},
        SUITES_END,
    };
    return harness_run("test_isolation", suites);
}
