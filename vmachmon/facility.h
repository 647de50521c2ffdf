/*
 * vmachmon/facility.h - the facility's internal model.
 *
 * A task (the original's "VMM control table") owns up to 32 contexts and
 * 32 guest address spaces.  The host process has one task, bound to the
 * first thread that creates a context (Mac OS X allowed one VMM thread per
 * task).  A guest program that calls vmm_dispatch through the guest-call
 * interface gets a task of its own, whose addresses are its guest
 * addresses.
 *
 * A context is a virtual processor: its state page (client memory), its
 * flags (vmmStat), its CPU (ppc/cpu.h), its timer.  An address space is a
 * page table (vmachmon/adsp.h).  Contexts and address spaces are numbered
 * from 1; context n creates address space n, but any context may run in
 * any address space.
 */
#ifndef VMACHMON_FACILITY_H
#define VMACHMON_FACILITY_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <vmachmon/vmachmon.h>

#include "ppc/cpu.h"
#include "vmachmon/adsp.h"

struct vmm_task;
struct vmm_guestcall_route;

/*
 * How a task's client names memory.  The host names it with pointers; a
 * guest client with its own effective addresses.  Every function checks
 * what it is given and fails rather than touch memory the client does not
 * own.
 */
typedef struct vmm_client_ops {
    /* Physical page of the client page at `addr` (any offset inside it),
     * if the client owns it as plain writable memory. */
    bool (*page_pa)(struct vmm_task *t, uint64_t addr, uint32_t *pa);
    /* Client address of physical page `pa`, if the client can name it. */
    bool (*client_addr)(struct vmm_task *t, uint32_t pa, uint64_t *addr);
    /* Host pointer to the client's page at `addr` for use as a state page
     * (page-aligned, writable), or NULL with *kr set. */
    void *(*state_page)(struct vmm_task *t, uint64_t addr, kern_return_t *kr);
    /* Byte order of the client's state page. */
    bool big_endian;
} vmm_client_ops_t;

/* The MSR bits a host (or a fast-assist handler) may set, and those
 * always forced on: problem state with translation on.  The names are the
 * original's. */
#define MSR_IMPORT_BITS 0x00000F05u
#define MSR_EXPORT_MASK_SET 0x0000D030u
/* SRR1 bits an ISI reports as its pseudo-DSISR. */
#define ISI_DSISR_BITS 0x78000000u

/* Internal flags kept beside the user-visible vmmStat bits. */
typedef struct vmm_context {
    _Atomic uint32_t flags;   /* vmmInUse, vmmFloatCngd, ... (vmmStat) */
    uint32_t number;          /* 1-based */
    uint32_t xa_flags;        /* vmm64Bit | vmmGSA | vmmGMA */
    uint8_t *page;            /* the state page, host view */
    uint32_t page_pa;         /* its physical page, or 0 if outside */
    bool page_swap;           /* the state page is big-endian */
    ppc_cpu_t *cpu;
    /* The address space the CPU's MMU is set for, and its generation. */
    const vmm_adsp_t *cpu_adsp;
    uint64_t cpu_adsp_gen;
    uint32_t cpu_key;         /* vmmKey the segment registers carry */
    uint64_t icache_seq;      /* code invalidations applied to the CPU */
    bool fp_live, vec_live;   /* the guest has an FP / AltiVec context */
    uint32_t vr_valid;        /* VRs saved in that context (VRSAVE bits) */
    uint32_t vscr;            /* VSCR as the CPU holds it (or ~0: unknown) */
    _Atomic uint64_t timer;   /* deadline in mach_absolute_time units, 0 = off */
    /* On the timer thread's list of armed contexts (timer.c, its lock). */
    bool armed;
    struct vmm_context *armed_prev, *armed_next;
    uint64_t budget;          /* instruction budget, 0 = none */
    struct vmm_guestcall_route *route; /* guest calls routed (guestcall.c) */
    bool in_launch;           /* its guest is running (possibly waiting on a
                                 handler's call): it must not be freed */
    bool dying;               /* torn down while running: forced out with
                                 kVmmBogusContext, freed when the launch ends */
    bool fam_ena, fam_mode;   /* this launch intercepts; in the handler */
} vmm_context_t;

