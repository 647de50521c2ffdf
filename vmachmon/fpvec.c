/*
 * vmachmon/fpvec.c - a context's floating-point and AltiVec state.
 *
 * The FP and vector registers stay in the context's CPU between launches
 * (the original kept them in the VM's facility context).  The state page
 * sees them only on request:
 *
 *   kVmmGetFloatState copies the 32 FPRs into ppcFPRs and clears
 *   vmmFloatCngd; a guest that never had an FP context reads FloatInit
 *   (0xC24BC195_87859393) in every register.
 *
 *   kVmmGetVectorState copies the 32 VRs into ppcVRs and clears
 *   vmmVectCngd.  As in the original, only the registers the vector
 *   context holds come back; the others read 0x7FFFDEAD in all four words.
 *   The original saved a vector context register by register according to
 *   VRSAVE, so "held" means: its VRSAVE bit was set when the context was
 *   last saved (the guest's VRSAVE at its last exit that used AltiVec) or
 *   loaded (vmmVectLoad).  A guest that keeps VRSAVE at 0 therefore reads
 *   back nothing but 0x7FFFDEAD, as it would have on Mac OS X.
 *
 *   vmmFloatLoad / vmmVectLoad in vmmCntrl load ppcFPRs / ppcVRs at the
 *   next launch; the bit is cleared, and so is the matching changed bit.
 *
 * FPSCR, VSCR and VRSAVE are swapped at every launch and exit.  FPSCR and
 * VRSAVE travel with the other registers; VSCR needs a stub, so it moves
 * only when it can differ: in, when the state page's value differs from
 * the CPU's; out, when the guest had AltiVec enabled during the run (only
 * vector instructions change VSCR).
 */
#include "config.h"

#include "ppc/insn.h"
#include "vmachmon/facility.h"

#define FLOAT_INIT_VALUE 0xC24BC19587859393ull /* FloatInit of the kernel */
#define QNAN_BARBARIAN 0x7FFFDEADu

static void clear_changed(vmm_context_t *c, uint32_t bit)
{
    atomic_fetch_and(&c->flags, ~bit);
    sp_sync_stat(c);
}

void fpvec_enter(vmm_context_t *c, const ppc_regs_t *r)
{
    uint32_t cntrl = sp_get(c, SP_CNTRL);
    if (cntrl & vmmFloatLoad) {
        uint64_t fpr[32];
        sp_get_fprs(c, fpr);
        ppc_cpu_set_fprs(c->cpu, fpr);
        c->fp_live = true;
        clear_changed(c, vmmFloatCngd);
    }
    uint32_t vscr = sp_get(c, SP_VSCR + 12);
    if (cntrl & vmmVectLoad) {
        uint32_t vr[32][4];
        sp_get_vrs(c, vr);
        if (ppc_cpu_set_vrs(c->cpu, vr, vscr) == 0)
            c->vscr = vscr;
        c->vec_live = true;
        c->vr_valid = r->vrsave;
        clear_changed(c, vmmVectCngd);
    }
    if (cntrl & (vmmFloatLoad | vmmVectLoad))
        sp_put(c, SP_CNTRL, cntrl & ~(vmmFloatLoad | vmmVectLoad));
    if (vscr != c->vscr && ppc_cpu_set_vscr(c->cpu, vscr) == 0)
        c->vscr = vscr;
}

void fpvec_leave(vmm_context_t *c, const ppc_regs_t *r)
{
    if (r->msr & PPC_MSR_VEC) {
        uint32_t vscr;
        if (ppc_cpu_get_vscr(c->cpu, &vscr) == 0)
            c->vscr = vscr;
        c->vr_valid = r->vrsave;
    }
    sp_put(c, SP_VSCR, 0);
    sp_put(c, SP_VSCR + 4, 0);
    sp_put(c, SP_VSCR + 8, 0);
    sp_put(c, SP_VSCR + 12, c->vscr);
}

kern_return_t fpvec_get_float_state(vmm_context_t *c)
{
    uint64_t fpr[32];
    clear_changed(c, vmmFloatCngd);
    if (c->fp_live) {
        ppc_cpu_get_fprs(c->cpu, fpr);
    } else {
        for (int i = 0; i < 32; i++)
            fpr[i] = FLOAT_INIT_VALUE;
    }
    sp_put_fprs(c, fpr);
    return KERN_SUCCESS;
}

kern_return_t fpvec_get_vector_state(vmm_context_t *c)
{
    uint32_t vr[32][4], vscr;
    clear_changed(c, vmmVectCngd);
    bool have = c->vec_live && ppc_cpu_get_vrs(c->cpu, vr, &vscr) == 0;
    for (int n = 0; n < 32; n++)
        if (!have || !(c->vr_valid & (0x80000000u >> n)))
            for (int k = 0; k < 4; k++)
                vr[n][k] = QNAN_BARBARIAN;
    sp_put_vrs(c, vr);
    return KERN_SUCCESS;
}

/* The guest's first FP instruction with no FP context: the context is
 * created with every register at FloatInit, as the kernel created it. */
void fpvec_first_fp(vmm_context_t *c)
{
    if (!c->fp_live) {
        uint64_t fpr[32];
        for (int i = 0; i < 32; i++)
            fpr[i] = FLOAT_INIT_VALUE;
        ppc_cpu_set_fprs(c->cpu, fpr);
        c->fp_live = true;
    }
}

/* Likewise for AltiVec: a new vector context holds 0x7FFFDEAD. */
void fpvec_first_vec(vmm_context_t *c)
{
    if (!c->vec_live) {
        uint32_t vr[32][4];
        for (int n = 0; n < 32; n++)
            for (int k = 0; k < 4; k++)
                vr[n][k] = QNAN_BARBARIAN;
        ppc_cpu_set_vrs(c->cpu, vr, c->vscr);
        c->vec_live = true;
    }
}

void fpvec_forget(vmm_context_t *c)
{
    c->fp_live = c->vec_live = false;
    c->vr_valid = 0;
}
