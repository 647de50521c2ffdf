/*
 * fuzz/fuzz_guest.c - random guest programs under an instruction budget,
 * with the isolation oracle of fuzz/guestgen.h after every exit.
 *
 * Input: a seed for the contents of the guest's pages, whether the guest's
 * system calls are routed (answered by the library: memory, I/O, Mach
 * traps, virtual machines of its own) and traced (to /dev/null: the trace
 * formats guest data), the program length, then the
 * program and its registers (instruction templates, system call snippets
 * and raw words, fuzz/guestgen.c), then per relaunch one host action
 * between runs (protect, unmap and remap, dirty flags, FP/vector state,
 * control bits, stop).  At most MAX_RUNS launches of at most BUDGET
 * instructions each; the budget also bounds the guest's own machines.
 *
 * Besides crashes, sanitizer reports and leaks, an input fails when:
 *   - a launch returns anything but a guest exit the facility documents
 *     (0 budget, 3 DSI, 4 ISI, 6 alignment, 7 program, 12 sc, 13 trace):
 *     5 (KERN_FAILURE) would mean the engine failed under a guest;
 *   - the oracle finds a canary or the state page's communication area
 *     changed, the secret in a register, or a PTE to a page the guest was
 *     not given.
 * The secret is random per process (FUZZ_SECRET=n fixes it), so a report
 * that a replay does not reproduce came from a guest that computed the
 * number, not from one that read it.
 */
#include <string.h>
#include <sys/random.h>

#include <vmachmon/control.h>
#include <vmachmon/guestcall.h>
#include <vmachmon/vmachmon.h>

#include "fuzz/fuzz.h"
#include "fuzz/guestgen.h"

#define MAX_RUNS 8
#define BUDGET 2000

static uint32_t secret;
static FILE *devnull; /* where traces of routed calls go */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    uint32_t seed = 0x5EC2E7u;
    const char *env = getenv("FUZZ_SECRET");
    if (env)
        seed = (uint32_t)strtoul(env, NULL, 0);
    else if (getrandom(&seed, sizeof seed, 0) != sizeof seed)
        seed ^= (uint32_t)(uintptr_t)&seed;
    secret = gg_secret(seed);
    devnull = fopen("/dev/null", "w");
    FUZZ_CHECK(devnull != NULL);
    return 0;
}

static uint32_t from_input(void *ctx) { return fz_u32(ctx); }


static bool documented_exit(uint32_t code)
{
    switch (code) {
    case kVmmReturnNull:
    case kVmmReturnDataPageFault:
    case kVmmReturnInstrPageFault:
    case kVmmReturnAlignmentFault:
    case kVmmReturnProgramException:
    case kVmmReturnSystemCall:
    case kVmmReturnTraceException:
        return true;
    default:
        return false;
    }
}

/* What the host does between two runs. */
static void host_action(gg_arena_t *a, fz_t *f)
{
    uint8_t what = fz_u8(f);
    /* Protect and remap only the text and data pages: the oracle holds
     * the host to keeping the read-only page read-only. */
    unsigned page = (what >> 4) % 2;
    uint32_t va = a->guest_va[page];
    switch (what % 8) {
    case 0: vmm_dispatch(kVmmProtectPage, a->index, va, fz_u8(f) % 16); break;
    case 1:
        vmm_dispatch(kVmmUnmapPage, a->index, va);
        vmm_dispatch(kVmmMapPage, a->index, a->guest[page], va, VM_PROT_ALL);
        break;
    case 2: vmm_dispatch(kVmmGetPageDirtyFlag, a->index, va, what & 0x80); break;
    case 3: vmm_dispatch(kVmmGetFloatState, a->index); break;
    case 4: vmm_dispatch(kVmmGetVectorState, a->index); break;
    case 5: a->state->vmmCntrl ^= (uint32_t)fz_u8(f) << 24; break;
    case 6: a->state->vmm_proc_state.ppcRegs.ppcRegs32.ppcMSR ^= fz_u16(f) & 0xF05; break;
    default:
        vmm_stop_vm(0x80000000u >> (a->index - 1));
        a->state->vmmCntrl |= vmmXStart;
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_t f = {data, size};
    uint64_t seed = fz_u32(&f);
    gg_source_t input = {from_input, &f}, prng = {gg_splitmix, &seed};
    gg_arena_t a;
    FUZZ_CHECK(gg_arena_init(&a, secret) == 0);
    gg_fill(&a, &prng);
    uint8_t mode = fz_u8(&f);
    if (mode & 1)
        gg_route(&a, true);
    if (mode & 2) /* the trace formats guest data: run it too */
        vmm_guestcall_trace(a.index, devnull);
    gg_program(&a, &input, 1 + fz_u8(&f) % 64);
    for (unsigned run = 0; run < MAX_RUNS; run++) {
        uint32_t code = gg_run(&a, BUDGET);
        if (!documented_exit(code)) {
            fprintf(stderr, "launch returned %u (%s)\n", code,
                    vmm_return_code_name(code) ? vmm_return_code_name(code) : "?");
            abort();
        }
        const char *broken = gg_check(&a, run == MAX_RUNS - 1 || fz_empty(&f));
        if (broken) {
            fprintf(stderr, "isolation: %s (exit %u, pc 0x%08x)\n", broken, code,
                    a.state->vmm_proc_state.ppcRegs.ppcRegs32.ppcPC);
            abort();
        }
        if (fz_empty(&f))
            break;
        host_action(&a, &f);
    }
    gg_arena_fini(&a);
    return 0;
}
