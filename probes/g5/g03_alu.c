/* g03: 64-bit integer arithmetic, carries, compares, shifts and rotates, in problem state,
 * 64-bit mode (MSR[SF]=1) and 32-bit mode (SF=0), as a 970 computes them.
 * CPU: G5_MODEL env (a UC_CPU_PPC64_* number) or Unicorn's PPC64 default (the only CPU with
 * 64-bit instructions in 2.1.1, see g01).  Memory: Unicorn's virtual TLB (the emulated MMU does
 * not run on that CPU, see g02); code at VA 0x1_0000_0000 (above 4 GiB) in 64-bit mode. */
#include "g5.h"

static g5_t *g;
static uint64_t code_off;
static bool run_ok;

static uint64_t rotl64(uint64_t x, unsigned n) { n &= 63; return n ? (x << n) | (x >> (64 - n)) : x; }
static uint64_t mask64(unsigned mb, unsigned me) {   /* PowerPC MASK(mb, me), bit 0 = MSB */
    uint64_t a = ~0ull >> mb, b = ~0ull << (63 - me);
    return mb <= me ? (a & b) : (a | b);
}

/* place the words (+ sc) at a fresh code address and run them */
static void run_snip(uint64_t msr, const uint32_t *w, size_t n, const char *what) {
    uint64_t pa = 0x100000 + code_off;
    code_off += (4 * n + 15) & ~15ull;
    put_phys(g, pa, w, n);
    uint64_t va = (msr & MSR_SF) ? 0x100000000ull + pa : pa;
    uc_err e = g5_run(g, va, msr);
    run_ok = e == UC_ERR_OK && g->intno == 8 && g->intr_pc == va + 4 * n;
    if (!run_ok) {
        n_fail++;
        printf("FAIL %-44s snippet did not complete: rc=%d intno=%d pc=%" PRIx64 " (end %" PRIx64 ")\n", what, e,
               g->intno, g->intr_pc, va + 4 * n);
    }
}
#define RUN(msr, what, ...) do { uint32_t c_[] = {__VA_ARGS__, SC}; run_snip(msr, c_, sizeof c_ / 4, what); } while (0)
#define SET(r, v) wreg(g, GPR(r), (uint64_t)(v))
#define R(r) rreg(g, GPR(r))
#define CLRXER LI(0, 0), MTXER(0)
#define CLRCR LI(0, 0), MTCRF(0xff, 0)

static const uint64_t M64 = MSR_SF | MSR_USER, M32 = MSR_USER;

