/*
 * vmachmon/launch.c - launching a guest and reflecting its exit.
 *
 * A launch (kVmmExecuteVM, and kVmmMapExecute / kVmmProtectExecute after
 * their map or protect) follows the checks of the original switchIntoVM,
 * in its order:
 *
 *   1. context number out of range or not in use -> kVmmBogusContext
 *      (return_code is not written);
 *   2. address-space byte - 1 >= 32 -> kVmmInvalidAdSpace;
 *   3. vmmXStart in vmmCntrl clears it and the context's vmmXStop;
 *   4. vmmXStop -> kVmmStopped, vmmTimerPop -> kVmmReturnNull (not run);
 *   5. no address space -> a synthetic ISI (code 4, params {PC, 0x40000000});
 *   6. otherwise the switch: the state page's return_code and params are
 *      written as the entry looks to the symmetric swap routine of the
 *      original (see enter()), the registers are loaded and the guest runs.
 *
 * While the guest runs, the events the kernel handled without the host
 * stay here: first use of FP or AltiVec (lazy facility switch), and DSI or
 * ISI on a mapped page whose PTE had been evicted from the hashed table.
 * Everything else in the range DSI..trace, and every sc, is reflected to
 * the host: registers back into the state page (PC = SRR0, MSR = SRR1),
 * return_code = vector / 0x100, the return_params of that exit, vmmStat.
 */
#include "config.h"

#include "vmachmon/facility.h"
#include "vmachmon/guest_route.h"

#include "ppc/insn.h"
#include "vmachmon/nested.h"
#include "vmachmon/timer.h"


/* Launch refused before the switch: only return_code is written. */
static uint32_t refuse(vmm_context_t *c, uint32_t code)
{
    sp_put(c, SP_RETURN_CODE, code);
    return code;
}

/*
 * The original swaps the host's saved state with the state page on entry
 * as on exit, so entering also stores a return code and parameters: those
 * of a system call (the host's r3..r6 at its vmm_dispatch call), or, right
 * after a map into the same address space, those of a DSI on the page just
 * mapped (the kernel redrove that DSI to pre-load the PTE).
 */
static void enter(vmm_task_t *t, vmm_context_t *c, uint32_t as, const uint64_t host[4])
{
    if (t->last_map_as == as) {
        uint32_t p[2] = {(uint32_t)t->last_map_va, PPC_DSISR_NOT_FOUND};
        sp_put(c, SP_RETURN_CODE, kVmmReturnDataPageFault);
        sp_set_params(c, 2, p);
        t->last_map_as = 0;
    } else {
        uint32_t p[4] = {(uint32_t)host[0], (uint32_t)host[1], (uint32_t)host[2],
                         (uint32_t)host[3]};
        sp_put(c, SP_RETURN_CODE, kVmmReturnSystemCall);
        sp_set_params(c, 4, p);
    }
}

/* Points the CPU at address space a with the context's protection key. */
static void prepare_cpu(vmm_context_t *c, vmm_adsp_t *a)
{
    /* vmmKey is the reverse of the PowerPC key: vmmKey 0 runs with Kp = 1. */
    uint32_t key = (sp_get(c, SP_CNTRL) & vmmKey) ? 1 : 0;
    if (key == 0 && a->no_access_ptes)
        adsp_hide_no_access(a); /* a key 0 guest here let them in */
    if (c->cpu_adsp != a || c->cpu_key != key) {
        uint32_t sr[16];
        for (unsigned i = 0; i < 16; i++)
            sr[i] = htab_sr(i, key == 0);
        ppc_cpu_set_mmu(c->cpu, htab_sdr1(&a->htab), sr);
        ppc_cpu_flush_tlb(c->cpu);
        c->cpu_adsp = a;
        c->cpu_key = key;
        c->cpu_adsp_gen = a->gen;
    } else if (c->cpu_adsp_gen != a->gen) {
        ppc_cpu_flush_tlb(c->cpu);
        c->cpu_adsp_gen = a->gen;
    }
    icache_sync(c->cpu, &c->icache_seq);
}

