/*
 * ppc/htab.c - hashed page table maintenance.
 *
 * PTE format (32-bit OEA), big-endian in physical memory:
 *   word 0: V(0x80000000) | VSID << 7 | H(0x40) | API (EA bits 4-9)
 *   word 1: RPN (PA & 0xFFFFF000) | R 0x100 | C 0x80 | WIMG 0x78 | PP
 * The primary hash of a page is (VSID & 0x7FFFF) ^ page index (EA bits
 * 4-19); the secondary hash is its complement.  The group address is
 * HTABORG | (hash & mask) << 6 with the group count a power of two.
 */
#include "config.h"

#include "ppc/htab.h"

#include <string.h>

#include "ppc/bytes.h"
#include "ppc/physmem.h"

#define PTE_V 0x80000000u
#define PTE_H 0x00000040u
#define PTE_M 0x10u /* WIMG "memory coherence" bit, in place; harmless here */


static inline uint32_t vsid_of(uint32_t ea) { return HTAB_VSID_BASE + (ea >> 28); }

static inline uint32_t hash_of(uint32_t ea, int secondary)
{
    uint32_t h = (vsid_of(ea) & 0x7FFFFu) ^ ((ea >> 12) & 0xFFFFu);
    return secondary ? ~h : h;
}

static inline uint32_t group_of(uint32_t ea, int secondary)
{
    return hash_of(ea, secondary) & (HTAB_GROUPS - 1);
}

static inline uint32_t word0_of(uint32_t ea, int secondary)
{
    return PTE_V | vsid_of(ea) << 7 | (secondary ? PTE_H : 0) | ((ea >> 22) & 0x3F);
}

static inline uint8_t *slot_ptr(const ppc_htab_t *h, uint32_t slot)
{
    return h->mem + (size_t)slot * 8;
}

int htab_create(ppc_htab_t *h)
{
    uint32_t pa = physmem_slot_alloc(PHYS_HTAB_BASE, PHYS_HTAB_END, HTAB_SIZE);
    if (!pa)
        return -1;
    h->pa = pa;
    h->mem = physmem_host(pa);
    h->rr = 0;
    return 0; /* freed slots were discarded, so the table reads as zero */
}

void htab_destroy(ppc_htab_t *h)
{
    if (h->mem)
        physmem_slot_free(PHYS_HTAB_BASE, HTAB_SIZE, h->pa);
    h->mem = NULL;
}

uint32_t htab_sdr1(const ppc_htab_t *h) { return h->pa | HTAB_MASK; }

uint32_t htab_sr(unsigned n, bool kp)
{
    return (kp ? HTAB_SR_KP : 0) | (HTAB_VSID_BASE + n);
}

static uint32_t find_slot(const ppc_htab_t *h, uint32_t ea)
{
    for (int sec = 0; sec < 2; sec++) {
        uint32_t w0 = word0_of(ea, sec), g = group_of(ea, sec) * 8;
        for (uint32_t i = 0; i < 8; i++)
            if (be32_load(slot_ptr(h, g + i)) == w0)
                return g + i;
    }
    return UINT32_MAX;
}

uint32_t htab_slot_ea(const ppc_htab_t *h, uint32_t slot)
{
    uint32_t w0 = be32_load(slot_ptr(h, slot));
    uint32_t vsid = (w0 >> 7) & 0xFFFFFFu, api = w0 & 0x3F;
    uint32_t group = slot / 8;
    /* The group index is the low bits of the hash: undo the XOR with the
     * VSID to get the low 10 bits of the page index; API gives the top 6. */
    uint32_t hash = (w0 & PTE_H) ? ~group : group;
    uint32_t low10 = (hash ^ vsid) & 0x3FF;
    uint32_t sr = vsid - HTAB_VSID_BASE;
    return sr << 28 | api << 22 | low10 << 12;
}

uint32_t htab_insert(ppc_htab_t *h, uint32_t ea, uint32_t pa, unsigned pp,
                     uint32_t rc, htab_victim_t *victim)
{
    victim->valid = false;
    uint32_t slot = find_slot(h, ea);
    if (slot == UINT32_MAX) {
        for (int sec = 0; sec < 2 && slot == UINT32_MAX; sec++) {
            uint32_t g = group_of(ea, sec) * 8;
            for (uint32_t i = 0; i < 8; i++)
                if (!(be32_load(slot_ptr(h, g + i)) & PTE_V)) {
                    slot = g + i;
                    break;
                }
        }
    }
    if (slot == UINT32_MAX) {
        /* Both groups full: evict an entry of the primary group. */
        slot = group_of(ea, 0) * 8 + (h->rr++ & 7);
        victim->valid = true;
        victim->ea = htab_slot_ea(h, slot);
        victim->rc = be32_load(slot_ptr(h, slot) + 4) & HTAB_RC;
    }
    int sec = (slot / 8) != group_of(ea, 0);
    uint8_t *p = slot_ptr(h, slot);
    be32_store(p + 4, (pa & 0xFFFFF000u) | (rc & HTAB_RC) | PTE_M | (pp & HTAB_PP));
    be32_store(p, word0_of(ea, sec));
    return slot;
}

uint32_t htab_remove(ppc_htab_t *h, uint32_t slot)
{
    uint8_t *p = slot_ptr(h, slot);
    uint32_t rc = be32_load(p + 4) & HTAB_RC;
    memset(p, 0, 8);
    return rc;
}

uint32_t htab_rc(const ppc_htab_t *h, uint32_t slot)
{
    return be32_load(slot_ptr(h, slot) + 4) & HTAB_RC;
}

void htab_clear_rc(ppc_htab_t *h, uint32_t slot, uint32_t bits)
{
    uint8_t *p = slot_ptr(h, slot) + 4;
    be32_store(p, be32_load(p) & ~(bits & HTAB_RC));
}

void htab_set_pp(ppc_htab_t *h, uint32_t slot, unsigned pp)
{
    uint8_t *p = slot_ptr(h, slot) + 4;
    be32_store(p, (be32_load(p) & ~HTAB_PP) | (pp & HTAB_PP));
}

bool htab_lookup(const ppc_htab_t *h, uint32_t ea, uint32_t *pa)
{
    uint32_t slot = find_slot(h, ea & ~0xFFFu);
    if (slot == UINT32_MAX)
        return false;
    *pa = (be32_load(slot_ptr(h, slot) + 4) & 0xFFFFF000u) | (ea & 0xFFFu);
    return true;
}