typedef struct vmm_task {
    pthread_mutex_t lock;     /* guards in-use changes and cross-thread use */
    bool has_owner;
    pthread_t owner;          /* the VMM thread */
    _Atomic(pthread_t) owner_id; /* owner, or 0: read without the lock */
    unsigned live;            /* contexts in use */
    vmm_context_t ctx[kVmmMaxContexts];
    vmm_adsp_t *adsp[kVmmMaxContexts];
    /* The redrive record of the last map (see launch.c). */
    uint32_t last_map_as;     /* 1-based, 0 = none */
    uint64_t last_map_va;
    const vmm_client_ops_t *client;
    void *client_data;
    /* A guest's own table (guest_task.c): the task and context whose guest
     * owns it.  Its launches run inside that context's routed call, so a
     * stop, timer or budget of the outer context reaches them too.  NULL
     * for the host's task. */
    struct vmm_task *parent_task;
    struct vmm_context *parent_ctx;
} vmm_task_t;

/* ---- tasks (task.c) ---- */

/* The host process's task. */
vmm_task_t *task_host(void);
/* The calling thread's view of the host task: the task if this thread is
 * its VMM thread, or if it has none yet and `claim`; else NULL. */
vmm_task_t *task_for_caller(bool claim);
void task_init(vmm_task_t *t, const vmm_client_ops_t *client, void *data);
/* The context named by the low byte of idx, if in use; else NULL. */
vmm_context_t *task_context(vmm_task_t *t, uint32_t idx);
/* The address space an execute call of context c names with index word
 * idx: its address-space byte, or c's own space when that byte is 0.
 * (Not checked: it may be out of range.) */
static inline uint32_t context_as(const vmm_context_t *c, uint32_t idx)
{
    uint32_t as = (idx & vmmTIadsp) >> 8;
    return as ? as : c->number;
}
/* Address space number as (1-based), valid range only; may be NULL. */
vmm_adsp_t *task_adsp(vmm_task_t *t, uint32_t as);

/* Sets vmmXStop on the contexts of mask and forces them out (stop.c). */
kern_return_t task_stop(vmm_task_t *t, uint32_t mask);

/* ---- contexts (context.c) ---- */

kern_return_t context_init(vmm_task_t *t, uint32_t version, uint64_t page_addr);
kern_return_t context_tear_down(vmm_task_t *t, uint32_t idx);
void context_tear_down_all(vmm_task_t *t);
/* Frees a context torn down while it ran, once its launch has returned. */
void context_reap(vmm_task_t *t, vmm_context_t *c);
/* A launch in address space a has ended (launch.c counts them in
 * a->users); frees a if it was torn down meanwhile. */
void context_adsp_done(vmm_task_t *t, vmm_adsp_t *a);
/* Forget FP/vector state, mappings, state page contents (XA flush); idx
 * is the index word the caller gave. */
void context_flush(vmm_task_t *t, vmm_context_t *c, uint32_t idx);

/* ---- launching (launch.c) ---- */

/* Runs context idx (address space in bits 8-15) until it exits to the
 * host.  host_args are the caller's r3..r6 (selector and first three
 * arguments).  Returns the exit code, or kVmmBogusContext /
 * kVmmInvalidAdSpace without running. */
uint32_t launch(vmm_task_t *t, uint32_t idx, const uint64_t host_args[4]);

/* ---- mapping (map.c) ---- */

/* The PowerPC PP bits for a vm_prot_t or kVmmProt* value. */
unsigned prot_to_pp(uint32_t prot);
/* kVmmMapPage: map client page `host` at guest `gva` in address space as. */
kern_return_t map_page(vmm_task_t *t, uint32_t as, uint64_t host, uint64_t gva,
                       uint32_t prot);
kern_return_t protect_page(vmm_task_t *t, uint32_t as, uint64_t gva, uint32_t prot);
/* Records page gva of address space as for the redrive of the next launch. */
void note_last_map(vmm_task_t *t, uint32_t as, uint64_t gva);
/* The largest guest address of this machine. */
uint64_t max_guest_address(void);

/* ---- floating-point and vector state (fpvec.c) ---- */

