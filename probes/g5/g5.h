/* Shared helpers for the G5 (PowerPC 970, 64-bit) feasibility probes.
 *
 * Instruction encoders (32-bit and 64-bit PowerPC), a check/report macro,
 * and a small harness around one PPC64 Unicorn engine:
 *   - one physical region at PA 0 (PHYS_SIZE bytes, host-backed);
 *   - an interrupt hook that records QEMU's exception number and the PC and
 *     stops the engine (Unicorn never vectors; PC in the hook = insn + 4);
 *   - optionally Unicorn's virtual TLB (UC_TLB_VIRTUAL) with a fill hook
 *     that translates through a small software map (va, pa, len, perms)
 *     and logs every fill (address and access type);
 *   - snippets end in `sc`, so a run ends with intno 8.
 * The probes print one line per check: PASS/FAIL, expected, got.
 */
#ifndef G5_PROBE_H
#define G5_PROBE_H
#define _GNU_SOURCE
#include <unicorn/unicorn.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define CHK(x) do { uc_err e_ = (x); if (e_ != UC_ERR_OK) { \
    fprintf(stderr, "%s:%d: %s -> %d (%s)\n", __FILE__, __LINE__, #x, e_, uc_strerror(e_)); exit(1); } } while (0)

static int n_pass, n_fail;
#define CHECK(name, exp, got) do { uint64_t e_ = (uint64_t)(exp), g_ = (uint64_t)(got); \
    if (e_ == g_) { n_pass++; printf("PASS %-44s expected 0x%016" PRIx64 " got 0x%016" PRIx64 "\n", name, e_, g_); } \
    else { n_fail++; printf("FAIL %-44s expected 0x%016" PRIx64 " got 0x%016" PRIx64 "\n", name, e_, g_); } } while (0)
#define NOTE(...) do { printf("NOTE "); printf(__VA_ARGS__); printf("\n"); } while (0)
static inline int summary(const char *probe) {
    printf("SUMMARY %s: %d PASS, %d FAIL\n", probe, n_pass, n_fail);
    return 0;
}

