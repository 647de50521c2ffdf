/*
 * bench/lib.c - the kernels through vmm_dispatch, as a client would run
 * them: one context, pages from vm_allocate mapped at the addresses of
 * kernels.h, registers set in the state page, kVmmExecuteVM.
 *
 * Public headers only (the build gives this file no other include path).
 */
#define _GNU_SOURCE /* pthread_setaffinity_np */
#include "bench.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vmachmon/vmachmon.h>

struct lib_guest {
    vmm_state_page_t *state;
    vmm_regs32_t *regs;
    uint32_t index;
    vm_address_t code, data, stack;
};

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void put_kernel(uint8_t *page, const bench_kernel_t *k)
{
    for (size_t i = 0; i < k->nwords; i++)
        put_be32(page + k->offset + 4 * i, k->words[i]);
}

void lib_fill_code(void *page)
{
    for (size_t i = 0; i < bench_nkernels; i++)
        put_kernel(page, &bench_kernels[i]);
    put_kernel(page, &bench_touch);
    put_be32((uint8_t *)page + (BK_PAD - BK_CODE), 0x44000002u); /* sc */
}

int lib_map_range(uint32_t index, uintptr_t host, uint32_t guest, unsigned pages)
{
    for (unsigned i = 0; i < pages; i++) {
        kern_return_t kr = (kern_return_t)vmm_dispatch(kVmmMapPage, index, host + i * vm_page_size,
                                                       guest + i * 4096u, VM_PROT_ALL);
        if (kr != KERN_SUCCESS) {
            mach_error("vmmbench: kVmmMapPage:", kr);
            return -1;
        }
    }
    return 0;
}

static int alloc(vm_address_t *a, unsigned pages)
{
    kern_return_t kr = vm_allocate(mach_task_self(), a, pages * vm_page_size, VM_FLAGS_ANYWHERE);
    if (kr != KERN_SUCCESS)
        mach_error("vmmbench: vm_allocate:", kr);
    return kr == KERN_SUCCESS ? 0 : -1;
}

lib_guest_t *lib_open(void)
{
    lib_guest_t *g = calloc(1, sizeof *g);
    vm_address_t state = 0;
    if (!g || alloc(&state, 1) || alloc(&g->code, 1) || alloc(&g->data, BK_DATA_PAGES) ||
        alloc(&g->stack, BK_STACK_PAGES))
        goto fail;
    g->state = (vmm_state_page_t *)state;
    kern_return_t kr = (kern_return_t)vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, g->state);
    if (kr != KERN_SUCCESS) {
        mach_error("vmmbench: kVmmInitContext:", kr);
        goto fail;
    }
    g->index = g->state->thread_index;
    g->regs = &g->state->vmm_proc_state.ppcRegs.ppcRegs32;

    lib_fill_code((void *)g->code);
    /* Mapping a page tells the CPUs its code may be new. */
    if (lib_map_range(g->index, g->code, BK_CODE, 1) ||
        lib_map_range(g->index, g->data, BK_DATA, BK_DATA_PAGES) ||
        lib_map_range(g->index, g->stack, BK_STACK, BK_STACK_PAGES))
        goto fail;
    return g;
fail:
    lib_close(g);
    return NULL;
}

void lib_close(lib_guest_t *g)
{
    if (!g)
        return;
    if (g->index)
        vmm_dispatch(kVmmTearDownContext, g->index);
    if (g->state)
        vm_deallocate(mach_task_self(), (vm_address_t)g->state, vm_page_size);
    if (g->code)
        vm_deallocate(mach_task_self(), g->code, vm_page_size);
    if (g->data)
        vm_deallocate(mach_task_self(), g->data, BK_DATA_PAGES * vm_page_size);
    if (g->stack)
        vm_deallocate(mach_task_self(), g->stack, BK_STACK_PAGES * vm_page_size);
    free(g);
}

static void set_inputs(lib_guest_t *g, const bench_kernel_t *k, uint64_t n, uint32_t r7)
{
    vmm_regs32_t *r = g->regs;
    r->ppcPC = BK_CODE + k->offset;
    r->ppcMSR = 0;
    r->ppcLR = BK_PAD;
    r->ppcGPRs[1] = BK_STACK_TOP;
    r->ppcGPRs[3] = 0;
    r->ppcGPRs[4] = BK_DATA;
    r->ppcGPRs[5] = (uint32_t)n;
    r->ppcGPRs[6] = BK_FACT_ARG;
    r->ppcGPRs[7] = r7;
}