/*
 * A DSI or ISI that found no PTE: put the PTE back and run the access
 * again, or, for a page the guest's key may not touch at all (adsp.h),
 * turn the exit into the protection fault a G4 reports (for a fetch too,
 * which the engine itself would have let through).
 */
static bool refill(vmm_context_t *c, vmm_adsp_t *a, uint32_t ea, uint32_t *reason)
{
    if (!(*reason & PPC_DSISR_NOT_FOUND))
        return false;
    switch (adsp_refill(a, ea, c->cpu_key != 0)) {
    case ADSP_REFILLED:
        return true; /* (the run loop points the CPU at the table again) */
    case ADSP_NO_ACCESS:
        *reason = (*reason & ~PPC_DSISR_NOT_FOUND) | PPC_DSISR_PROTECTION;
        return false;
    default:
        return false;
    }
}

/* Events handled without the host.  Returns true to resume the guest;
 * may rewrite the exit's reason bits (refill). */
static bool handle_inside(vmm_context_t *c, vmm_adsp_t *a, ppc_regs_t *r, ppc_exit_t *x)
{
    switch (x->vector) {
    case PPC_VEC_FP_UNAVAILABLE:
        /* Lazy FP: the facility is off at every launch; its first use
         * turns it on, and the guest changed FP state as far as the host
         * can know (the kernel's fpu_switch marked it so). */
        fpvec_first_fp(c);
        r->msr |= PPC_MSR_FP;
        atomic_fetch_or(&c->flags, vmmFloatCngd);
        return true;
    case PPC_VEC_VMX_UNAVAILABLE:
        fpvec_first_vec(c);
        r->msr |= PPC_MSR_VEC;
        atomic_fetch_or(&c->flags, vmmVectCngd);
        return true;
    case PPC_VEC_DSI:
        return refill(c, a, x->dar, &x->dsisr);
    case PPC_VEC_ISI:
        return refill(c, a, x->srr0, &x->srr1);
    default:
        return false;
    }
}

/* Why a preempted guest must leave, or -1 if it may go on. */
static int preempt_code(vmm_task_t *t, vmm_context_t *c)
{
    if (c->dying)
        return kVmmBogusContext; /* torn down by a handler: as vmm_tear_down_all
                                    forced out a running VM */
    uint32_t flags = atomic_load(&c->flags);
    if (flags & vmmXStop)
        return kVmmStopped;
    if (flags & vmmTimerPop)
        return kVmmReturnNull;
    if (nested_outer_wants_out(t))
        return kVmmReturnNull; /* the outer guest's limits (nested.c) */
    return -1;
}

/* Stores the guest state and the exit into the state page. */
static void exit_to_host(vmm_context_t *c, ppc_regs_t *r, const ppc_exit_t *x,
                         uint32_t code)
{
    if (x->stop == PPC_STOP_EXCEPTION)
        r->msr = x->srr1;
    else
        r->msr &= 0x0200FFFFu;
    fpvec_leave(c, r);
    fam_leave(c);
    r->pc = x->srr0;
    sp_store_regs(c, r);
    sp_put(c, SP_RETURN_CODE, code);
    if (x->stop == PPC_STOP_EXCEPTION) {
        uint32_t p[4];
        switch (x->vector) {
        case PPC_VEC_DSI:
        case PPC_VEC_ALIGNMENT:
            p[0] = x->dar;
            p[1] = x->dsisr;
            sp_set_params(c, 2, p);
            break;
        case PPC_VEC_ISI:
            p[0] = x->srr0;
            p[1] = x->srr1 & ISI_DSISR_BITS;
            sp_set_params(c, 2, p);
            break;
        case PPC_VEC_SYSCALL:
            for (int i = 0; i < 4; i++)
                p[i] = r->gpr[3 + i];
            sp_set_params(c, 4, p);
            break;
        default:
            break; /* program and trace leave the params as they were */
        }
    }
    sp_sync_stat(c);
}