static inline double now_s(void) {
    struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- encoders: 32-bit forms ---- */
#define D_(op, rt, ra, d) ((uint32_t)(op) << 26 | (uint32_t)(rt) << 21 | (uint32_t)(ra) << 16 | ((uint32_t)(d) & 0xffff))
#define X_(rt, ra, rb, xo, rc) (31u << 26 | (uint32_t)(rt) << 21 | (uint32_t)(ra) << 16 | (uint32_t)(rb) << 11 | (uint32_t)(xo) << 1 | (uint32_t)(rc))
#define ADDI(rt, ra, si)   D_(14, rt, ra, si)
#define LI(rt, si)         ADDI(rt, 0, si)
#define ADDIS(rt, ra, si)  D_(15, rt, ra, si)
#define LIS(rt, si)        ADDIS(rt, 0, si)
#define ADDIC(rt, ra, si)  D_(12, rt, ra, si)
#define ORI(ra, rs, ui)    D_(24, rs, ra, ui)
#define ORIS(ra, rs, ui)   D_(25, rs, ra, ui)
#define LWZ(rt, d, ra)     D_(32, rt, ra, d)
#define LBZ(rt, d, ra)     D_(34, rt, ra, d)
#define STW(rs, d, ra)     D_(36, rs, ra, d)
#define STMW(rs, d, ra)    D_(47, rs, ra, d)
#define LHZ(rt, d, ra)     D_(40, rt, ra, d)
#define LMW(rt, d, ra)     D_(46, rt, ra, d)
#define LFD(ft, d, ra)     D_(50, ft, ra, d)
#define STFD(fs, d, ra)    D_(54, fs, ra, d)
#define CMPWI(bf, ra, si)  D_(11, (bf) << 2, ra, si)
#define CMPDI(bf, ra, si)  D_(11, (bf) << 2 | 1, ra, si)
#define CMPW(bf, ra, rb)   X_((bf) << 2, ra, rb, 0, 0)
#define CMPD(bf, ra, rb)   X_((bf) << 2 | 1, ra, rb, 0, 0)
#define CMPLW(bf, ra, rb)  X_((bf) << 2, ra, rb, 32, 0)
#define CMPLD(bf, ra, rb)  X_((bf) << 2 | 1, ra, rb, 32, 0)
#define ADD(rt, ra, rb)    X_(rt, ra, rb, 266, 0)
#define ADD_(rt, ra, rb)   X_(rt, ra, rb, 266, 1)
#define ADDC(rt, ra, rb)   X_(rt, ra, rb, 10, 0)
#define ADDE(rt, ra, rb)   X_(rt, ra, rb, 138, 0)
#define ADDZE(rt, ra)      X_(rt, ra, 0, 202, 0)
#define SUBF(rt, ra, rb)   X_(rt, ra, rb, 40, 0)
#define SUBFC(rt, ra, rb)  X_(rt, ra, rb, 8, 0)
#define SUBFE(rt, ra, rb)  X_(rt, ra, rb, 136, 0)
#define ADDO(rt, ra, rb)   X_(rt, ra, rb, 266 | 0x200, 0)
#define NEG(rt, ra)        X_(rt, ra, 0, 104, 0)
#define MULLW(rt, ra, rb)  X_(rt, ra, rb, 235, 0)
#define MULHW(rt, ra, rb)  X_(rt, ra, rb, 75, 0)
#define MULLD(rt, ra, rb)  X_(rt, ra, rb, 233, 0)
#define MULHD(rt, ra, rb)  X_(rt, ra, rb, 73, 0)
#define MULHDU(rt, ra, rb) X_(rt, ra, rb, 9, 0)
#define DIVD(rt, ra, rb)   X_(rt, ra, rb, 489, 0)
#define DIVDU(rt, ra, rb)  X_(rt, ra, rb, 457, 0)
#define DIVW(rt, ra, rb)   X_(rt, ra, rb, 491, 0)
#define OR(ra, rs, rb)     X_(rs, ra, rb, 444, 0)
#define MR(ra, rs)         OR(ra, rs, rs)
#define EXTSW(ra, rs)      X_(rs, ra, 0, 986, 0)
#define EXTSH(ra, rs)      X_(rs, ra, 0, 922, 0)
#define CNTLZW(ra, rs)     X_(rs, ra, 0, 26, 0)
#define CNTLZD(ra, rs)     X_(rs, ra, 0, 58, 0)
#define SLW(ra, rs, rb)    X_(rs, ra, rb, 24, 0)
#define SRW(ra, rs, rb)    X_(rs, ra, rb, 536, 0)
#define SRAW(ra, rs, rb)   X_(rs, ra, rb, 792, 0)
#define SLD(ra, rs, rb)    X_(rs, ra, rb, 27, 0)
#define SRD(ra, rs, rb)    X_(rs, ra, rb, 539, 0)
#define SRAD(ra, rs, rb)   X_(rs, ra, rb, 794, 0)
/* XS-form sradi: sh split (bits 16-20 = sh[0:4] low, bit 30 = sh5) */
#define SRADI(ra, rs, sh)  (31u << 26 | (uint32_t)(rs) << 21 | (uint32_t)(ra) << 16 | ((uint32_t)(sh) & 31) << 11 | 413u << 2 | (((uint32_t)(sh) >> 5) & 1) << 1)
#define RLWINM(ra, rs, sh, mb, me) (21u << 26 | (uint32_t)(rs) << 21 | (uint32_t)(ra) << 16 | (uint32_t)(sh) << 11 | (uint32_t)(mb) << 6 | (uint32_t)(me) << 1)
/* MD-form: 6-bit sh (low 5 in 16-20, high bit in 30), 6-bit mb/me (low 5 in 21-25, high bit in 26) */
#define MD_(rs, ra, sh, mb, xo) (30u << 26 | (uint32_t)(rs) << 21 | (uint32_t)(ra) << 16 | ((uint32_t)(sh) & 31) << 11 | \
    ((uint32_t)(mb) & 31) << 6 | (((uint32_t)(mb) >> 5) & 1) << 5 | (uint32_t)(xo) << 2 | (((uint32_t)(sh) >> 5) & 1) << 1)
#define RLDICL(ra, rs, sh, mb) MD_(rs, ra, sh, mb, 0)
#define RLDICR(ra, rs, sh, me) MD_(rs, ra, sh, me, 1)
#define RLDIC(ra, rs, sh, mb)  MD_(rs, ra, sh, mb, 2)
#define RLDIMI(ra, rs, sh, mb) MD_(rs, ra, sh, mb, 3)
/* MDS-form rldcl/rldcr: rb, 6-bit mb, xo 8/9 in bits 27-30 */
#define MDS_(rs, ra, rb, mb, xo) (30u << 26 | (uint32_t)(rs) << 21 | (uint32_t)(ra) << 16 | (uint32_t)(rb) << 11 | \
    ((uint32_t)(mb) & 31) << 6 | (((uint32_t)(mb) >> 5) & 1) << 5 | (uint32_t)(xo) << 1)
