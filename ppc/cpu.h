/*
 * ppc/cpu.h - the PowerPC CPU seam.
 *
 * The facility (vmachmon/) sees a PowerPC processor through these few
 * functions and types only; which engine executes the instructions is this
 * layer's secret (cpu_unicorn.c is the only file that includes Unicorn).
 *
 * A CPU runs guest code with the MSR the caller gives it (the facility
 * always sets PR, IR and DR: problem state with translation on) until an
 * architectural exception, a preemption request or the end of an
 * instruction budget.  It then reports the exception as the hardware would
 * have recorded it: vector, SRR0, SRR1 (with the reason bits of program
 * and ISI exceptions), DAR and DSISR.  Nothing is ever half-executed: SRR0
 * names the faulting instruction (program, DSI, ISI, alignment, FP or
 * vector unavailable) or the next one (sc, trace, preemption), and the
 * registers are those of that point.
 *
 * Translation uses the hashed page table the caller installs
 * (ppc_cpu_set_mmu); physical addresses are those of ppc/physmem.h.
 *
 * Thread safety: one thread drives a CPU; ppc_cpu_preempt() may be called
 * from any thread (and from a signal handler).
 */
#ifndef PPC_CPU_H
#define PPC_CPU_H

#include <stdbool.h>
#include <stdint.h>

typedef struct ppc_cpu ppc_cpu_t;

typedef enum ppc_model {
    PPC_MODEL_G4 = 0, /* MPC7400: 32-bit, AltiVec, hashed page table */
} ppc_model_t;

/*
 * The user-visible register state moved at every launch and exit.  The
 * first 40 words have the order of the state page's vmm_regs32_t (MQ
 * included, unused), so that copies between the two are straight loops.
 */
typedef struct ppc_regs {
    uint32_t pc;
    uint32_t msr; /* as run: the facility's MSR image (PR|IR|DR|...) */
    uint32_t gpr[32];
    uint32_t cr, xer, lr, ctr;
    uint32_t mq;  /* 601 only: never used by a G4 */
    uint32_t vrsave;
    uint32_t fpscr;
} ppc_regs_t;

#define PPC_REGS_IMAGE_WORDS 40 /* pc .. vrsave */

/* Exception vectors the CPU reports. */
enum {
    PPC_VEC_DSI = 0x300,
    PPC_VEC_ISI = 0x400,
    PPC_VEC_ALIGNMENT = 0x600,
    PPC_VEC_PROGRAM = 0x700,
    PPC_VEC_FP_UNAVAILABLE = 0x800,
    PPC_VEC_SYSCALL = 0xC00,
    PPC_VEC_TRACE = 0xD00,
    PPC_VEC_VMX_UNAVAILABLE = 0xF20
};

/* SRR1 reason bits of a program exception. */
#define PPC_SRR1_FP_ENABLED 0x00100000u
#define PPC_SRR1_ILLEGAL 0x00080000u
#define PPC_SRR1_PRIVILEGED 0x00040000u
#define PPC_SRR1_TRAP 0x00020000u
/* DSISR bits (and SRR1 bits of an ISI). */
#define PPC_DSISR_NOT_FOUND 0x40000000u
#define PPC_DSISR_PROTECTION 0x08000000u
#define PPC_DSISR_STORE 0x02000000u

typedef enum ppc_stop {
    PPC_STOP_EXCEPTION, /* an exception: see the fields of ppc_exit_t */
    PPC_STOP_PREEMPTED, /* ppc_cpu_preempt() */
    PPC_STOP_BUDGET,    /* the instruction budget ran out */
    PPC_STOP_DEADLINE,  /* the deadline of ppc_cpu_set_deadline() passed */
    PPC_STOP_ENGINE     /* the engine failed: a host problem, not a guest event */
} ppc_stop_t;

typedef struct ppc_exit {
    ppc_stop_t stop;
    uint32_t vector; /* PPC_VEC_* for PPC_STOP_EXCEPTION */
    uint32_t srr0;   /* where the guest resumes / the faulting instruction */
    uint32_t srr1;   /* MSR bits 16-31 and 6 plus the exception's reason bits */
    uint32_t dar;    /* DSI and alignment */
    uint32_t dsisr;  /* DSI and alignment */
    uint32_t insn;   /* the instruction at srr0 when the CPU fetched it */
} ppc_exit_t;

