/*
 * vmachmon/adsp.c - the page table of a guest address space.
 *
 * Entry: the physical page with flag bits in its low 12 bits (VALID, the
 * PP bits, and R/C while the page has no PTE), plus the hashed-table slot
 * holding its PTE (slot + 1; 0 = not in the hashed table).
 *
 * Stale translations: the CPU caches PTEs in its TLB.  Any change that
 * takes away or narrows a translation (unmap, replace, protect, eviction,
 * clearing the changed bit so that the next store sets it again) bumps
 * `gen`; a CPU whose last flush predates the current gen flushes before
 * running this address space again.  Adding a PTE needs no flush.
 */
#include "config.h"

#include "vmachmon/adsp.h"

#include <stdlib.h>

#include "vmachmon/frames.h"

#define E_VALID 0x001u
#define E_PP_SHIFT 1
#define E_PP_MASK 0x006u
#define E_RC_MASK HTAB_RC /* 0x180: same bit positions as the PTE */

typedef struct adsp_entry {
    uint32_t word; /* PA | R/C | PP << 1 | VALID */
    uint32_t slot; /* hashed-table slot + 1, 0 = none */
} adsp_entry_t;

struct adsp_leaf {
    adsp_entry_t e[1024];
    uint32_t used;
};

static inline unsigned pp_of(uint32_t w) { return (w & E_PP_MASK) >> E_PP_SHIFT; }

static adsp_entry_t *entry(const vmm_adsp_t *a, uint32_t gva)
{
    struct adsp_leaf *l = a->dir[gva >> 22];
    return l ? &l->e[(gva >> 12) & 0x3FF] : NULL;
}

static adsp_entry_t *entry_make(vmm_adsp_t *a, uint32_t gva)
{
    struct adsp_leaf **l = &a->dir[gva >> 22];
    if (!*l && !(*l = calloc(1, sizeof **l)))
        return NULL;
    return &(*l)->e[(gva >> 12) & 0x3FF];
}

int adsp_create(vmm_adsp_t **out)
{
    vmm_adsp_t *a = calloc(1, sizeof *a);
    if (!a)
        return -1;
    if (htab_create(&a->htab) != 0) {
        free(a);
        return -1;
    }
    *out = a;
    return 0;
}

void adsp_destroy(vmm_adsp_t *a)
{
    if (!a)
        return;
    adsp_unmap_all(a);
    htab_destroy(&a->htab);
    free(a);
}

/* Puts entry e (page gva) into the hashed table. */
static void insert_pte(vmm_adsp_t *a, uint32_t gva, adsp_entry_t *e)
{
    htab_victim_t v;
    uint32_t slot = htab_insert(&a->htab, gva, e->word & ~0xFFFu, pp_of(e->word),
                                e->word & E_RC_MASK, &v);
    e->word &= ~E_RC_MASK; /* the PTE carries them now */
    e->slot = slot + 1;
    if (pp_of(e->word) == 0)
        a->no_access_ptes++;
    if (v.valid) {
        adsp_entry_t *ve = entry(a, v.ea);
        if (ve && ve != e) {
            ve->word |= v.rc;
            ve->slot = 0;
            if (pp_of(ve->word) == 0)
                a->no_access_ptes--;
        }
        a->gen++;
    }
}

/* Takes entry e's PTE out of the hashed table, keeping its R/C bits. */
static void remove_pte(vmm_adsp_t *a, adsp_entry_t *e)
{
    if (e->slot) {
        e->word |= htab_remove(&a->htab, e->slot - 1);
        e->slot = 0;
        if (pp_of(e->word) == 0)
            a->no_access_ptes--;
        a->gen++;
    }
}

static void clear_entry(vmm_adsp_t *a, uint32_t gva, adsp_entry_t *e)
{
    remove_pte(a, e);
    frames_unref(e->word & ~0xFFFu);
    e->word = 0;
    a->npages--;
    a->dir[gva >> 22]->used--;
}

int adsp_map(vmm_adsp_t *a, uint32_t gva, uint32_t pa, unsigned pp)
{
    gva &= ~0xFFFu;
    adsp_entry_t *e = entry_make(a, gva);
    int replaced = 0;
    if (!e)
        return -1;
    frames_ref(pa); /* before dropping the old one: it may be the same page */
    if (e->word & E_VALID) {
        clear_entry(a, gva, e);
        replaced = 1;
    }
    e->word = (pa & ~0xFFFu) | (pp & 3) << E_PP_SHIFT | E_VALID;
    e->slot = 0;
    a->npages++;
    a->dir[gva >> 22]->used++;
    if (pp & 3)
        insert_pte(a, gva, e); /* PP 0: only on demand (adsp_refill) */
    return replaced;
}