double lib_run(lib_guest_t *g, const bench_kernel_t *k, uint64_t n, uint32_t r7, uint64_t *exits)
{
    uint64_t x = 0, rc;
    set_inputs(g, k, n, r7);
    bench_cg_start();
    double t0 = bench_now();
    do {
        rc = vmm_dispatch(kVmmExecuteVM, g->index);
        x++;
    } while (rc == kVmmReturnSystemCall && k->kind == BK_EXIT && g->regs->ppcPC != BK_PAD + 4);
    double t = bench_now() - t0;
    bench_cg_stop("compute %s lib insns=%llu exits=%llu", k->name,
                  (unsigned long long)bench_insns(k, n), (unsigned long long)x);
    *exits = x;
    if (rc != kVmmReturnSystemCall || g->regs->ppcPC != BK_PAD + 4) {
        fprintf(
            stderr, "vmmbench: library %s: exit %s (%llu) at PC 0x%x (params 0x%x 0x%x; r1 0x%x)\n",
            k->name, vmm_return_code_name((uint32_t)rc) ? vmm_return_code_name((uint32_t)rc) : "?",
            (unsigned long long)rc, g->regs->ppcPC, g->state->vmmRet.vmmrp32.return_params[0],
            g->state->vmmRet.vmmrp32.return_params[1], g->regs->ppcGPRs[1]);
        return -1;
    }
    return t;
}

/* ---- preemption: what the library's block hook is for ---- */

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void pin(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

typedef struct stopper {
    uint32_t mask;
    double t_stop;
} stopper_t;

/* Runs on CPU 1 (the guest on CPU 0) and spins rather than sleeps for the
 * 1 ms into the guest's run, so that what is measured is the library's
 * stop path, not the host scheduling or waking a thread. */
static void *stop_later(void *arg)
{
    stopper_t *s = arg;
    pin(1);
    double t0 = mono();
    while (mono() - t0 < 1e-3)
        ;
    s->t_stop = mono();
    vmm_stop_vm(s->mask);
    return NULL;
}

/* The loop kernel with a count it will not reach in a second. */
static void endless(lib_guest_t *g)
{
    set_inputs(g, bench_kernel("loop"), 0x7FFFFFFFu, 0);
}

int lib_preempt_latency(lib_guest_t *g, int reps, double *stop_s, double *timer_s)
{
    double vs[64], vt[64];
    cpu_set_t was;
    if (reps > 64)
        reps = 64;
    pthread_getaffinity_np(pthread_self(), sizeof was, &was);
    pin(0);
    int done = 0;
    for (int r = 0; r < reps; r++) {
        stopper_t s = {0x80000000u >> (g->index - 1), 0};
        pthread_t th;
        endless(g);
        g->state->vmmCntrl |= vmmXStart; /* clears the previous stop */
        if (pthread_create(&th, NULL, stop_later, &s) != 0)
            return -1;
        uint64_t rc = vmm_dispatch(kVmmExecuteVM, g->index);
        double t1 = mono();
        pthread_join(th, NULL);
        if (rc != kVmmStopped) {
            fprintf(stderr, "vmmbench: vmm_stop_vm: exit %llu\n", (unsigned long long)rc);
            break;
        }
        vs[r] = t1 - s.t_stop;

        endless(g);
        g->state->vmmCntrl |= vmmXStart;
        uint64_t deadline = mach_absolute_time() + 1000000; /* 1 ms */
        vmm_dispatch(kVmmSetTimer, g->index, (uint32_t)(deadline >> 32), (uint32_t)deadline);
        rc = vmm_dispatch(kVmmExecuteVM, g->index);
        uint64_t now = mach_absolute_time();
        vmm_dispatch(kVmmSetTimer, g->index, 0, 0);
        if (rc != kVmmReturnNull) {
            fprintf(stderr, "vmmbench: timer: exit %llu\n", (unsigned long long)rc);
            break;
        }
        vt[r] = (double)(now - deadline) * 1e-9;
        done++;
    }
    pthread_setaffinity_np(pthread_self(), sizeof was, &was);
    g->state->vmmCntrl |= vmmXStart;
    if (done < reps)
        return -1;
    *stop_s = bench_median(vs, reps);
    *timer_s = bench_median(vt, reps);
    return 0;
}
