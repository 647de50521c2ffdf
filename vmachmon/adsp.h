/*
 * vmachmon/adsp.h - guest address spaces.
 *
 * The facility's own page table for one guest address space: a two-level
 * radix table over 32-bit guest addresses (1024 leaves of 1024 entries,
 * created on demand), so that mapping, unmapping, protecting and the dirty
 * query cost the same with 65,536 pages mapped as with 16.  The table is
 * authoritative; the address space's hashed page table (ppc/htab.h), which
 * the CPU walks, caches it.  An entry evicted from the hashed table keeps
 * its referenced/changed bits here and is put back when the guest touches
 * the page again (adsp_refill), without the host ever seeing a fault.
 *
 * Each mapping holds a reference on its physical page (frames.h).
 */
#ifndef VMACHMON_ADSP_H
#define VMACHMON_ADSP_H

#include <stdbool.h>
#include <stdint.h>

#include "ppc/htab.h"

typedef struct vmm_adsp vmm_adsp_t;

struct vmm_adsp {
    ppc_htab_t htab;
    struct adsp_leaf *dir[1024];
    uint64_t gen;        /* bumped when a cached translation became stale */
    uint32_t npages;     /* pages mapped (fuzz/fuzz_elf.c checks it) */
    bool gsa;            /* guest shadow assist on (kVmmActivateXA) */
    /* Launches running in this space right now, and whether it was torn
     * down meanwhile (then it is empty, and freed when they end). */
    unsigned users;
    bool orphaned;
};

/* 0, or -1 when no hashed page table is left. */
int adsp_create(vmm_adsp_t **out);
void adsp_destroy(vmm_adsp_t *a);

/* Maps page gva to physical page pa with PP bits pp, replacing any
 * mapping there (whose R/C bits are lost).  Returns 1 if a page was
 * replaced, 0 if not, -1 if the host is out of memory. */
int adsp_map(vmm_adsp_t *a, uint32_t gva, uint32_t pa, unsigned pp);
/* Removes the mapping of page gva; false if there was none. */
bool adsp_unmap(vmm_adsp_t *a, uint32_t gva);
void adsp_unmap_all(vmm_adsp_t *a);
/* Changes the PP bits of page gva; false if it is not mapped. */
bool adsp_protect(vmm_adsp_t *a, uint32_t gva, unsigned pp);
/* Changed bit of page gva (1/0), cleared if reset; -1 if not mapped. */
int adsp_dirty(vmm_adsp_t *a, uint32_t gva, bool reset);
/* Physical page and PP bits of gva; false if not mapped. */
bool adsp_lookup(const vmm_adsp_t *a, uint32_t gva, uint32_t *pa, unsigned *pp);
/* The guest tried page gva and found no PTE: re-insert it if mapped. */
bool adsp_refill(vmm_adsp_t *a, uint32_t gva);
/* A guest address that maps physical page pa (lowest), if any. */
bool adsp_reverse(const vmm_adsp_t *a, uint32_t pa, uint32_t *gva);

#endif /* VMACHMON_ADSP_H */
