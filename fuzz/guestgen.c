/*
 * fuzz/guestgen.c - see guestgen.h.
 */
#include "fuzz/guestgen.h"

#include <string.h>
#include <sys/mman.h>

#include <vmachmon/control.h>

#include <vmachmon/guestcall.h>

#include "ppc/htab.h"
#include "ppc/insn.h"
#include "ppc/physmem.h"
#include "vmachmon/facility.h"
#include "vmachmon/guest_route.h"

#define PAGE 4096u
#define COMM 0xC00u

/* Page numbers in the run. */
enum {
    P_GUARD0, P_CANARY0, P_TEXT, P_CANARY1, P_DATA, P_CANARY2, P_RODATA, P_CANARY3,
    P_GUARD1, P_STATE, P_GUARD2, P_CANARY4, P_GUARD3, P_COUNT
};

static const unsigned canary_pages[] = {P_CANARY0, P_CANARY1, P_CANARY2, P_CANARY3, P_CANARY4};
static const unsigned fenced_pages[] = {P_GUARD0, P_CANARY0, P_CANARY1, P_CANARY2, P_CANARY3,
                                        P_GUARD1, P_STATE,   P_GUARD2,  P_CANARY4, P_GUARD3};

/* The arenas alive: one guest must not reach another's pages either. */
#define MAX_ARENAS 4
static gg_arena_t *arenas[MAX_ARENAS];
static const unsigned guard_pages[] = {P_GUARD0, P_GUARD1, P_GUARD2, P_GUARD3};

static uint64_t hash(uint32_t v)
{
    uint64_t x = v * 0x9E3779B97F4A7C15ull;
    x ^= x >> 29;
    x *= 0xBF58476D1CE4E5B9ull;
    return x ^ (x >> 32);
}

bool gg_is_secret(const gg_arena_t *a, uint32_t v) { return hash(v) == a->secret_hash; }

static uint64_t page_hash(const uint8_t *p)
{
    uint64_t h = 0xCBF29CE484222325ull; /* FNV-1a */
    for (size_t i = 0; i < PAGE; i++)
        h = (h ^ p[i]) * 0x100000001B3ull;
    return h;
}

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
    for (unsigned i = 0; i < MAX_ARENAS; i++)
        if (!arenas[i]) {
            arenas[i] = a;
            break;
        }
    return 0;
}

void gg_arena_fini(gg_arena_t *a)
{
    for (unsigned i = 0; i < MAX_ARENAS; i++)
        if (arenas[i] == a)
            arenas[i] = NULL;
    if (a->index)
        vmm_dispatch(kVmmTearDownContext, a->index);
    if (a->base) {
        fence(a, PROT_READ | PROT_WRITE);
        vm_deallocate(mach_task_self(), a->base, a->npages * PAGE);
    }
    memset(a, 0, sizeof *a);
}

static long discard(void *refcon, int fd, const void *buf, size_t len)
{
    (void)refcon, (void)fd, (void)buf;
    return (long)len;
}

static long some_as(void *refcon, int fd, void *buf, size_t len)
{
    (void)refcon, (void)fd;
    size_t n = len < 16 ? len : 16;
    memset(buf, 'A', n);
    return (long)n;
}

