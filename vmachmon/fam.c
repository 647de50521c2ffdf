/*
 * vmachmon/fam.c - Fast Assist Mode (kVmmFeature_FastAssist).
 *
 * A launch with vmmFamEna in vmmCntrl intercepts the exceptions named in
 * fastassist_intercepts (bit 0x80000000 >> exit code: DSI 3, ISI 4,
 * alignment 6, program 7).  An intercepted exception does not leave the
 * guest: as the kernel's vmm_fam_exc / vmm_fam_pf did, it
 *
 *   - saves guest r0-r7, PC (SRR0) and MSR (SRR1) in the fast-assist area
 *     of the state page, and sets fastassist_dispatch_code and
 *     fastassist_parameter[0..2];
 *   - enters FAM mode and continues at fastassist_dispatch with
 *     r0 = exit code, r1 = fastassist_refcon, r2 = SRR0,
 *       DSI, alignment: r3 = DAR, r4 = DSISR (also parameter[1], [2]);
 *       ISI:            r3 = SRR1 & 0x78000000 (parameter[1]);
 *       program:        r3 = SRR1 (parameter[1]);
 *     program and alignment handlers run with SE, BE, FE0 and FE1 off.
 *
 * In FAM mode the handler talks to the facility with sc, r0 = 0x6004 and
 * the selector in r3 (the "ultra fast" trap path of the kernel):
 *
 *   kvmmGetGuestRegister (22)  r4 = 0..7 -> r3 = the saved guest register
 *   kvmmSetGuestRegister (23)  r4 = 0..7, r5 = value -> saved, r3 = 0
 *                              (r4 out of range: r3 is left as it was)
 *   kvmmResumeGuest (21)       r4 = PC; if vmmKey is set in r6 (a mask),
 *                              the protection key becomes r5's vmmKey bit;
 *                              the guest resumes with the saved r0-r7 and
 *                              MSR (user bits only, FP/VEC as now)
 *   kvmmExitToHost (20)        leaves to the host (kVmmReturnSystemCall)
 *
 * Any other sc, and any other selector, leaves to the host as an ordinary
 * system call.  (The kernel also let a handler call the FAM-valid
 * selectors in place; vmachmon reflects those to the host instead.)  At
 * every exit the FAM state is reported: vmmFAMmode in vmmStat, and
 * vmmFamSet and vmmKey in vmmCntrl; a launch with vmmFamEna and vmmFamSet
 * starts in FAM mode (the handler continues).
 */
#include "config.h"

#include "ppc/insn.h"
#include "vmachmon/facility.h"

#define TRACE_AND_FP_BITS (PPC_MSR_FE0 | PPC_MSR_SE | PPC_MSR_BE | PPC_MSR_FE1)

#define UFT_CALL 0x6004
enum { FAM_EXIT_TO_HOST = 20, FAM_RESUME = 21, FAM_GET_REG = 22, FAM_SET_REG = 23 };

/* Field numbers of the fast-assist area, in units of the flavour's word:
 * 4 bytes for a 32-bit VM, 8 for a vmm64Bit one (vmm_fastassist_state_t). */
enum {
    FA_DISPATCH = 0,
    FA_REFCON = 1,
    FA_CODE = 2,
    FA_PARAM = 3,      /* 5 words */
    FA_GUEST_REG = 8,  /* 8 words */
    FA_GUEST_PC = 16,
    FA_GUEST_MSR = 17
};

static bool wide(const vmm_context_t *c) { return (c->xa_flags & vmm64Bit) != 0; }

static uint32_t fa_get(const vmm_context_t *c, unsigned field)
{
    return wide(c) ? (uint32_t)sp_get64(c, SP_FAM + 8 * field) : sp_get(c, SP_FAM + 4 * field);
}

static void fa_put(vmm_context_t *c, unsigned field, uint32_t v)
{
    if (wide(c))
        sp_put64(c, SP_FAM + 8 * field, v);
    else
        sp_put(c, SP_FAM + 4 * field, v);
}

static uint32_t intercepts(const vmm_context_t *c)
{
    return wide(c) ? sp_get(c, SP_FAM + 0x90) : sp_get(c, SP_FAM + 0x48);
}

