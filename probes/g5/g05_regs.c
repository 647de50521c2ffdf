/* g05: the register API in PPC64 mode: 64-bit GPRs, PC, MSR (SF), LR, CTR, XER, CR, FPRs,
 * operand sizes (uc_reg_read2), and what the guest sees of values written through the API.
 * CPU: G5_MODEL env or the PPC64 default; virtual TLB. */
#include "g5.h"

static g5_t *g;
static uint64_t code_off;
static void run_snip(uint64_t msr, const uint32_t *w, size_t n, const char *what) {
    uint64_t pa = 0x100000 + code_off;
    code_off += (4 * n + 15) & ~15ull;
    put_phys(g, pa, w, n);
    uint64_t va = (msr & MSR_SF) ? 0x100000000ull + pa : pa;
    uc_err e = g5_run(g, va, msr);
    if (!(e == UC_ERR_OK && g->intno == 8 && g->intr_pc == va + 4 * n)) {
        n_fail++;
        printf("FAIL %-44s snippet did not complete: rc=%d intno=%d pc=%" PRIx64 "\n", what, e, g->intno, g->intr_pc);
    }
}
#define RUN(msr, what, ...) do { uint32_t c_[] = {__VA_ARGS__, SC}; run_snip(msr, c_, sizeof c_ / 4, what); } while (0)
#define SET(r, v) wreg(g, GPR(r), (uint64_t)(v))
#define R(r) rreg(g, GPR(r))
static const uint64_t M64 = MSR_SF | MSR_USER;

