/*
 * fuzz/guestgen.c - see guestgen.h.
 */
#include "fuzz/guestgen.h"

#include <string.h>
#include <sys/mman.h>

#include <vmachmon/control.h>

#include "ppc/htab.h"
#include "ppc/insn.h"
#include "ppc/physmem.h"
#include "vmachmon/facility.h"

#define PAGE 4096u
#define COMM 0xC00u

/* Page numbers in the run. */
enum {
    P_GUARD0, P_CANARY0, P_TEXT, P_CANARY1, P_DATA, P_CANARY2, P_RODATA, P_CANARY3,
    P_GUARD1, P_STATE, P_GUARD2, P_CANARY4, P_GUARD3, P_COUNT
};

static const unsigned canary_pages[] = {P_CANARY0, P_CANARY1, P_CANARY2, P_CANARY3, P_CANARY4};
static const unsigned guard_pages[] = {P_GUARD0, P_GUARD1, P_GUARD2, P_GUARD3};

static uint64_t hash(uint32_t v)
{
    uint64_t x = v * 0x9E3779B97F4A7C15ull;
    x ^= x >> 29;
    x *= 0xBF58476D1CE4E5B9ull;
    return x ^ (x >> 32);
}

bool gg_is_secret(const gg_arena_t *a, uint32_t v) { return hash(v) == a->secret_hash; }

static uint32_t rnd(gg_source_t *s) { return s->next(s->ctx); }

uint32_t gg_splitmix(void *ctx)
{
    uint64_t *s = ctx;
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (uint32_t)(z ^ (z >> 31));
}

/* The secret reads the same in either byte order, so a big-endian and a
 * little-endian guest load see the same number. */
static void fill_words(uint8_t *p, size_t bytes, uint32_t v)
{
    for (size_t i = 0; i < bytes; i += 4)
        memcpy(p + i, &v, 4);
}

uint32_t gg_secret(uint32_t seed)
{
    uint32_t hi = seed | 0x01010000u; /* no zero byte */
    return (hi & 0xFFFF0000u) | (hi >> 24) | ((hi >> 8) & 0xFF00u);
}

/* ---- the arena ----------------------------------------------------------- */

static void fence(gg_arena_t *a, int prot)
{
    for (unsigned i = 0; i < sizeof guard_pages / sizeof guard_pages[0]; i++)
        mprotect(a->guard[i], PAGE, prot);
}

static int map_guest_pages(gg_arena_t *a)
{
    static const int prot[GG_NGUEST] = {VM_PROT_ALL, VM_PROT_DEFAULT, VM_PROT_READ};
    for (unsigned i = 0; i < GG_NGUEST; i++)
        if (vmm_dispatch(kVmmMapPage, a->index, a->guest[i], a->guest_va[i], prot[i]) !=
            KERN_SUCCESS)
            return -1;
    return 0;
}

int gg_arena_init(gg_arena_t *a, uint32_t secret)
{
    if (secret != __builtin_bswap32(secret))
        return -1;
    static const unsigned guest_pages[GG_NGUEST] = {P_TEXT, P_DATA, P_RODATA};
    static const uint32_t guest_va[GG_NGUEST] = {GG_TEXT_VA, GG_DATA_VA, GG_RODATA_VA};
    memset(a, 0, sizeof *a);
    a->secret = secret;
    a->secret_hash = hash(secret);
    if (vm_allocate(mach_task_self(), &a->base, P_COUNT * PAGE, VM_FLAGS_ANYWHERE))
        return -1;
    a->npages = P_COUNT;
    uint8_t *b = (uint8_t *)a->base;
    for (unsigned i = 0; i < GG_NGUEST; i++) {
        a->guest[i] = b + guest_pages[i] * PAGE;
        a->guest_va[i] = guest_va[i];
    }
    for (unsigned i = 0; i < 5; i++)
        a->canary[i] = b + canary_pages[i] * PAGE;
    for (unsigned i = 0; i < 4; i++)
        a->guard[i] = b + guard_pages[i] * PAGE;
    a->state = (vmm_state_page_t *)(void *)(b + P_STATE * PAGE);
    for (unsigned i = 0; i < 5; i++)
        fill_words(a->canary[i], PAGE, secret);
    fence(a, PROT_NONE);
    if (vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, a->state) != KERN_SUCCESS) {
        gg_arena_fini(a);
        return -1;
    }
    a->index = a->state->thread_index;
    if (map_guest_pages(a) != 0) {
        gg_arena_fini(a);
        return -1;
    }
    return 0;
}

