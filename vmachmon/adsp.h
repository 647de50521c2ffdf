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
 * No-access pages (PP 0) stay out of the hashed table while the guest runs
 * with key 1, the default: the engine's MMU (QEMU's hash32) lets any page
 * with a PTE be executed, where a G4 raises an ISI for a fetch from a page
 * the key cannot read.  Such a fetch, like any access, then finds no PTE,
 * and adsp_refill answers ADSP_NO_ACCESS so that the exit becomes the
 * protection fault the G4 reports.  Under key 0 (vmmKey) PP 0 is
 * read/write and its PTE goes in; adsp_hide_no_access takes such PTEs out
 * again before a key 1 guest runs in the space.
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
    uint32_t no_access_ptes; /* PP 0 pages with a PTE (put in under key 0) */
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
typedef enum {
    ADSP_ABSENT,    /* nothing mapped there: a real page fault */
    ADSP_REFILLED,  /* the PTE is back: run the access again */
    ADSP_NO_ACCESS, /* mapped PP 0 and the key is 1: a protection fault */
} adsp_refill_t;
/* The guest tried page gva and found no PTE: re-insert it if mapped and
 * accessible with the guest's key (key_zero: vmmKey set, Kp = 0). */
adsp_refill_t adsp_refill(vmm_adsp_t *a, uint32_t gva, bool key_zero);
/* Takes the PTEs of PP 0 pages out of the hashed table (before a key 1
 * guest runs here); bumps gen if there were any. */
void adsp_hide_no_access(vmm_adsp_t *a);
/* A guest address that maps physical page pa (lowest), if any. */
bool adsp_reverse(const vmm_adsp_t *a, uint32_t pa, uint32_t *gva);

#endif /* VMACHMON_ADSP_H */