#define RLDCL(ra, rs, rb, mb) MDS_(rs, ra, rb, mb, 8)
#define RLDCR(ra, rs, rb, me) MDS_(rs, ra, rb, me, 9)
/* DS-form 64-bit loads/stores */
#define DS_(op, rt, ra, ds, xo) ((uint32_t)(op) << 26 | (uint32_t)(rt) << 21 | (uint32_t)(ra) << 16 | ((uint32_t)(ds) & 0xfffc) | (xo))
#define LD(rt, d, ra)      DS_(58, rt, ra, d, 0)
#define LDU(rt, d, ra)     DS_(58, rt, ra, d, 1)
#define LWA(rt, d, ra)     DS_(58, rt, ra, d, 2)
#define STD(rs, d, ra)     DS_(62, rs, ra, d, 0)
#define STDU(rs, d, ra)    DS_(62, rs, ra, d, 1)
#define LDX(rt, ra, rb)    X_(rt, ra, rb, 21, 0)
#define LDUX(rt, ra, rb)   X_(rt, ra, rb, 53, 0)
#define STDX(rs, ra, rb)   X_(rs, ra, rb, 149, 0)
#define STDUX(rs, ra, rb)  X_(rs, ra, rb, 181, 0)
#define LWAX(rt, ra, rb)   X_(rt, ra, rb, 341, 0)
#define LDARX(rt, ra, rb)  X_(rt, ra, rb, 84, 0)
#define STDCX(rs, ra, rb)  X_(rs, ra, rb, 214, 1)
#define LWARX(rt, ra, rb)  X_(rt, ra, rb, 20, 0)
#define STWCX(rs, ra, rb)  X_(rs, ra, rb, 150, 1)
#define LWZX(rt, ra, rb)   X_(rt, ra, rb, 23, 0)
#define STWX(rs, ra, rb)   X_(rs, ra, rb, 151, 0)
#define DCBZ(ra, rb)       X_(0, ra, rb, 1014, 0)
#define DCBZL(ra, rb)      X_(1, ra, rb, 1014, 0)
#define DCBT(ra, rb)       X_(0, ra, rb, 278, 0)
#define TW(to, ra, rb)     X_(to, ra, rb, 4, 0)
#define TD(to, ra, rb)     X_(to, ra, rb, 68, 0)
#define TDI(to, ra, si)    D_(2, to, ra, si)
#define TWI(to, ra, si)    D_(3, to, ra, si)
#define SPRF(spr)          ((((spr) & 0x1f) << 5) | (((spr) >> 5) & 0x1f))
#define MFSPR(rt, spr)     (X_(rt, 0, 0, 339, 0) | (SPRF(spr) << 11))
#define MTSPR(spr, rs)     (X_(rs, 0, 0, 467, 0) | (SPRF(spr) << 11))
#define MFTB(rt)           (X_(rt, 0, 0, 371, 0) | (SPRF(268) << 11))
#define MFXER(rt)          MFSPR(rt, 1)
#define MTXER(rs)          MTSPR(1, rs)
#define MFLR(rt)           MFSPR(rt, 8)
#define MTLR(rs)           MTSPR(8, rs)
#define MFCTR(rt)          MFSPR(rt, 9)
#define MTCTR(rs)          MTSPR(9, rs)
#define MFMSR(rt)          X_(rt, 0, 0, 83, 0)
#define MTMSR(rs)          X_(rs, 0, 0, 146, 0)
#define MTMSRD(rs, l)      (X_(rs, 0, 0, 178, 0) | ((uint32_t)(l) << 16))
#define MFCR(rt)           X_(rt, 0, 0, 19, 0)
#define MTCRF(fxm, rs)     (X_(rs, 0, 0, 144, 0) | (uint32_t)(fxm) << 12)
#define SLBMTE(rs, rb)     X_(rs, 0, rb, 402, 0)
#define SLBMFEE(rt, rb)    X_(rt, 0, rb, 915, 0)
#define SLBMFEV(rt, rb)    X_(rt, 0, rb, 851, 0)
#define SLBIA              X_(0, 0, 0, 498, 0)
#define TLBIE(rb)          X_(0, 0, rb, 306, 0)
#define TLBIEL(rb)         X_(0, 0, rb, 274, 0)
#define SYNC               0x7c0004acu
#define PTESYNC            0x7c4004acu
#define ISYNC              0x4c00012cu
#define SC                 0x44000002u
#define RFI                0x4c000064u
#define RFID               0x4c000024u
#define BLR                0x4e800020u
#define NOP                0x60000000u
#define B(off)             (18u << 26 | ((uint32_t)(off) & 0x3fffffc))
#define BL(off)            (B(off) | 1)
#define BC(bo, bi, off)    (16u << 26 | (uint32_t)(bo) << 21 | (uint32_t)(bi) << 16 | ((uint32_t)(off) & 0xfffc))
#define BNE(off)           BC(4, 2, off)
#define BDNZ(off)          BC(16, 0, off)
#define FADD(ft, fa, fb)   (63u << 26 | (uint32_t)(ft) << 21 | (uint32_t)(fa) << 16 | (uint32_t)(fb) << 11 | 21u << 1)
#define VADDUBM(vt, va, vb) (4u << 26 | (uint32_t)(vt) << 21 | (uint32_t)(va) << 16 | (uint32_t)(vb) << 11 | 0u)
#define LVX(vt, ra, rb)    X_(vt, ra, rb, 103, 0)
#define STVX(vs, ra, rb)   X_(vs, ra, rb, 231, 0)
#define DST(ra, rb, strm)  X_((strm), ra, rb, 342, 0)
#define DSSALL             (X_(0, 0, 0, 822, 0) | 1u << 25)
/* VSX xxlor vt,va,vb (XX3 form, opcode 60, xo 146) */
#define XXLOR(t, a, b)     (60u << 26 | (uint32_t)(t) << 21 | (uint32_t)(a) << 16 | (uint32_t)(b) << 11 | 146u << 3)
/* ISA 2.02+/2.06 instructions a 970 does not have */
#define POPCNTB(ra, rs)    X_(rs, ra, 0, 122, 0)
#define POPCNTD(ra, rs)    X_(rs, ra, 0, 506, 0)
#define CMPB(ra, rs, rb)   X_(rs, ra, rb, 508, 0)
#define ISEL(rt, ra, rb, bc) (31u << 26 | (uint32_t)(rt) << 21 | (uint32_t)(ra) << 16 | (uint32_t)(rb) << 11 | (uint32_t)(bc) << 6 | 15u << 1)