void gg_arena_fini(gg_arena_t *a)
{
    if (a->index)
        vmm_dispatch(kVmmTearDownContext, a->index);
    if (a->base) {
        fence(a, PROT_READ | PROT_WRITE);
        vm_deallocate(mach_task_self(), a->base, a->npages * PAGE);
    }
    memset(a, 0, sizeof *a);
}

void gg_fill(gg_arena_t *a, gg_source_t *src)
{
    for (unsigned i = 0; i < GG_NGUEST; i++)
        for (size_t off = 0; off < PAGE; off += 4) {
            uint32_t v = rnd(src);
            if (gg_is_secret(a, v))
                v ^= 1;
            memcpy(a->guest[i] + off, &v, 4);
        }
    fill_words((uint8_t *)a->state + COMM, PAGE - COMM, a->secret);
}

/* ---- programs ------------------------------------------------------------ */

/* A guest-visible number an address could be made of: the guest's pages
 * and their edges, the physical addresses of what it must not reach (a
 * guest that ran untranslated would hit them), or anything. */
static uint32_t interesting(const gg_arena_t *a, gg_source_t *src)
{
    uint32_t r = rnd(src), off = (r >> 8) & 0x1FFF;
    uint32_t pa = 0;
    switch (r % 14) {
    case 0: return r >> 28;
    case 1: case 2: case 10: case 11: return GG_TEXT_VA - 0x10 + (off % 0x3020);
    case 3: physmem_pa_of(a->canary[(r >> 4) % 5], 1, &pa); return pa + (off & 0xFFF);
    case 4: physmem_pa_of(a->state, 1, &pa); return pa + (off & 0xFFF);
    case 5: physmem_pa_of(a->guard[(r >> 4) % 4], 1, &pa); return pa + (off & 0xFFF);
    case 6: return PHYS_HTAB_BASE + (rnd(src) & 0x0FFFFFFF);
    case 7: return PHYS_CPU_BASE + (rnd(src) & 0x00FFFFFF);
    case 8: return 0xFFFFFFFFu - (off & 0xFF);
    case 9: return (uint32_t)-(int32_t)(off & 0xFF);
    default: return rnd(src);
    }
}

static uint32_t reg(gg_source_t *src) { return (rnd(src) >> 3) & 31; }

/* Displacements: small, page-sized, or anything. */
static uint32_t disp(gg_source_t *src)
{
    uint32_t r = rnd(src);
    switch (r % 4) {
    case 0: return (r >> 8) & 0x7C;
    case 1: return (uint32_t)-(int32_t)((r >> 8) & 0x7F);
    case 2: return (r & 0x100) ? 0x1000 - ((r >> 9) & 7) : 0xF000 + ((r >> 9) & 7);
    default: return r >> 16;
    }
}

static const uint8_t dform_ops[] = {32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
                                    44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55};
/* X-form (opcode 31) loads, stores, cache and string instructions. */
static const uint16_t xform_mem[] = {20, 23, 87, 151, 215, 279, 343, 407, 534, 662, 790, 918,
                                     533, 661, 1014, 86, 54, 278, 246, 982, 758, 310, 438, 599,
                                     727, 983, 103, 231, 7, 199, 359, 487, 119, 55};