/* Runs the guest until it must leave; returns the exit code. */
static uint32_t run(vmm_task_t *t, vmm_context_t *c, vmm_adsp_t *a, ppc_regs_t *r)
{
    ppc_exit_t x;
    for (;;) {
        prepare_cpu(c, a);
        if (ppc_cpu_run(c->cpu, r, &x) != 0)
            return KERN_FAILURE; /* the emulator failed: a host problem */
        if (x.stop == PPC_STOP_EXCEPTION) {
            if (handle_inside(c, a, r, &x) || fam_intercept(c, r, &x))
                continue;
            if (x.vector == PPC_VEC_SYSCALL && fam_call(c, r))
                continue;
            if (x.vector == PPC_VEC_SYSCALL && c->route) {
                int code = guestcall_route(c, a, r, &x);
                if (code < 0)
                    continue;
                exit_to_host(c, r, &x, (uint32_t)code);
                return (uint32_t)code;
            }
            exit_to_host(c, r, &x, x.vector >> 8);
            return x.vector >> 8;
        }
        if (x.stop == PPC_STOP_BUDGET) {
            exit_to_host(c, r, &x, kVmmReturnNull);
            return kVmmReturnNull;
        }
        if (x.stop == PPC_STOP_DEADLINE) {
            timer_poll(c);
            nested_poll_timers(t);
            /* A handler may have moved the deadline since the launch. */
            ppc_cpu_set_deadline(c->cpu, nested_deadline(t, atomic_load(&c->timer)));
        }
        int code = preempt_code(t, c);
        if (code < 0) {
            /* A request meant for an earlier run: drop it, then look again
             * so that a stop arriving meanwhile is not lost. */
            ppc_cpu_clear_preempt(c->cpu);
            code = preempt_code(t, c);
        }
        if (code >= 0) {
            exit_to_host(c, r, &x, (uint32_t)code);
            return (uint32_t)code;
        }
    }
}

uint32_t launch(vmm_task_t *t, uint32_t idx, const uint64_t host_args[4])
{
    vmm_context_t *c = task_context(t, idx);
    if (!c || c->in_launch)
        return kVmmBogusContext; /* (a handler relaunching its own context) */
    uint32_t as = context_as(c, idx);
    if (as - 1 >= kVmmMaxContexts)
        return kVmmInvalidAdSpace;
    if (t->last_map_as != as)
        t->last_map_as = 0; /* no redrive into another address space */

    uint32_t cntrl = sp_get(c, SP_CNTRL);
    if (cntrl & vmmXStart) {
        sp_put(c, SP_CNTRL, cntrl & ~vmmXStart);
        atomic_fetch_and(&c->flags, ~vmmXStop);
    }
    ppc_cpu_clear_preempt(c->cpu);
    /* Stopped, popped, or (not in the original, nested.c) an outer context
     * that wants out: not run. */
    int why = preempt_code(t, c);
    if (why >= 0)
        return refuse(c, (uint32_t)why);

    vmm_adsp_t *a = task_adsp(t, as);
    if (!a) {
        /* The original wrote 64-bit parameters for a vmm64Bit context here
         * whatever the CPU (on a 32-bit one, with an instruction it could
         * not execute); this G4 writes them as the code meant. */
        if (c->xa_flags & vmm64Bit) {
            sp_put64(c, SP_PARAMS, sp_get(c, SP_PC));
            sp_put64(c, SP_PARAMS + 8, PPC_DSISR_NOT_FOUND);
        } else {
            uint32_t p[2] = {sp_get(c, SP_PC), PPC_DSISR_NOT_FOUND};
            sp_set_params(c, 2, p);
        }
        return refuse(c, kVmmReturnInstrPageFault);
    }

    enter(t, c, as, host_args);
    fam_enter(c);
    ppc_regs_t r;
    sp_load_regs(c, &r);
    r.msr = (r.msr & MSR_IMPORT_BITS) | MSR_EXPORT_MASK_SET;
    fpvec_enter(c, &r);

    /* The CPU watches the deadline itself while the guest runs. */
    ppc_cpu_set_deadline(c->cpu, nested_deadline(t, atomic_load(&c->timer)));
    nested_loan_t loan;
    nested_lend_budget(t, c, &loan);
    c->in_launch = true;
    a->users++;
    uint32_t code = run(t, c, a, &r);
    c->in_launch = false;
    context_adsp_done(t, a);
    nested_repay_budget(t, c, &loan);
    context_reap(t, c);
    return code;
}
