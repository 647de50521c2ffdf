/*
 * ppc/insn.h - encoders for 32-bit PowerPC instruction words.
 *
 * Used by the CPU's own supervisor stubs, by the tests (guest programs are
 * written as annotated instruction words) and by the benchmarks.  Every
 * encoder builds the big-endian instruction word with shifts; the field
 * names follow the PowerPC books (RT, RA, RB, D, SI, UI, BO, BI, ...).
 */
#ifndef PPC_INSN_H
#define PPC_INSN_H

#include <stdint.h>

/* Instruction forms */
#define PPC_D(op, rt, ra, d)                                                   \
    ((uint32_t)(op) << 26 | (uint32_t)(rt) << 21 | (uint32_t)(ra) << 16 |      \
     ((uint32_t)(d) & 0xFFFFu))
#define PPC_X(op, rt, ra, rb, xo, rc)                                          \
    ((uint32_t)(op) << 26 | (uint32_t)(rt) << 21 | (uint32_t)(ra) << 16 |      \
     (uint32_t)(rb) << 11 | (uint32_t)(xo) << 1 | (uint32_t)(rc))
#define PPC_XO31(rt, ra, rb, xo) PPC_X(31, rt, ra, rb, xo, 0)
/* SPR numbers are encoded with their two 5-bit halves swapped. */
#define PPC_SPRF(spr) ((((uint32_t)(spr) & 0x1F) << 5) | (((uint32_t)(spr) >> 5) & 0x1F))

/* Integer arithmetic and logic */
#define PPC_ADDI(rt, ra, si) PPC_D(14, rt, ra, si)
#define PPC_LI(rt, si) PPC_ADDI(rt, 0, si)
#define PPC_ADDIS(rt, ra, si) PPC_D(15, rt, ra, si)
#define PPC_LIS(rt, si) PPC_ADDIS(rt, 0, si)
#define PPC_ADDIC(rt, ra, si) PPC_D(12, rt, ra, si)
#define PPC_ORI(ra, rs, ui) PPC_D(24, rs, ra, ui)
#define PPC_ORIS(ra, rs, ui) PPC_D(25, rs, ra, ui)
#define PPC_XORI(ra, rs, ui) PPC_D(26, rs, ra, ui)
#define PPC_ANDI_(ra, rs, ui) PPC_D(28, rs, ra, ui)
#define PPC_MULLI(rt, ra, si) PPC_D(7, rt, ra, si)
#define PPC_ADD(rt, ra, rb) PPC_XO31(rt, ra, rb, 266)
#define PPC_ADDE(rt, ra, rb) PPC_XO31(rt, ra, rb, 138)
#define PPC_ADDO(rt, ra, rb) PPC_XO31(rt, ra, rb, 266 | 0x200)
#define PPC_SUBF(rt, ra, rb) PPC_XO31(rt, ra, rb, 40)
#define PPC_MULLW(rt, ra, rb) PPC_XO31(rt, ra, rb, 235)
#define PPC_DIVW(rt, ra, rb) PPC_XO31(rt, ra, rb, 491)
#define PPC_NEG(rt, ra) PPC_XO31(rt, ra, 0, 104)
#define PPC_OR(ra, rs, rb) PPC_XO31(rs, ra, rb, 444)
#define PPC_AND(ra, rs, rb) PPC_XO31(rs, ra, rb, 28)
#define PPC_XOR(ra, rs, rb) PPC_XO31(rs, ra, rb, 316)
#define PPC_MR(ra, rs) PPC_OR(ra, rs, rs)
#define PPC_NOP PPC_ORI(0, 0, 0)
#define PPC_RLWINM(ra, rs, sh, mb, me)                                         \
    ((uint32_t)21 << 26 | (uint32_t)(rs) << 21 | (uint32_t)(ra) << 16 |        \
     (uint32_t)(sh) << 11 | (uint32_t)(mb) << 6 | (uint32_t)(me) << 1)
#define PPC_SLWI(ra, rs, n) PPC_RLWINM(ra, rs, n, 0, 31 - (n))
#define PPC_SRWI(ra, rs, n) PPC_RLWINM(ra, rs, 32 - (n), n, 31)

/* Compare (bf = CR field number) */
#define PPC_CMPWI(bf, ra, si) PPC_D(11, (bf) << 2, ra, si)
#define PPC_CMPLWI(bf, ra, ui) PPC_D(10, (bf) << 2, ra, ui)
#define PPC_CMPW(bf, ra, rb) PPC_XO31((bf) << 2, ra, rb, 0)

