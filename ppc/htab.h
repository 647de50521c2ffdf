/*
 * ppc/htab.h - a PowerPC hashed page table (32-bit OEA, as on the G4).
 *
 * The emulated 7400 walks this table in hardware fashion on every TLB miss,
 * sets the referenced (R) and changed (C) bits of the PTEs it uses, and
 * raises a precise DSI or ISI when no PTE matches or the PP bits forbid the
 * access.  The table is a cache of translations: when both PTE groups of a
 * page are full, htab_insert() evicts one entry and tells the caller which
 * page lost its PTE, so the caller can fold the R/C bits into its own
 * records and re-insert the page on the next fault.
 *
 * Every address space uses the same 16 VSIDs (VSID = HTAB_VSID_BASE + sr);
 * address spaces are kept apart by having one table each (SDR1 switch).
 * Changing or removing a PTE the CPU may have cached needs a TLB flush
 * before the next guest instruction (ppc_cpu_flush_tlb).
 */
#ifndef PPC_HTAB_H
#define PPC_HTAB_H

#include <stdbool.h>
#include <stdint.h>

#define HTAB_SIZE (2u << 20)      /* 2 MiB: 32768 groups of 8 PTEs */
#define HTAB_MASK 0x1Fu           /* SDR1 HTABMASK for 2 MiB */
#define HTAB_GROUPS (HTAB_SIZE / 64)
#define HTAB_SLOTS (HTAB_SIZE / 8)
#define HTAB_VSID_BASE 0x000100u

/* PTE word 1 bits */
#define HTAB_R 0x100u
#define HTAB_C 0x080u
#define HTAB_RC (HTAB_R | HTAB_C)
#define HTAB_PP 0x003u

/* Segment register bits */
#define HTAB_SR_KS 0x40000000u
#define HTAB_SR_KP 0x20000000u

typedef struct ppc_htab {
    uint32_t pa;   /* physical base of the table */
    uint8_t *mem;  /* host view of it */
    uint32_t rr;   /* round-robin victim selector */
} ppc_htab_t;

/* A page whose PTE was evicted to make room. */
typedef struct htab_victim {
    bool valid;
    uint32_t ea;   /* page address */
    uint32_t rc;   /* its R/C bits at eviction */
} htab_victim_t;

/* Allocates and zeroes a table; 0 on success, -1 when none is left. */
int htab_create(ppc_htab_t *h);
void htab_destroy(ppc_htab_t *h);

/* SDR1 value and segment register n for this table, with key Kp. */
uint32_t htab_sdr1(const ppc_htab_t *h);
uint32_t htab_sr(unsigned n, bool kp);

/*
 * Inserts a PTE translating page `ea` to physical page `pa` with PP bits
 * `pp` and initial R/C bits `rc`.  Returns the slot number (>= 0).  If an
 * entry had to be evicted, *victim describes it (victim->valid).
 */
uint32_t htab_insert(ppc_htab_t *h, uint32_t ea, uint32_t pa, unsigned pp,
                     uint32_t rc, htab_victim_t *victim);

/* The slot's page address (as given to htab_insert). */
uint32_t htab_slot_ea(const ppc_htab_t *h, uint32_t slot);

/* Removes the PTE in `slot`; returns its R/C bits. */
uint32_t htab_remove(ppc_htab_t *h, uint32_t slot);

/* R/C bits of the PTE in `slot`; clear some of them; change its PP. */
uint32_t htab_rc(const ppc_htab_t *h, uint32_t slot);
void htab_clear_rc(ppc_htab_t *h, uint32_t slot, uint32_t bits);
void htab_set_pp(ppc_htab_t *h, uint32_t slot, unsigned pp);

/* Translate ea through the table (any PP): true and *pa on a hit. */
bool htab_lookup(const ppc_htab_t *h, uint32_t ea, uint32_t *pa);

#endif /* PPC_HTAB_H */