void fam_enter(vmm_context_t *c)
{
    uint32_t cntrl = sp_get(c, SP_CNTRL);
    c->fam_ena = (cntrl & vmmFamEna) != 0;
    c->fam_mode = c->fam_ena && (cntrl & vmmFamSet);
    if (c->fam_ena)
        sp_put(c, SP_CNTRL, cntrl & ~vmmFamSet);
}

void fam_leave(vmm_context_t *c)
{
    uint32_t cntrl = sp_get(c, SP_CNTRL) & ~vmmFamSet;
    if (c->fam_mode) {
        cntrl |= vmmFamSet;
        atomic_fetch_or(&c->flags, vmmFAMmode);
    } else {
        atomic_fetch_and(&c->flags, ~vmmFAMmode);
    }
    sp_put(c, SP_CNTRL, cntrl);
    c->fam_ena = c->fam_mode = false;
}

bool fam_intercept(vmm_context_t *c, ppc_regs_t *r, const ppc_exit_t *x)
{
    uint32_t code = x->vector >> 8;
    if (!c->fam_ena || c->fam_mode || code < 3 || code > 7 || code == 5 ||
        !(intercepts(c) & (0x80000000u >> code)))
        return false;
    for (unsigned i = 0; i < 8; i++)
        fa_put(c, FA_GUEST_REG + i, r->gpr[i]);
    fa_put(c, FA_GUEST_PC, x->srr0);
    fa_put(c, FA_GUEST_MSR, x->srr1);
    fa_put(c, FA_CODE, code);
    fa_put(c, FA_PARAM, x->srr0);
    switch (x->vector) {
    case PPC_VEC_DSI:
    case PPC_VEC_ALIGNMENT:
        fa_put(c, FA_PARAM + 1, x->dar);
        fa_put(c, FA_PARAM + 2, x->dsisr);
        r->gpr[3] = x->dar;
        r->gpr[4] = x->dsisr;
        break;
    case PPC_VEC_ISI:
        fa_put(c, FA_PARAM + 1, x->srr1 & ISI_DSISR_BITS);
        r->gpr[3] = x->srr1 & ISI_DSISR_BITS;
        break;
    default: /* program */
        fa_put(c, FA_PARAM + 1, x->srr1);
        r->gpr[3] = x->srr1;
        break;
    }
    if (x->vector == PPC_VEC_PROGRAM || x->vector == PPC_VEC_ALIGNMENT)
        r->msr &= ~TRACE_AND_FP_BITS;
    r->gpr[0] = code;
    r->gpr[1] = fa_get(c, FA_REFCON);
    r->gpr[2] = x->srr0;
    r->pc = fa_get(c, FA_DISPATCH);
    c->fam_mode = true;
    return true;
}

/* kvmmResumeGuest: back to the saved guest, leaving FAM mode. */
static void resume_guest(vmm_context_t *c, ppc_regs_t *r)
{
    uint32_t pc = r->gpr[4];
    if (r->gpr[6] & vmmKey) {
        uint32_t cntrl = sp_get(c, SP_CNTRL);
        sp_put(c, SP_CNTRL, (cntrl & ~vmmKey) | (r->gpr[5] & vmmKey));
    }
    uint32_t facilities = r->msr & (PPC_MSR_FP | PPC_MSR_VEC);
    r->msr = (fa_get(c, FA_GUEST_MSR) & MSR_IMPORT_BITS) | MSR_EXPORT_MASK_SET | facilities;
    for (unsigned i = 0; i < 8; i++)
        r->gpr[i] = fa_get(c, FA_GUEST_REG + i);
    r->pc = pc;
    c->fam_mode = false;
}

bool fam_call(vmm_context_t *c, ppc_regs_t *r)
{
    if (!c->fam_mode || r->gpr[0] != UFT_CALL)
        return false;
    uint32_t index = r->gpr[4];
    switch (r->gpr[3]) {
    case FAM_GET_REG:
        if (index <= 7)
            r->gpr[3] = fa_get(c, FA_GUEST_REG + index);
        return true;
    case FAM_SET_REG:
        if (index <= 7) {
            fa_put(c, FA_GUEST_REG + index, r->gpr[5]);
            r->gpr[3] = 0;
        }
        return true;
    case FAM_RESUME:
        resume_guest(c, r);
        return true;
    default: /* kvmmExitToHost, and everything else */
        return false;
    }
}