bool adsp_unmap(vmm_adsp_t *a, uint32_t gva)
{
    adsp_entry_t *e = entry(a, gva & ~0xFFFu);
    if (!e || !(e->word & E_VALID))
        return false;
    clear_entry(a, gva & ~0xFFFu, e);
    return true;
}

void adsp_unmap_all(vmm_adsp_t *a)
{
    for (uint32_t d = 0; d < 1024; d++) {
        struct adsp_leaf *l = a->dir[d];
        if (!l)
            continue;
        for (uint32_t i = 0; i < 1024 && l->used; i++)
            if (l->e[i].word & E_VALID)
                clear_entry(a, d << 22 | i << 12, &l->e[i]);
        free(l);
        a->dir[d] = NULL;
    }
}

bool adsp_protect(vmm_adsp_t *a, uint32_t gva, unsigned pp)
{
    adsp_entry_t *e = entry(a, gva & ~0xFFFu);
    if (!e || !(e->word & E_VALID))
        return false;
    pp &= 3;
    if ((pp == 0) != (pp_of(e->word) == 0))
        remove_pte(a, e); /* into or out of no access: refilled on demand */
    e->word = (e->word & ~E_PP_MASK) | pp << E_PP_SHIFT;
    if (e->slot) {
        htab_set_pp(&a->htab, e->slot - 1, pp);
        a->gen++;
    }
    return true;
}

int adsp_dirty(vmm_adsp_t *a, uint32_t gva, bool reset)
{
    adsp_entry_t *e = entry(a, gva & ~0xFFFu);
    if (!e || !(e->word & E_VALID))
        return -1;
    uint32_t rc = e->word & E_RC_MASK;
    if (e->slot)
        rc |= htab_rc(&a->htab, e->slot - 1);
    int dirty = (rc & HTAB_C) != 0;
    if (reset && dirty) {
        e->word &= ~HTAB_C;
        if (e->slot) {
            htab_clear_rc(&a->htab, e->slot - 1, HTAB_C);
            a->gen++; /* the TLB may hold a writable entry */
        }
    }
    return dirty;
}

bool adsp_lookup(const vmm_adsp_t *a, uint32_t gva, uint32_t *pa, unsigned *pp)
{
    const adsp_entry_t *e = entry(a, gva & ~0xFFFu);
    if (!e || !(e->word & E_VALID))
        return false;
    if (pa)
        *pa = (e->word & ~0xFFFu) | (gva & 0xFFFu);
    if (pp)
        *pp = pp_of(e->word);
    return true;
}

adsp_refill_t adsp_refill(vmm_adsp_t *a, uint32_t gva, bool key_zero)
{
    adsp_entry_t *e = entry(a, gva & ~0xFFFu);
    if (!e || !(e->word & E_VALID) || e->slot)
        return ADSP_ABSENT;
    if (pp_of(e->word) == 0 && !key_zero)
        return ADSP_NO_ACCESS;
    insert_pte(a, gva & ~0xFFFu, e);
    return ADSP_REFILLED;
}

void adsp_hide_no_access(vmm_adsp_t *a)
{
    for (uint32_t d = 0; d < 1024 && a->no_access_ptes; d++) {
        struct adsp_leaf *l = a->dir[d];
        for (uint32_t i = 0; l && i < 1024 && a->no_access_ptes; i++)
            if (l->e[i].slot && pp_of(l->e[i].word) == 0)
                remove_pte(a, &l->e[i]);
    }
}

bool adsp_reverse(const vmm_adsp_t *a, uint32_t pa, uint32_t *gva)
{
    for (uint32_t d = 0; d < 1024; d++) {
        const struct adsp_leaf *l = a->dir[d];
        if (!l || !l->used)
            continue;
        for (uint32_t i = 0; i < 1024; i++)
            if ((l->e[i].word & E_VALID) && (l->e[i].word & ~0xFFFu) == (pa & ~0xFFFu)) {
                *gva = d << 22 | i << 12;
                return true;
            }
    }
    return false;
}