/* Loads and stores */
#define PPC_LWZ(rt, d, ra) PPC_D(32, rt, ra, d)
#define PPC_LWZU(rt, d, ra) PPC_D(33, rt, ra, d)
#define PPC_LBZ(rt, d, ra) PPC_D(34, rt, ra, d)
#define PPC_STW(rs, d, ra) PPC_D(36, rs, ra, d)
#define PPC_STWU(rs, d, ra) PPC_D(37, rs, ra, d)
#define PPC_STB(rs, d, ra) PPC_D(38, rs, ra, d)
#define PPC_LHZ(rt, d, ra) PPC_D(40, rt, ra, d)
#define PPC_STH(rs, d, ra) PPC_D(44, rs, ra, d)
#define PPC_LMW(rt, d, ra) PPC_D(46, rt, ra, d)
#define PPC_STMW(rs, d, ra) PPC_D(47, rs, ra, d)
#define PPC_LFS(ft, d, ra) PPC_D(48, ft, ra, d)
#define PPC_LFD(ft, d, ra) PPC_D(50, ft, ra, d)
#define PPC_STFS(fs, d, ra) PPC_D(52, fs, ra, d)
#define PPC_STFD(fs, d, ra) PPC_D(54, fs, ra, d)
#define PPC_LWZX(rt, ra, rb) PPC_XO31(rt, ra, rb, 23)
#define PPC_STWX(rs, ra, rb) PPC_XO31(rs, ra, rb, 151)
#define PPC_LWBRX(rt, ra, rb) PPC_XO31(rt, ra, rb, 534)
#define PPC_LWARX(rt, ra, rb) PPC_XO31(rt, ra, rb, 20)
#define PPC_STWCX_(rs, ra, rb) PPC_X(31, rs, ra, rb, 150, 1)
#define PPC_DCBZ(ra, rb) PPC_XO31(0, ra, rb, 1014)
#define PPC_LVX(vt, ra, rb) PPC_XO31(vt, ra, rb, 103)
#define PPC_STVX(vs, ra, rb) PPC_XO31(vs, ra, rb, 231)

/* Branches (off is a byte offset; bo/bi as in the books) */
#define PPC_B(off) ((uint32_t)18 << 26 | ((uint32_t)(off) & 0x03FFFFFCu))
#define PPC_BL(off) (PPC_B(off) | 1u)
#define PPC_BA(addr) (PPC_B(addr) | 2u)
#define PPC_BC(bo, bi, off)                                                    \
    ((uint32_t)16 << 26 | (uint32_t)(bo) << 21 | (uint32_t)(bi) << 16 |        \
     ((uint32_t)(off) & 0xFFFCu))
#define PPC_BNE(off) PPC_BC(4, 2, off)
#define PPC_BEQ(off) PPC_BC(12, 2, off)
#define PPC_BGT(off) PPC_BC(12, 1, off)
#define PPC_BLT(off) PPC_BC(12, 0, off)
#define PPC_BDNZ(off) PPC_BC(16, 0, off)
#define PPC_BLR 0x4E800020u
#define PPC_BCTR 0x4E800420u
#define PPC_BLRL 0x4E800021u

/* Special registers and system */
#define PPC_MFSPR(rt, spr) (PPC_XO31(rt, 0, 0, 339) | PPC_SPRF(spr) << 11)
#define PPC_MTSPR(spr, rs) (PPC_XO31(rs, 0, 0, 467) | PPC_SPRF(spr) << 11)
#define PPC_MFTB(rt) (PPC_XO31(rt, 0, 0, 371) | PPC_SPRF(268) << 11)
#define PPC_MFLR(rt) PPC_MFSPR(rt, 8)
#define PPC_MTLR(rs) PPC_MTSPR(8, rs)
#define PPC_MFCTR(rt) PPC_MFSPR(rt, 9)
#define PPC_MTCTR(rs) PPC_MTSPR(9, rs)
#define PPC_MFXER(rt) PPC_MFSPR(rt, 1)
#define PPC_MTXER(rs) PPC_MTSPR(1, rs)
#define PPC_MFCR(rt) PPC_XO31(rt, 0, 0, 19)
#define PPC_MTCRF(fxm, rs) (PPC_XO31(rs, 0, 0, 144) | (uint32_t)(fxm) << 12)
#define PPC_MFMSR(rt) PPC_XO31(rt, 0, 0, 83)
#define PPC_MTMSR(rs) PPC_XO31(rs, 0, 0, 146)
#define PPC_MTSR(sr, rs) PPC_XO31(rs, sr, 0, 210)
#define PPC_MFSR(rt, sr) PPC_XO31(rt, sr, 0, 595)
#define PPC_TLBIE(rb) PPC_XO31(0, 0, rb, 306)
#define PPC_MFVSCR(vt) ((uint32_t)4 << 26 | (uint32_t)(vt) << 21 | 1540u)
#define PPC_MTVSCR(vb) ((uint32_t)4 << 26 | (uint32_t)(vb) << 11 | 1604u)
#define PPC_VADDUWM(vt, va, vb)                                                \
    ((uint32_t)4 << 26 | (uint32_t)(vt) << 21 | (uint32_t)(va) << 16 |         \
     (uint32_t)(vb) << 11 | 128u)