int main(void) {
    const char *env = getenv("G5_MODEL");
    int model = env ? atoi(env) : -1;
    g = g5_open(model, true);
    g5_map(g, 0x100100000ull, 0x100000, 0x100000, UC_PROT_ALL);
    g5_map(g, 0x100000, 0x100000, 0x100000, UC_PROT_ALL);
    g5_map(g, 0x200000000ull, 0x200000, 0x10000, UC_PROT_READ | UC_PROT_WRITE);

    /* GPRs, LR, CTR, PC: 64-bit round trips */
    for (int i = 0; i < 32; i++) SET(i, 0x0123456789ABCDEFull ^ ((uint64_t)i << 56));
    int bad = 0;
    for (int i = 0; i < 32; i++) bad += R(i) != (0x0123456789ABCDEFull ^ ((uint64_t)i << 56));
    CHECK("API GPR0-31 64-bit round trip (mismatches)", 0, bad);
    wreg(g, UC_PPC_REG_LR, 0xFEDCBA9876543210ull); wreg(g, UC_PPC_REG_CTR, 0x1122334455667788ull);
    CHECK("API LR round trip", 0xFEDCBA9876543210ull, rreg(g, UC_PPC_REG_LR));
    CHECK("API CTR round trip", 0x1122334455667788ull, rreg(g, UC_PPC_REG_CTR));
    wreg(g, UC_PPC_REG_PC, 0x123456789ABCull);
    CHECK("API PC round trip (64-bit)", 0x123456789ABCull, rreg(g, UC_PPC_REG_PC));
    RUN(M64, "mflr/mfctr", MFLR(3), MFCTR(4), LIS(5, 0x7FFF), RLDICR(5, 5, 32, 31), MTLR(5), MTCTR(5));
    CHECK("guest mflr sees API LR", 0xFEDCBA9876543210ull, R(3));
    CHECK("guest mfctr sees API CTR", 0x1122334455667788ull, R(4));
    CHECK("API LR after guest mtlr (64-bit)", 0x7FFF000000000000ull, rreg(g, UC_PPC_REG_LR));
    /* sizes: PC and GPRs are 8 bytes in PPC64; a 4-byte buffer must be refused, not overrun */
    {
        uint32_t v32[2] = {0xAAAAAAAA, 0xBBBBBBBB}; size_t sz = 4;
        uc_err e = uc_reg_read2(g->uc, UC_PPC_REG_PC, v32, &sz);
        NOTE("uc_reg_read2(PC, 4-byte buffer) -> rc=%d size=%zu buf=%08x %08x", e, sz, v32[0], v32[1]);
        CHECK("uc_reg_read2(PC, size 4) refused (UC_ERR_OVERFLOW)", UC_ERR_OVERFLOW, e);
        sz = 8; uint64_t v = 0;
        CHECK("uc_reg_read2(PC, size 8) ok", UC_ERR_OK, uc_reg_read2(g->uc, UC_PPC_REG_PC, &v, &sz));
        sz = 16;
        uc_reg_read2(g->uc, UC_PPC_REG_XER, &v, &sz);
        NOTE("XER operand size %zu, CR size (expect 4)", sz);
    }
    /* MSR */
    wreg(g, UC_PPC_REG_MSR, MSR_SF | MSR_PR | MSR_FP | MSR_VEC);
    CHECK("API MSR SF|PR|FP|VEC -> (EE|IR|DR forced)", MSR_SF | MSR_PR | MSR_FP | MSR_VEC | MSR_EE | MSR_IR | MSR_DR,
          rreg(g, UC_PPC_REG_MSR) & ~MSR_HV);
    wreg(g, UC_PPC_REG_MSR, MSR_PR | MSR_FP);
    CHECK("API MSR without SF reads back without SF", 0, rreg(g, UC_PPC_REG_MSR) & MSR_SF);
    wreg(g, UC_PPC_REG_MSR, ~0ull);
    NOTE("MSR after writing all ones: %016" PRIx64, rreg(g, UC_PPC_REG_MSR));
    /* XER: CA written by the API, seen by the guest? CA set by the guest, seen by the API? */
    SET(4, 0); SET(5, 0);
    wreg(g, UC_PPC_REG_XER, 0x20000000);
    RUN(M64, "adde with API CA", ADDE(3, 4, 5), MFXER(6));
    CHECK("API XER=CA: guest adde 0+0+CA", 1, R(3));
    SET(4, ~0ull);
    RUN(M64, "addic sets CA", LI(0, 0), MTXER(0), ADDIC(3, 4, 1), MFXER(6));
    CHECK("guest addic sets CA: guest mfxer (970: CA only)", 0x20000000, R(6));
    CHECK("guest addic sets CA: API XER", 0x20000000, rreg(g, UC_PPC_REG_XER) & 0xFFFFFFFF);
    /* CR */
    wreg(g, UC_PPC_REG_CR, 0x12345678);
    RUN(M64, "mfcr", MFCR(3));
    CHECK("API CR -> guest mfcr", 0x12345678, R(3));
    /* FPRs */
    {
        double a = 1.5, b = 2.25, r; uint64_t ba, bb, br = 0;
        memcpy(&ba, &a, 8); memcpy(&bb, &b, 8);
        CHK(uc_reg_write(g->uc, UC_PPC_REG_FPR2, &ba)); CHK(uc_reg_write(g->uc, UC_PPC_REG_FPR3, &bb));
        RUN(M64, "fadd", FADD(1, 2, 3));
        CHK(uc_reg_read(g->uc, UC_PPC_REG_FPR1, &br)); memcpy(&r, &br, 8);
        CHECK("FPR API in/out + fadd (x1000)", 3750, (uint64_t)(r * 1000));
    }
    /* vector registers: not in the API; a user-mode lvx/stvx stub works */
    {
        for (int i = 0; i < 16; i++) g->phys[0x200000 + i] = (uint8_t)i;
        SET(4, 0x200000000ull); SET(5, 0x10);
        RUN(M64, "lvx/vaddubm/stvx", LVX(1, 0, 4), VADDUBM(2, 1, 1), STVX(2, 4, 5));
        CHECK("VR via lvx/vaddubm/stvx (byte 15 = 30)", 30, g->phys[0x200010 + 15]);
    }
    /* context size */
    {
        uc_context *ctx; CHK(uc_context_alloc(g->uc, &ctx));
        NOTE("uc_context_size = %zu bytes", uc_context_size(g->uc));
        uc_context_free(ctx);
    }
    uc_close(g->uc);
    return summary("g05_regs");
}
