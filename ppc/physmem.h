/*
 * ppc/physmem.h - guest "physical" memory.
 *
 * Every CPU of the process sees the same 4 GiB physical address space: one
 * host reservation (anonymous, MAP_NORESERVE, aligned to 4 GiB) that each
 * engine maps once at physical address 0.  A guest reaches physical memory
 * only through the page tables the facility builds, so it can touch only
 * the pages it was given.  The host reaches the same bytes through
 * physmem_host(pa): memory shared, never copied.
 *
 * Because the base is 4 GiB-aligned, the low 32 bits of a host address in
 * the reservation are its physical address.
 *
 * Layout of the physical space:
 */
#ifndef PPC_PHYSMEM_H
#define PPC_PHYSMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PHYS_SIZE (1ull << 32)
#define PHYS_PAGE 4096u

/* Host-allocatable pages (vm_allocate). */
#define PHYS_ALLOC_BASE 0x00010000u
#define PHYS_ALLOC_END 0xE0000000u
/* Hashed page tables, one per guest address space. */
#define PHYS_HTAB_BASE 0xE0000000u
#define PHYS_HTAB_END 0xF0000000u
/* Two pages per CPU for its supervisor stubs and scratch data. */
#define PHYS_CPU_BASE 0xF0000000u
#define PHYS_CPU_END 0xF1000000u

/* Reserves the space on first use; thread-safe.  Returns the host base, or
 * NULL if the host has no room (errno set). */
uint8_t *physmem_init(void);

/* The host base (physmem_init() must have succeeded). */
uint8_t *physmem_base(void);

static inline void *physmem_host(uint32_t pa) { return physmem_base() + pa; }

/* True and *pa set if [p, p+len) lies inside the reservation. */
bool physmem_pa_of(const void *p, size_t len, uint32_t *pa);

/* Zero a page range and give its memory back to the host kernel. */
void physmem_discard(uint32_t pa, size_t len);

/*
 * Fixed-size slots in the HTAB and CPU regions: returns the physical
 * address of a free slot of `size` bytes (aligned to its size) inside
 * [base, end), or 0 when all are taken.  physmem_slot_free() returns it.
 */
uint32_t physmem_slot_alloc(uint32_t base, uint32_t end, uint32_t size);
void physmem_slot_free(uint32_t base, uint32_t size, uint32_t pa);

#endif /* PPC_PHYSMEM_H */