void gg_route(gg_arena_t *a, bool on)
{
    if (on) {
        vmm_guestcall_table_t t = {.write = discard, .read = some_as, .pid = 4242};
        a->routed = vmm_guestcall_install(a->index, &t) == KERN_SUCCESS;
    } else {
        vmm_guestcall_remove(a->index);
        a->routed = false;
    }
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
    a->rodata_hash = page_hash(a->guest[GG_RODATA]);
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

/* ---- system call snippets ---- */

static unsigned set_reg(uint32_t *w, unsigned r, uint32_t v)
{
    w[0] = PPC_LIS(r, v >> 16);
    w[1] = PPC_ORI(r, r, v & 0xFFFF);
    return 2;
}

static uint32_t pick(gg_source_t *src, const uint32_t *v, size_t n) { return v[rnd(src) % n]; }
#define PICK(src, arr) pick(src, arr, sizeof(arr) / sizeof((arr)[0]))

static const uint32_t call_numbers[] = {
    0, 1, 3, 4, 5, 20, 73, 74, 116, 197, 202, 327, 0xFFFF,          /* BSD */
    (uint32_t)-10, (uint32_t)-12, (uint32_t)-26, (uint32_t)-27,     /* Mach */
    (uint32_t)-28, (uint32_t)-29, (uint32_t)-31, (uint32_t)-89, (uint32_t)-90,
    0x6000, 0x6001, 0x6002, 0x6003, 0x6004, 0x6008, 0x600A, 0x600D, /* PowerPC */
    0x7FF0, 0x7FF1, 0x7FF2, 0x7FF3, 0x7FF5, 0x7FFA, 0x7FFF};       /* fast */
/* Guest pages a call may name: its own, their edges, the heap, nothing. */
static const uint32_t call_pages[] = {0x1000, 0x2000, 0x3000, 0x2FF0, 0x5000, 0x0,
                                      0x40000000, 0x3FFFF000, 0xFFFFF000};
static const uint32_t sizes[] = {1, 4, 100, 4096, 4097, 8192, 65536, 0x7FFFFFFF, 0xFFFFFFFF};
static const uint32_t selectors[] = {2, 2, 5, 5, 16, 16, 14, 14, 17, 3, 4, 6, 7, 8, 9, 10, 11,
                                     12, 13, 15, 18, 19, 24, 25, 26, 27, 32, 36, 37};

/* A virtual machine of the guest's own: a context whose state page is the
 * guest's data page, its PC set (big-endian, at 0x40 of that page) into
 * the guest's text, then kVmmMapExecute of the text page: the inner guest
 * runs the outer program from there, until it leaves back to the outer. */
static unsigned nested_vm(gg_source_t *src, uint32_t *w)
{
    uint32_t n = 0, k = rnd(src);
    n += set_reg(w + n, 3, kVmmInitContext);
    n += set_reg(w + n, 4, kVmmCurrentVersion);
    n += set_reg(w + n, 5, GG_DATA_VA);
    n += set_reg(w + n, 0, 0x6004);
    w[n++] = PPC_SC;
    n += set_reg(w + n, 10, GG_DATA_VA);
    n += set_reg(w + n, 9, GG_TEXT_VA + ((k >> 4) & 0xFFC));
    w[n++] = PPC_STW(9, 0x40, 10);
    n += set_reg(w + n, 3, k & 1 ? kVmmMapExecute : kVmmExecuteVM);
    n += set_reg(w + n, 4, 1 + ((k >> 1) & 1));
    n += set_reg(w + n, 5, GG_TEXT_VA);
    n += set_reg(w + n, 6, GG_TEXT_VA);
    n += set_reg(w + n, 7, VM_PROT_ALL);
    n += set_reg(w + n, 0, 0x6004);
    w[n++] = PPC_SC;
    return n;
}

/* A system call: r0 and the arguments set, then sc; returns the words. */
static unsigned snippet(gg_source_t *src, uint32_t *w)
{
    uint32_t k = rnd(src), n = 0;
    switch (k % 7) {
    case 6:
        return nested_vm(src, w);
    case 0: /* any call, with the arguments the registers hold */
        n += set_reg(w + n, 0, PICK(src, call_numbers));
        break;
    case 1: /* mmap(addr, len, prot, flags) */
        n += set_reg(w + n, 3, PICK(src, call_pages));
        n += set_reg(w + n, 4, k & 0x100 ? PICK(src, sizes) : 4096 * (1 + (k >> 9) % 16));
        n += set_reg(w + n, 5, (k >> 13) & 7);
        n += set_reg(w + n, 6, 0x1000 | (k & 0x10000 ? 0x10 : 0));
        n += set_reg(w + n, 0, k & 0x20000 ? 197 : 73); /* or munmap(addr, len) */
        break;
    case 2: /* vm_allocate(task, &addr, size, flags) or vm_deallocate */
        n += set_reg(w + n, 3, 0x103);
        n += set_reg(w + n, 4, k & 0x100 ? 0x2FF0 : PICK(src, call_pages));
        n += set_reg(w + n, 5, PICK(src, sizes));
        n += set_reg(w + n, 6, (k >> 9) & 1);
        n += set_reg(w + n, 0, k & 0x400 ? (uint32_t)-10 : (uint32_t)-12);
        break;
    case 3: /* read or write(fd, buf, len) */
        n += set_reg(w + n, 3, (k >> 8) % 4);
        n += set_reg(w + n, 4, PICK(src, call_pages) + ((k >> 12) & 0xFF));
        n += set_reg(w + n, 5, k & 0x100000 ? PICK(src, sizes) : (k >> 21) & 0x1FF);
        n += set_reg(w + n, 0, k & 0x40000000 ? 3 : 4);
        break;
    default: /* vmm_dispatch(selector, index, page, guest address, prot) */
        n += set_reg(w + n, 3, PICK(src, selectors));
        n += set_reg(w + n, 4, k & 0x100 ? 0x00010007 : 1 + (k >> 9) % 3);
        n += set_reg(w + n, 5, PICK(src, call_pages));
        n += set_reg(w + n, 6, PICK(src, call_pages));
        n += set_reg(w + n, 7, (k >> 12) % 16);
        n += set_reg(w + n, 0, 0x6004);
        break;
    }
    w[n++] = PPC_SC;
    return n;
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
    /* A routed guest may have unmapped its pages or mapped others over
     * them: give them back; and one that called exit gets a new route. */
    map_guest_pages(a);
    if (a->routed && vmm_guestcall_exited(a->index, NULL)) {
        gg_route(a, false);
        gg_route(a, true);
    }
    if (n > PAGE / 4)
        n = PAGE / 4;
    for (unsigned i = 0; i < n;) {
        uint32_t w[32];
        unsigned k = rnd(src) % 8 == 0 ? snippet(src, w) : (w[0] = gg_insn(a, src), 1);
        for (unsigned j = 0; j < k && i < n; j++, i++)
            be32(a->guest[GG_TEXT] + 4 * i, w[j]);
    }
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

/* Physical pages no guest of arena a may reach: every arena's fenced
 * pages, and the other arenas' guest pages. */
static unsigned forbidden_pages(const gg_arena_t *a, uint32_t *pa)
{
    unsigned n = 0;
    for (unsigned i = 0; i < MAX_ARENAS; i++) {
        const gg_arena_t *b = arenas[i];
        if (!b)
            continue;
        for (unsigned k = 0; k < sizeof fenced_pages / sizeof fenced_pages[0]; k++)
            physmem_pa_of((uint8_t *)b->base + fenced_pages[k] * PAGE, 1, &pa[n++]);
        for (unsigned k = 0; b != a && k < GG_NGUEST; k++)
            physmem_pa_of(b->guest[k], 1, &pa[n++]);
    }
    return n;
}

/* Every valid PTE of address space as translates to a page of the
 * allocatable region outside the forbidden ones. */
static bool ptes_confined(const vmm_adsp_t *as, const uint32_t *forbidden, unsigned nf)
{
    for (uint32_t slot = 0; as && slot < HTAB_SLOTS; slot++) {
        const uint8_t *p = as->htab.mem + 8 * (size_t)slot;
        if (!(p[0] & 0x80))
            continue;
        uint32_t rpn = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)(p[6] & 0xF0) << 8;
        if (rpn < PHYS_ALLOC_BASE || rpn >= PHYS_ALLOC_END)
            return false;
        for (unsigned i = 0; i < nf; i++)
            if (rpn == forbidden[i])
                return false;
    }
    return true;
}

/* The arena's address space, and those of its guest's own machines. */
static bool all_ptes_confined(const gg_arena_t *a)
{
    uint32_t forbidden[MAX_ARENAS * (P_COUNT + GG_NGUEST)];
    unsigned nf = forbidden_pages(a, forbidden);
    vmm_task_t *t = task_host();
    if (!ptes_confined(t->adsp[a->index - 1], forbidden, nf))
        return false;
    const vmm_guest_t *g = t->ctx[a->index - 1].route;
    for (unsigned i = 0; g && g->task && i < kVmmMaxContexts; i++)
        if (!ptes_confined(g->task->adsp[i], forbidden, nf))
            return false;
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
    if (page_hash(a->guest[GG_RODATA]) != a->rodata_hash)
        return "the page given read-only changed";
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
    if (!all_ptes_confined(a))
        return "a PTE translates to a page the guest was not given";
    return NULL;
}
