/*
 * vmachmon/statepage.c - reading and writing a context's state page.
 *
 * The page is client memory laid out as vmm_state_page_t.  A host client's
 * page holds host-order values; a guest client's page (a PowerPC program
 * using the facility through guest calls) holds big-endian values, as a
 * G4 would.  Everything the facility reads or writes in a state page goes
 * through here, by byte offset (facility.h, SP_*), so the two orders share
 * one code path.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "vmachmon/facility.h"

/* ppc_regs_t starts with the words of vmm_regs32_t, in its order. */
_Static_assert(offsetof(ppc_regs_t, vrsave) == 4 * (PPC_REGS_IMAGE_WORDS - 1),
               "ppc_regs_t mirrors vmm_regs32_t");

void sp_load_regs(const vmm_context_t *c, ppc_regs_t *r)
{
    const uint8_t *src = c->page + SP_PC;
    if (c->page_swap) {
        uint32_t *dst = &r->pc;
        for (int i = 0; i < PPC_REGS_IMAGE_WORDS; i++) {
            uint32_t v;
            memcpy(&v, src + 4 * i, 4);
            dst[i] = __builtin_bswap32(v);
        }
    } else {
        memcpy(&r->pc, src, 4 * PPC_REGS_IMAGE_WORDS);
    }
    r->fpscr = sp_get(c, SP_FPSCR);
}

/* MQ is never written back: the state page keeps what the host put. */
void sp_store_regs(vmm_context_t *c, const ppc_regs_t *r)
{
    uint8_t *dst = c->page + SP_PC;
    uint32_t mq = sp_get(c, SP_MQ);
    if (c->page_swap) {
        const uint32_t *src = &r->pc;
        for (int i = 0; i < PPC_REGS_IMAGE_WORDS; i++) {
            uint32_t v = __builtin_bswap32(src[i]);
            memcpy(dst + 4 * i, &v, 4);
        }
    } else {
        memcpy(dst, &r->pc, 4 * PPC_REGS_IMAGE_WORDS);
    }
    sp_put(c, SP_MQ, mq);
    sp_put(c, SP_FPSCR, r->fpscr);
}

void sp_set_params(vmm_context_t *c, unsigned n, const uint32_t *params)
{
    if (!c->page_swap) { /* host order: one copy (twice per guest round trip) */
        memcpy(c->page + SP_PARAMS, params, 4 * n);
        return;
    }
    for (unsigned i = 0; i < n; i++)
        sp_put(c, SP_PARAMS + 4 * i, params[i]);
}

/* A 64-bit register is stored as one host-order 64-bit value, or as two
 * big-endian words (high first) for a guest client. */
uint64_t sp_get64(const vmm_context_t *c, uint32_t off)
{
    if (c->page_swap)
        return (uint64_t)sp_get(c, off) << 32 | sp_get(c, off + 4);
    uint64_t v;
    memcpy(&v, c->page + off, 8);
    return v;
}

void sp_sync_stat(vmm_context_t *c)
{
    uint32_t *word = (uint32_t *)(void *)(c->page + SP_STAT), f;
    do {
        f = atomic_load(&c->flags);
        __atomic_store_n(word, c->page_swap ? __builtin_bswap32(f) : f, __ATOMIC_RELAXED);
    } while (atomic_load(&c->flags) != f);
}

void sp_put64(vmm_context_t *c, uint32_t off, uint64_t v)
{
    if (c->page_swap) {
        sp_put(c, off, (uint32_t)(v >> 32));
        sp_put(c, off + 4, (uint32_t)v);
        return;
    }
    memcpy(c->page + off, &v, 8);
}

void sp_get_fprs(const vmm_context_t *c, uint64_t fpr[32])
{
    for (int i = 0; i < 32; i++)
        fpr[i] = sp_get64(c, SP_FPRS + 8 * i);
}

void sp_put_fprs(vmm_context_t *c, const uint64_t fpr[32])
{
    for (int i = 0; i < 32; i++)
        sp_put64(c, SP_FPRS + 8 * i, fpr[i]);
}

void sp_get_vrs(const vmm_context_t *c, uint32_t vr[32][4])
{
    for (int i = 0; i < 32; i++)
        for (int k = 0; k < 4; k++)
            vr[i][k] = sp_get(c, SP_VRS + 16 * i + 4 * k);
}

void sp_put_vrs(vmm_context_t *c, const uint32_t vr[32][4])
{
    for (int i = 0; i < 32; i++)
        for (int k = 0; k < 4; k++)
            sp_put(c, SP_VRS + 16 * i + 4 * k, vr[i][k]);
}