/* Privileged or system instructions (opcode 31). */
static const uint16_t xform_sys[] = {146, 83, 210, 595, 242, 659, 306, 370, 566, 598, 854,
                                     470, 371, 144, 19, 4};
static const uint16_t sprs[] = {1, 8, 9, 18, 19, 22, 25, 26, 27, 256, 268, 269, 272, 284,
                                287, 528, 536, 1008, 1009, 1013, 936, 940, 952, 953};

static uint32_t template(gg_source_t *src, uint32_t k)
{
    uint32_t rt = reg(src), ra = reg(src), rb = reg(src), r = rnd(src);
    switch (k % 14) {
    case 0: case 1: case 2: case 3:
        return PPC_D(dform_ops[r % sizeof dform_ops], rt, ra, disp(src));
    case 4: case 5: case 6:
        return PPC_X(31, rt, ra, rb, xform_mem[r % (sizeof xform_mem / 2)], r >> 31);
    case 7: return PPC_X(31, rt, ra, rb, xform_sys[r % (sizeof xform_sys / 2)], 0);
    case 8: return (r & 1 ? PPC_MTSPR(sprs[(r >> 1) % (sizeof sprs / 2)], rt)
                          : PPC_MFSPR(rt, sprs[(r >> 1) % (sizeof sprs / 2)]));
    case 9: return PPC_ADDI(rt, ra, disp(src)) | (r & 1) << 26; /* addi or addis */
    case 10: return (r & 3) == 0 ? PPC_B((int32_t)(r >> 4) % 0x400 & ~3u) | (r >> 2 & 3)
                                 : PPC_BC(r >> 4 & 31, r >> 9 & 31, (r >> 14) & 0xFC);
    case 11: {
        static const uint32_t fixed[] = {PPC_SC, PPC_SC, PPC_TRAP, PPC_RFI, PPC_BLR,
                                         PPC_BCTR, PPC_BLRL, PPC_SYNC, PPC_ISYNC, 0x4C00012C,
                                         PPC_TWI(31, 0, 0), 0x7C0006AC /* eieio */};
        return fixed[r % (sizeof fixed / sizeof fixed[0])];
    }
    case 12: return PPC_TWI(r & 31, ra, r >> 16);
    default: return r; /* FP, AltiVec, anything */
    }
}

uint32_t gg_insn(const gg_arena_t *a, gg_source_t *src)
{
    (void)a;
    uint32_t k = rnd(src);
    return (k & 0xF) < 3 ? rnd(src) : template(src, k >> 4);
}

static void be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Fast-assist now and then: a handler somewhere in the program. */
static void maybe_fam(gg_arena_t *a, gg_source_t *src, unsigned n)
{
    vmm_fastassist_state32_t *fa = &a->state->vmm_fastassist_state.vmmfs32;
    uint32_t r = rnd(src);
    a->state->vmmCntrl = 0;
    if (r % 8 == 0) {
        a->state->vmmCntrl = vmmFamEna | (r & 0x10 ? vmmFamSet : 0);
        fa->fastassist_dispatch = GG_TEXT_VA + 4 * ((r >> 8) % n);
        fa->fastassist_refcon = interesting(a, src);
        fa->fastassist_intercepts = rnd(src) & 0x1F000000u;
    }
    if (r % 4 == 1)
        a->state->vmmCntrl |= rnd(src) & (vmmKey | vmmFloatLoad | vmmVectLoad);
}

void gg_program(gg_arena_t *a, gg_source_t *src, unsigned n)
{
    vmm_regs32_t *r = &a->state->vmm_proc_state.ppcRegs.ppcRegs32;
    for (unsigned i = 0; i < n && i < PAGE / 4; i++)
        be32(a->guest[GG_TEXT] + 4 * i, gg_insn(a, src));
    sys_icache_invalidate(a->guest[GG_TEXT], PAGE);
    for (unsigned i = 0; i < 32; i++) {
        r->ppcGPRs[i] = interesting(a, src);
        if (gg_is_secret(a, r->ppcGPRs[i]))
            r->ppcGPRs[i] ^= 1;
    }
    r->ppcCR = rnd(src);
    r->ppcXER = rnd(src) & 0xE000007F;
    r->ppcLR = interesting(a, src) & ~3u;
    r->ppcCTR = interesting(a, src);
    r->ppcPC = GG_TEXT_VA;
    uint32_t m = rnd(src);
    r->ppcMSR = (m % 16 == 0) ? (m >> 4) & 0xF05 : 0;
    maybe_fam(a, src, n ? n : 1);
}

