/*
 * fuzz/guestgen.h - random guest programs in a fenced arena, and the
 * isolation oracle.  Shared by tests/test_isolation.c and fuzz/fuzz_guest.c.
 *
 * The arena is one vm_allocate run laid out as
 *
 *     guard | canary | text | canary | data | canary | rodata | canary |
 *     guard | state | guard | canary
 *
 * Guard pages are PROT_NONE: anyone touching them (the guest through the
 * engine, or the library) kills the process.  Canary pages are host pages
 * that are never mapped into a guest; they, and the communication area of
 * the state page (0xC00-0xFFF, unused unless the host calls the list
 * selectors), hold a 32-bit secret in every word.  The guest's own pages
 * (text at 0x1000 RWX, data at 0x2000 RW, rodata at 0x3000 RO) hold random
 * words, never the secret.
 *
 * The oracle, after every exit:
 *   - no write escaped: every canary page and the communication area still
 *     hold the secret everywhere, and the page the guest was given
 *     read-only is unchanged;
 *   - no read escaped: no register the guest can fill by loading (GPRs, CR,
 *     XER, LR, CTR, PC, and FPRs/VRs when fetched) holds the secret;
 *   - the engine can only reach what was mapped: every valid PTE of the
 *     address space's hashed page table, and of the address spaces of the
 *     guest's own virtual machines, translates to a page of the
 *     allocatable region that is no arena's canary, guard or state page,
 *     nor another arena's guest page (white box; a routed guest's mmap
 *     brings fresh pages of its own).
 * The secret is compared through a hash, so that a fuzzer's comparison
 * tracing cannot learn it and plant it in an input.
 *
 * Programs: random words mixed with instruction templates biased towards
 * what could cross a boundary: loads and stores of every width with bases
 * at mapped pages, canaries (their physical addresses), the state page,
 * page tables and CPU pages, page edges; lmw/stmw, string loads and
 * stores, dcbz and the other cache instructions, lwarx/stwcx., FP and
 * AltiVec memory access, branches, sc, traps, privileged instructions
 * (mtmsr, mtsr, mtspr SDR1, rfi, tlbie ...), and system call snippets
 * (r0 and arguments set, then sc) for a routed guest: BSD and Mach calls
 * (read, write, mmap, munmap, vm_allocate ...), fast traps, and
 * vmm_dispatch from the guest, which builds and runs virtual machines of
 * its own over its own pages.
 */
#ifndef FUZZ_GUESTGEN_H
#define FUZZ_GUESTGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmachmon/vmachmon.h>

/* A source of random 32-bit numbers: a PRNG for tests, the input for the
 * fuzzer. */
typedef struct gg_source {
    uint32_t (*next)(void *ctx);
    void *ctx;
} gg_source_t;

/* A PRNG for gg_source_t.next: ctx is a uint64_t state (splitmix64). */
uint32_t gg_splitmix(void *ctx);

enum { GG_TEXT, GG_DATA, GG_RODATA, GG_NGUEST };

#define GG_TEXT_VA 0x1000u
#define GG_DATA_VA 0x2000u
#define GG_RODATA_VA 0x3000u

typedef struct gg_arena {
    vm_address_t base;            /* the whole run */
    size_t npages;
    uint8_t *guest[GG_NGUEST];    /* host views of the guest's pages */
    uint32_t guest_va[GG_NGUEST];
    uint8_t *canary[5];
    uint8_t *guard[4];
    vmm_state_page_t *state;
    uint32_t secret;              /* written into memory only */
    uint64_t secret_hash;         /* compared against */
    uint32_t index;               /* its context, 0 = none */
    uint64_t rodata_hash;         /* of the page given read-only */
    bool routed;                  /* guest calls answered (gg_route) */
} gg_arena_t;

/* A secret made from a seed: it reads the same in both byte orders (so
 * big- and little-endian guests load the same number) and has no zero
 * byte. */
uint32_t gg_secret(uint32_t seed);

/* Allocates and fences the arena, creates its context and maps the guest
 * pages.  Returns 0, or -1 (nothing left allocated, or a secret that is
 * not from gg_secret()). */
int gg_arena_init(gg_arena_t *a, uint32_t secret);
/* Tears the context down and gives every page back (guards made
 * accessible again first). */
void gg_arena_fini(gg_arena_t *a);

/* Routes the guest's system calls through the library (on), with host
 * services that keep the process quiet (write discards, read gives a few
 * bytes of 'A', no host fd is touched), or back to every sc leaving. */
void gg_route(gg_arena_t *a, bool on);

/* Refills the guest's pages with random non-secret words and the state
 * page's communication area with the secret. */
void gg_fill(gg_arena_t *a, gg_source_t *src);

/* Maps the guest's three pages again, writes a random program of n words
 * at the start of the text page, sets PC to it and random registers
 * (biased to interesting addresses); tells the CPU the code changed. */
void gg_program(gg_arena_t *a, gg_source_t *src, unsigned n);

/* One random instruction word (templates and raw words). */
uint32_t gg_insn(const gg_arena_t *a, gg_source_t *src);

/* Runs the context once under `budget` instructions; returns the exit
 * code.  After a fault the PC is moved past the faulting instruction, so
 * that the next run goes on with the program. */
uint32_t gg_run(gg_arena_t *a, uint64_t budget);

/* The oracle: a string naming the first broken rule, or NULL.  `deep`
 * also fetches the FP and vector registers (kVmmGetFloatState,
 * kVmmGetVectorState) and walks the hashed page table. */
const char *gg_check(const gg_arena_t *a, bool deep);

/* True if v is the secret (through the hash). */
bool gg_is_secret(const gg_arena_t *a, uint32_t v);

#endif /* FUZZ_GUESTGEN_H */