int main(void) {
    const char *env = getenv("G5_MODEL");
    int model = env ? atoi(env) : -1;
    g = g5_open(model, true);
    g5_map(g, 0x100000000ull, 0, PHYS_SIZE, UC_PROT_ALL);   /* VA 4 GiB.. -> PA 0.. */
    g5_map(g, 0, 0, PHYS_SIZE, UC_PROT_ALL);                /* identity, for 32-bit mode */
    printf("CPU model %d (%s)\n", model, model < 0 ? "Unicorn PPC64 default" : "set");

    uint64_t x = 0x123456789ABCDEF0ull;
    /* ---- 64-bit mode ---- */
    SET(4, 0x1FFFFFFFFull); SET(5, 1);
    RUN(M64, "add", ADD(3, 4, 5), SUBF(6, 5, 4), NEG(7, 4));
    CHECK("add 0x1FFFFFFFF+1 (SF=1)", 0x200000000ull, R(3));
    CHECK("subf 0x1FFFFFFFF-1", 0x1FFFFFFFEull, R(6));
    CHECK("neg 0x1FFFFFFFF", (uint64_t)-(int64_t)0x1FFFFFFFFull, R(7));
    SET(4, 0x100000001ull); SET(5, 0x100000001ull);
    RUN(M64, "mulld", MULLD(3, 4, 5));
    CHECK("mulld (2^32+1)^2", 0x0000000200000001ull, R(3));
    SET(4, 0x8000000000000000ull); SET(5, 4); SET(6, ~0ull);
    RUN(M64, "mulhd", MULHD(3, 4, 5), MULHDU(7, 6, 6));
    CHECK("mulhd 0x8000..0 * 4", 0xFFFFFFFFFFFFFFFEull, R(3));
    CHECK("mulhdu 0xFFFF..F^2", 0xFFFFFFFFFFFFFFFEull, R(7));
    SET(4, (uint64_t)-0x500000000ll); SET(5, 3); SET(6, 0xFFFFFFFFFFFFFFFEull); SET(7, 0x100000000ull);
    RUN(M64, "divd", DIVD(3, 4, 5), DIVDU(8, 6, 7));
    CHECK("divd -0x500000000/3", (uint64_t)(-0x500000000ll / 3), R(3));
    CHECK("divdu 0xFFFF..FE/2^32", 0xFFFFFFFFull, R(8));
    SET(4, ~0ull); SET(5, 1); SET(6, 0x100000000ull); SET(7, 0);
    RUN(M64, "addc/adde", CLRXER, ADDC(3, 4, 5), MFXER(9), ADDE(8, 6, 7));
    CHECK("addc -1+1 result", 0, R(3));
    CHECK("addc -1+1 XER (CA only on a 970)", 0x20000000, R(9));
    CHECK("adde 2^32+0+CA", 0x100000001ull, R(8));
    SET(4, 0xFFFFFFFFull); SET(5, 1);
    RUN(M64, "addc 32-bit carry", CLRXER, ADDC(3, 4, 5), MFXER(9));
    CHECK("addc 0xFFFFFFFF+1 (SF=1) result", 0x100000000ull, R(3));
    CHECK("addc 0xFFFFFFFF+1 (SF=1) XER: no CA", 0, R(9));
    SET(4, 0x100000000ull); SET(5, 5);
    RUN(M64, "subfc", CLRXER, SUBFC(3, 4, 5), MFXER(9));
    CHECK("subfc 5-2^32", 5 - 0x100000000ull, R(3));
    CHECK("subfc 5-2^32 XER (borrow: CA=0)", 0, R(9));
    SET(4, 0x7FFFFFFFFFFFFFFFull); SET(5, 1);
    RUN(M64, "addo", CLRXER, ADDO(3, 4, 5), MFXER(9));
    CHECK("addo 2^63-1+1 XER (SO|OV)", 0xC0000000, R(9));
    SET(4, 0x7FFFFFFFull); SET(5, 1);
    RUN(M64, "addo 32", CLRXER, ADDO(3, 4, 5), MFXER(9));
    CHECK("addo 0x7FFFFFFF+1 (SF=1) XER: no OV", 0, R(9));
    /* compares: cr0 cmpd, cr1 cmpw, cr2 cmpld, cr3 cmpd(-1), cr4 cmpdi, cr5 cmpwi */
    SET(4, 0x100000000ull); SET(5, 2); SET(6, ~0ull);
    RUN(M64, "compares", CLRXER, CLRCR, CMPD(0, 4, 5), CMPW(1, 4, 5), CMPLD(2, 6, 5), CMPD(3, 6, 5), CMPDI(4, 4, 0),
        CMPWI(5, 4, 0), MFCR(3));
    CHECK("cmpd/cmpw/cmpld/cmpd/cmpdi/cmpwi -> CR", 0x48484200, R(3));
    SET(4, 0x80000000ull); SET(5, 0xFFFFFFFF7FFFFFFFull);
    RUN(M64, "extsw", EXTSW(3, 4), EXTSW(6, 5));
    CHECK("extsw 0x80000000", 0xFFFFFFFF80000000ull, R(3));
    CHECK("extsw 0xFFFFFFFF7FFFFFFF", 0x7FFFFFFFull, R(6));
    SET(4, 1); SET(5, 40); SET(6, 64); SET(7, 0x8000000000000000ull); SET(8, 63);
    RUN(M64, "sld/srd", SLD(3, 4, 5), SLD(9, 4, 6), SRD(10, 7, 8));
    CHECK("sld 1<<40", 1ull << 40, R(3));
    CHECK("sld 1<<64", 0, R(9));
    CHECK("srd 2^63>>63", 1, R(10));
    SET(4, 0x8000000000000010ull); SET(5, 4); SET(6, 0x8000000000000001ull);
    RUN(M64, "srad", CLRXER, SRAD(3, 4, 5), MFXER(9), SRAD(7, 6, 5), MFXER(10), SRADI(8, 7, 36));
    CHECK("srad 0x8000..10>>4", 0xF800000000000001ull, R(3));
    CHECK("srad ... XER (no 1s out: CA=0)", 0, R(9));
    CHECK("srad 0x8000..01>>4", 0xF800000000000000ull, R(7));
    CHECK("srad ... XER (1s out: CA=1)", 0x20000000, R(10));
    CHECK("sradi 36", (uint64_t)((int64_t)0xF800000000000000ull >> 36), R(8));
    SET(4, x); SET(5, 16); SET(6, 4); SET(7, ~0ull);
    RUN(M64, "rld*", RLDICL(3, 4, 8, 0), RLDICL(8, 4, 0, 32), RLDICR(9, 4, 4, 59), RLDIC(10, 4, 8, 16),
        RLDIMI(7, 4, 32, 0), RLDCL(11, 4, 5, 0), RLDCR(12, 4, 6, 59), RLDICL(13, 4, 60, 4));
    CHECK("rldicl x,8,0 (rotldi 8)", rotl64(x, 8), R(3));
    CHECK("rldicl x,0,32 (clrldi 32)", x & 0xFFFFFFFFull, R(8));
    CHECK("rldicr x,4,59 (sldi 4)", x << 4, R(9));
    CHECK("rldic x,8,16", rotl64(x, 8) & mask64(16, 55), R(10));
    CHECK("rldimi -1,x,32,0", (rotl64(x, 32) & mask64(0, 31)) | (~0ull & ~mask64(0, 31)), R(7));
    CHECK("rldcl x,16,0", rotl64(x, 16), R(11));
    CHECK("rldcr x,4,59", rotl64(x, 4) & mask64(0, 59), R(12));
    CHECK("rldicl x,60,4 (srdi 4)", x >> 4, R(13));
    SET(4, 0x100000000ull); SET(5, 0);
    RUN(M64, "cntlz", CNTLZD(3, 4), CNTLZW(6, 4), CNTLZD(7, 5));
    CHECK("cntlzd 2^32", 31, R(3));
    CHECK("cntlzw 2^32", 32, R(6));
    CHECK("cntlzd 0", 64, R(7));
    SET(4, 0xFFFFFFFFull); SET(5, 1);
    RUN(M64, "add.", CLRXER, CLRCR, ADD_(3, 4, 5), MFCR(6));
    CHECK("add. 0xFFFFFFFF+1 (SF=1) CR0 GT", 0x40000000, R(6));
    SET(4, 0x100000002ull); SET(5, 3); SET(6, 0x7FFFFFFF); SET(7, 0xFFFFFFFF12345678ull);
    RUN(M64, "mullw/rlwinm", MULLW(3, 4, 5), MULLW(8, 6, 6), RLWINM(9, 7, 0, 0, 31), RLWINM(10, 7, 8, 28, 3),
        LIS(11, 0x8000), ORIS(12, 11, 0x1234), SLW(13, 7, 5), SRAW(14, 4, 5));
    CHECK("mullw (low words) 2*3", 6, R(3));
    CHECK("mullw 0x7FFFFFFF^2 (64-bit product)", 0x3FFFFFFF00000001ull, R(8));
    CHECK("rlwinm r,x,0,0,31 (clears high word)", 0x12345678, R(9));
    {
        uint64_t lo = 0x12345678, rep = lo << 32 | lo;
        CHECK("rlwinm r,x,8,28,3 (wrapping mask)", rotl64(rep, 8) & mask64(60, 35), R(10));
    }
    CHECK("lis 0x8000 (sign-extends)", 0xFFFFFFFF80000000ull, R(11));
    CHECK("oris (keeps high word)", 0xFFFFFFFF92340000ull, R(12));
    CHECK("slw 0xFFFFFFFF12345678,3", (0x12345678ull << 3) & 0xFFFFFFFFull, R(13));
    CHECK("sraw 0x100000002,3 (uses low word)", 0, R(14));

    /* ---- 32-bit mode (SF=0) on the 64-bit CPU ---- */
    SET(4, 0xFFFFFFFFull); SET(5, 1);
    RUN(M32, "add. SF=0", CLRXER, CLRCR, ADD_(3, 4, 5), MFCR(6), ADDC(7, 4, 5), MFXER(8));
    CHECK("add 0xFFFFFFFF+1 (SF=0) keeps 64-bit result", 0x100000000ull, R(3));
    CHECK("add. (SF=0) CR0 from low word: EQ", 0x20000000, R(6));
    CHECK("addc 0xFFFFFFFF+1 (SF=0) XER CA", 0x20000000, R(8));
    SET(4, 0x100000000ull); SET(5, 2);
    RUN(M32, "cmp SF=0", CLRXER, CLRCR, CMPD(0, 4, 5), CMPW(1, 4, 5), MFCR(3));
    CHECK("cmpd/cmpw (SF=0) -> CR", 0x48000000, R(3));
    SET(4, 0x7FFFFFFFull); SET(5, 1);
    RUN(M32, "addo SF=0", CLRXER, ADDO(3, 4, 5), MFXER(9));
    CHECK("addo 0x7FFFFFFF+1 (SF=0) XER SO|OV", 0xC0000000, R(9));
    RUN(M32, "bl SF=0", BL(8), NOP, MFLR(3));
    CHECK("bl (SF=0): LR = 32-bit address", 0x100000 + code_off - 12 - 4 + 4, R(3));

    uc_close(g->uc);
    return summary("g03_alu");
}