/*
 * Creates a CPU of the given model.  Returns 0, or -1 when the host lacks
 * memory or a physical slot (the caller reports a resource shortage).
 */
int ppc_cpu_create(ppc_cpu_t **out, ppc_model_t model);
void ppc_cpu_destroy(ppc_cpu_t *cpu);

/*
 * Translation: SDR1 and the 16 segment registers to run with.  Applied
 * before the next instruction runs; setting the same values costs nothing.
 */
void ppc_cpu_set_mmu(ppc_cpu_t *cpu, uint32_t sdr1, const uint32_t sr[16]);

/* Forget cached translations before the next run (after a PTE changed). */
void ppc_cpu_flush_tlb(ppc_cpu_t *cpu);

/* Forget translated code of physical range [pa, pa+len) (host wrote it),
 * or all of it; applied before the next run. */
void ppc_cpu_invalidate_code(ppc_cpu_t *cpu, uint32_t pa, uint32_t len);
void ppc_cpu_invalidate_all_code(ppc_cpu_t *cpu);

/*
 * Runs from regs->pc with regs->msr until the guest stops, then writes the
 * registers back to *regs and describes the stop in *exit.  Returns 0, or
 * -1 if the engine failed (exit->stop == PPC_STOP_ENGINE; regs unchanged).
 */
int ppc_cpu_run(ppc_cpu_t *cpu, ppc_regs_t *regs, ppc_exit_t *exit);

/*
 * Asks the CPU to stop at the start of its next translated block (a branch
 * target or the instruction after an exit; at most a few hundred
 * instructions away, never inside one).  If it is not
 * running, its next run stops before the first instruction.  The request
 * stays until ppc_cpu_clear_preempt().  Any thread; async-signal-safe.
 */
void ppc_cpu_preempt(ppc_cpu_t *cpu);
void ppc_cpu_clear_preempt(ppc_cpu_t *cpu);

/*
 * Limits the next runs to about `insns` instructions in total (counted per
 * translated block, so it can overshoot by one block); 0 removes the limit.
 * ppc_cpu_budget_left() tells what remains.
 */
void ppc_cpu_set_budget(ppc_cpu_t *cpu, uint64_t insns);
uint64_t ppc_cpu_budget_left(const ppc_cpu_t *cpu);
/* True if the CPU has a budget (possibly used up). */
bool ppc_cpu_has_budget(const ppc_cpu_t *cpu);
/* Takes `insns` off the budget, down to 0 (used up, still a limit); no
 * effect without a budget.  Not while the CPU runs. */
void ppc_cpu_charge_budget(ppc_cpu_t *cpu, uint64_t insns);

/*
 * Stops the next runs at a block boundary once CLOCK_MONOTONIC passes
 * `ns` (checked every 1024 translated blocks by the running thread
 * itself, so the stop does not wait for another thread to be scheduled);
 * 0 removes the deadline.
 */
void ppc_cpu_set_deadline(ppc_cpu_t *cpu, uint64_t ns);

/* Floating-point registers (raw 64-bit images). */
void ppc_cpu_get_fprs(ppc_cpu_t *cpu, uint64_t fpr[32]);
void ppc_cpu_set_fprs(ppc_cpu_t *cpu, const uint64_t fpr[32]);

/* AltiVec registers (vr[n][k] = word element k) and VSCR, moved by stubs
 * (the engine's API has no vector registers); 0 or -1. */
int ppc_cpu_get_vrs(ppc_cpu_t *cpu, uint32_t vr[32][4], uint32_t *vscr);
int ppc_cpu_set_vrs(ppc_cpu_t *cpu, const uint32_t vr[32][4], uint32_t vscr);
int ppc_cpu_get_vscr(ppc_cpu_t *cpu, uint32_t *vscr);
int ppc_cpu_set_vscr(ppc_cpu_t *cpu, uint32_t vscr);

#endif /* PPC_CPU_H */