enum { SPR_XER = 1, SPR_LR = 8, SPR_CTR = 9, SPR_DSISR = 18, SPR_DAR = 19, SPR_DEC = 22, SPR_SDR1 = 25,
       SPR_SRR0 = 26, SPR_SRR1 = 27, SPR_VRSAVE = 256, SPR_SPRG0 = 272, SPR_PVR = 287, SPR_HID0 = 1008,
       SPR_HIOR = 311, SPR_LPCR = 318, SPR_PTCR = 464, SPR_970_HID4 = 1012, SPR_970_HID5 = 1014 };

/* MSR bits (64-bit register) */
#define MSR_SF   0x8000000000000000ull
#define MSR_HV   0x1000000000000000ull
#define MSR_VEC  0x0000000002000000ull
#define MSR_VSX  0x0000000000800000ull
#define MSR_EE   0x8000ull
#define MSR_PR   0x4000ull
#define MSR_FP   0x2000ull
#define MSR_ME   0x1000ull
#define MSR_SE   0x0400ull
#define MSR_IR   0x0020ull
#define MSR_DR   0x0010ull
#define MSR_RI   0x0002ull
/* guest MSR of the facility: PR|EE|ME|IR|DR plus FP/VEC for the probes */
#define MSR_USER (MSR_PR | MSR_EE | MSR_ME | MSR_IR | MSR_DR | MSR_FP | MSR_VEC)

static inline void be32(uint8_t *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }
static inline void be64(uint8_t *p, uint64_t v) { be32(p, v >> 32); be32(p + 4, (uint32_t)v); }
static inline uint32_t rd32be(const uint8_t *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }
static inline uint64_t rd64be(const uint8_t *p) { return (uint64_t)rd32be(p) << 32 | rd32be(p + 4); }

#define GPR(n) (UC_PPC_REG_0 + (n))