uint32_t gg_run(gg_arena_t *a, uint64_t budget)
{
    vmm_regs32_t *r = &a->state->vmm_proc_state.ppcRegs.ppcRegs32;
    vmm_set_instruction_budget(a->index, budget);
    uint32_t code = (uint32_t)vmm_dispatch(kVmmExecuteVM, a->index);
    switch (code) {
    case kVmmReturnDataPageFault:
    case kVmmReturnAlignmentFault:
    case kVmmReturnProgramException:
        r->ppcPC += 4;
        break;
    case kVmmReturnInstrPageFault:
        r->ppcPC = GG_TEXT_VA + ((r->ppcPC * 2654435761u) & 0xFFC);
        break;
    default:
        break;
    }
    return code;
}

/* ---- the oracle ---------------------------------------------------------- */

static bool all_secret(const gg_arena_t *a, const uint8_t *p, size_t bytes)
{
    for (size_t i = 0; i < bytes; i += 4) {
        uint32_t v;
        memcpy(&v, p + i, 4);
        if (!gg_is_secret(a, v))
            return false;
    }
    return true;
}

static bool any_secret(const gg_arena_t *a, const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (gg_is_secret(a, w[i]))
            return true;
    return false;
}

/* Every valid PTE of the context's own address space translates to one of
 * the guest's pages. */
static bool ptes_confined(const gg_arena_t *a)
{
    const vmm_adsp_t *as = task_host()->adsp[a->index - 1];
    uint32_t allowed[GG_NGUEST];
    for (unsigned i = 0; i < GG_NGUEST; i++)
        physmem_pa_of(a->guest[i], 1, &allowed[i]);
    for (uint32_t slot = 0; slot < HTAB_SLOTS; slot++) {
        const uint8_t *p = as->htab.mem + 8 * (size_t)slot;
        if (!(p[0] & 0x80))
            continue;
        uint32_t rpn = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)(p[6] & 0xF0) << 8;
        bool ok = false;
        for (unsigned i = 0; i < GG_NGUEST; i++)
            ok |= rpn == allowed[i];
        if (!ok)
            return false;
    }
    return true;
}

const char *gg_check(const gg_arena_t *a, bool deep)
{
    const vmm_processor_state_t *ps = &a->state->vmm_proc_state;
    for (unsigned i = 0; i < 5; i++)
        if (!all_secret(a, a->canary[i], PAGE))
            return "a canary page changed";
    if (!all_secret(a, (const uint8_t *)a->state + COMM, PAGE - COMM))
        return "the state page's communication area changed";
    if (any_secret(a, (const uint32_t *)(const void *)&ps->ppcRegs.ppcRegs32, 40) ||
        any_secret(a, a->state->vmmRet.vmmrp32.return_params, 4))
        return "a register holds the secret";
    if (!deep)
        return NULL;
    vmm_dispatch(kVmmGetFloatState, a->index);
    vmm_dispatch(kVmmGetVectorState, a->index);
    if (any_secret(a, (const uint32_t *)(const void *)ps->ppcFPRs, 64) ||
        any_secret(a, ps->ppcVRs[0].i, 128) || any_secret(a, ps->ppcVSCR.i, 4) ||
        any_secret(a, ps->ppcFPSCR.i, 2))
        return "an FP or vector register holds the secret";
    if (!ptes_confined(a))
        return "a PTE translates to a page the guest was not given";
    return NULL;
}