/* At launch: vmmFloatLoad / vmmVectLoad and the VSCR going in. */
void fpvec_enter(vmm_context_t *c, const ppc_regs_t *r);
/* At exit: the VSCR coming out (and what the guest's vector use left). */
void fpvec_leave(vmm_context_t *c, const ppc_regs_t *r);
kern_return_t fpvec_get_float_state(vmm_context_t *c);
kern_return_t fpvec_get_vector_state(vmm_context_t *c);
void fpvec_forget(vmm_context_t *c);
/* The guest's first FP / AltiVec instruction (lazy facility switch). */
void fpvec_first_fp(vmm_context_t *c);
void fpvec_first_vec(vmm_context_t *c);

/* ---- fast-assist mode (fam.c) ---- */

void fam_enter(vmm_context_t *c);
void fam_leave(vmm_context_t *c);
/* An exception to hand to the guest's own handler?  Then true, with the
 * registers set for the handler. */
bool fam_intercept(vmm_context_t *c, ppc_regs_t *r, const ppc_exit_t *x);
/* An sc: true if it was a fast-assist call of the guest's handler
 * (kvmmResumeGuest, kvmmGet/SetGuestRegister), answered: resume the
 * guest.  False for anything else (kvmmExitToHost too): it leaves to the
 * host as a system call. */
bool fam_call(vmm_context_t *c, ppc_regs_t *r);

/* ---- the state page (statepage.c) ---- */

static inline uint32_t sp_get(const vmm_context_t *c, uint32_t off)
{
    uint32_t v;
    __builtin_memcpy(&v, c->page + off, 4);
    return c->page_swap ? __builtin_bswap32(v) : v;
}

static inline void sp_put(vmm_context_t *c, uint32_t off, uint32_t v)
{
    if (c->page_swap)
        v = __builtin_bswap32(v);
    __builtin_memcpy(c->page + off, &v, 4);
}

/* A 64-bit field: one host-order value, or two big-endian words. */
/* Copies the context's flags into vmmStat.  The timer thread may set
 * vmmTimerPop meanwhile (flags first, then the page word, atomically):
 * the copy is retried until the flags held still, so no pop is lost. */
void sp_sync_stat(vmm_context_t *c);
uint64_t sp_get64(const vmm_context_t *c, uint32_t off);
void sp_put64(vmm_context_t *c, uint32_t off, uint64_t v);
void sp_load_regs(const vmm_context_t *c, ppc_regs_t *r);
void sp_store_regs(vmm_context_t *c, const ppc_regs_t *r);
void sp_set_params(vmm_context_t *c, unsigned n, const uint32_t *params);
void sp_get_fprs(const vmm_context_t *c, uint64_t fpr[32]);
void sp_put_fprs(vmm_context_t *c, const uint64_t fpr[32]);
void sp_get_vrs(const vmm_context_t *c, uint32_t vr[32][4]);
void sp_put_vrs(vmm_context_t *c, const uint32_t vr[32][4]);

/* Byte offsets in the state page used by the facility. */
enum {
    SP_VERSION = 0x000,
    SP_INDEX = 0x004,
    SP_STAT = 0x008,
    SP_CNTRL = 0x00C,
    SP_RETURN_CODE = 0x010,
    SP_PARAMS = 0x014,
    SP_PC = 0x040,
    SP_MSR = 0x044,
    SP_GPR = 0x048,
    SP_CR = 0x0C8,
    SP_XER = 0x0CC,
    SP_LR = 0x0D0,
    SP_CTR = 0x0D4,
    SP_MQ = 0x0D8,
    SP_VRSAVE = 0x0DC,
    SP_VRS = 0x180,
    SP_VSCR = 0x380,
    SP_FPRS = 0x390,
    SP_FPSCR = 0x494,
    SP_FAM = 0x4A0
};

/* ---- code invalidation (icache.c) ---- */

/* Records that physical page range [pa, pa+len) may hold new code. */
void icache_note(uint32_t pa, uint32_t len);
/* Applies the notes made since *seq to the CPU. */
void icache_sync(ppc_cpu_t *cpu, uint64_t *seq);
uint64_t icache_now(void);

/* ---- the machine (machine.c) ---- */

vmm_features_t machine_features(void);

#endif /* VMACHMON_FACILITY_H */