/* ---- harness ---- */
#define PHYS_SIZE (64u << 20)
#define MAXMAP 64
typedef struct g5 {
    uc_engine *uc;
    uint8_t *phys;          /* host view of PA 0 .. PHYS_SIZE */
    bool vtlb;
    struct { uint64_t va, pa, len; int perms; } map[MAXMAP];
    int nmap;
    /* virtual-TLB fill log */
    uint64_t fill_va; int fill_type; long nfill; int fill_fail;
    /* interrupt hook */
    int intno; uint64_t intr_pc; int nintr;
    bool stop_on_intr;
} g5_t;

static void g5_intr(uc_engine *uc, uint32_t intno, void *ud) {
    g5_t *g = ud;
    g->intno = (int)intno; g->nintr++;
    uc_reg_read(uc, UC_PPC_REG_PC, &g->intr_pc);
    if (g->stop_on_intr) uc_emu_stop(uc);
}

static bool g5_fill(uc_engine *uc, uint64_t va, uc_mem_type type, uc_tlb_entry *e, void *ud) {
    g5_t *g = ud;
    g->nfill++; g->fill_va = va; g->fill_type = type;
    for (int i = 0; i < g->nmap; i++)
        if (va >= g->map[i].va && va - g->map[i].va < g->map[i].len) {
            e->paddr = g->map[i].pa + (va - g->map[i].va);
            e->perms = (uc_prot)g->map[i].perms;
            return true;
        }
    g->fill_fail++;
    return false;
}

/* model < 0: Unicorn's default for the mode */
static inline g5_t *g5_open_mode(int mode, int model, bool vtlb) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    g5_t *g = calloc(1, sizeof *g);
    g->stop_on_intr = true;
    CHK(uc_open(UC_ARCH_PPC, mode | UC_MODE_BIG_ENDIAN, &g->uc));
    if (model >= 0) CHK(uc_ctl_set_cpu_model(g->uc, model));
    CHK(uc_ctl_set_tcg_buffer_size(g->uc, 32u << 20));
    if (vtlb) CHK(uc_ctl_tlb_mode(g->uc, UC_TLB_VIRTUAL));
    g->vtlb = vtlb;
    CHK(uc_ctl_exits_enable(g->uc));   /* no exits set: `until` is ignored */
    g->phys = mmap(NULL, PHYS_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (g->phys == MAP_FAILED) { perror("mmap"); exit(1); }
    CHK(uc_mem_map_ptr(g->uc, 0, PHYS_SIZE, UC_PROT_ALL, g->phys));
    uc_hook h;
    CHK(uc_hook_add(g->uc, &h, UC_HOOK_INTR, g5_intr, g, 1, 0));
    if (vtlb) CHK(uc_hook_add(g->uc, &h, UC_HOOK_TLB_FILL, g5_fill, g, 1, 0));
    return g;
}
static inline g5_t *g5_open(int model, bool vtlb) { return g5_open_mode(UC_MODE_PPC64, model, vtlb); }

static inline void g5_map(g5_t *g, uint64_t va, uint64_t pa, uint64_t len, int perms) {
    for (int i = 0; i < g->nmap; i++)
        if (g->map[i].va == va) { g->map[i].pa = pa; g->map[i].len = len; g->map[i].perms = perms; return; }
    if (g->nmap == MAXMAP) { fprintf(stderr, "map full\n"); exit(1); }
    g->map[g->nmap].va = va; g->map[g->nmap].pa = pa; g->map[g->nmap].len = len; g->map[g->nmap].perms = perms;
    g->nmap++;
}
static inline void g5_unmap(g5_t *g, uint64_t va) {
    for (int i = 0; i < g->nmap; i++)
        if (g->map[i].va == va) { g->map[i] = g->map[--g->nmap]; return; }
}

static inline uint64_t rreg(g5_t *g, int r) { uint64_t v = 0; CHK(uc_reg_read(g->uc, r, &v)); return v; }
static inline void wreg(g5_t *g, int r, uint64_t v) { CHK(uc_reg_write(g->uc, r, &v)); }

static inline void put_phys(g5_t *g, uint64_t pa, const uint32_t *w, size_t n) {
    for (size_t i = 0; i < n; i++) be32(g->phys + pa + 4 * i, w[i]);
}

/* run from pc with msr until an interrupt (normally the closing sc) */
static inline uc_err g5_run(g5_t *g, uint64_t pc, uint64_t msr) {
    wreg(g, UC_PPC_REG_MSR, msr);
    g->intno = -1; g->intr_pc = 0; g->fill_fail = 0;
    return uc_emu_start(g->uc, pc, 0, 0, 0);
}

#endif