#define PPC_FADD(ft, fa, fb)                                                   \
    ((uint32_t)63 << 26 | (uint32_t)(ft) << 21 | (uint32_t)(fa) << 16 |        \
     (uint32_t)(fb) << 11 | 21u << 1)
#define PPC_FDIV(ft, fa, fb)                                                   \
    ((uint32_t)63 << 26 | (uint32_t)(ft) << 21 | (uint32_t)(fa) << 16 |        \
     (uint32_t)(fb) << 11 | 18u << 1)
#define PPC_FMR(ft, fb) PPC_X(63, ft, 0, fb, 72, 0)
#define PPC_MFFS(ft) PPC_X(63, ft, 0, 0, 583, 0)
#define PPC_MTFSFI(bf, u) ((uint32_t)63 << 26 | (uint32_t)(bf) << 23 | (uint32_t)(u) << 12 | 134u << 1)
#define PPC_VXOR(vt, va, vb)                                                   \
    ((uint32_t)4 << 26 | (uint32_t)(vt) << 21 | (uint32_t)(va) << 16 |         \
     (uint32_t)(vb) << 11 | 1220u)
#define PPC_SYNC 0x7C0004ACu
#define PPC_ISYNC 0x4C00012Cu
#define PPC_SC 0x44000002u
#define PPC_RFI 0x4C000064u
#define PPC_TW(to, ra, rb) PPC_XO31(to, ra, rb, 4)
#define PPC_TWI(to, ra, si) PPC_D(3, to, ra, si)
#define PPC_TRAP PPC_TW(31, 0, 0)

/* Special-purpose register numbers */
enum {
    PPC_SPR_XER = 1,
    PPC_SPR_LR = 8,
    PPC_SPR_CTR = 9,
    PPC_SPR_DSISR = 18,
    PPC_SPR_DAR = 19,
    PPC_SPR_DEC = 22,
    PPC_SPR_SDR1 = 25,
    PPC_SPR_SRR0 = 26,
    PPC_SPR_SRR1 = 27,
    PPC_SPR_VRSAVE = 256,
    PPC_SPR_SPRG0 = 272,
    PPC_SPR_PVR = 287
};

/* MSR bits (masks of the 32-bit register) */
#define PPC_MSR_VEC 0x02000000u
#define PPC_MSR_POW 0x00040000u
#define PPC_MSR_ILE 0x00010000u
#define PPC_MSR_EE 0x00008000u
#define PPC_MSR_PR 0x00004000u
#define PPC_MSR_FP 0x00002000u
#define PPC_MSR_ME 0x00001000u
#define PPC_MSR_FE0 0x00000800u
#define PPC_MSR_SE 0x00000400u
#define PPC_MSR_BE 0x00000200u
#define PPC_MSR_FE1 0x00000100u
#define PPC_MSR_IP 0x00000040u
#define PPC_MSR_IR 0x00000020u
#define PPC_MSR_DR 0x00000010u
#define PPC_MSR_PM 0x00000004u
#define PPC_MSR_RI 0x00000002u
#define PPC_MSR_LE 0x00000001u

/* Instruction word fields */
static inline unsigned ppc_op(uint32_t w) { return w >> 26; }
static inline unsigned ppc_rt(uint32_t w) { return (w >> 21) & 31; }
static inline unsigned ppc_ra(uint32_t w) { return (w >> 16) & 31; }
static inline unsigned ppc_rb(uint32_t w) { return (w >> 11) & 31; }
static inline unsigned ppc_xo10(uint32_t w) { return (w >> 1) & 0x3FF; }
static inline int32_t ppc_d(uint32_t w) { return (int16_t)(w & 0xFFFF); }

#endif /* PPC_INSN_H */
