/*
 * tests/guest.h - a small guest for tests: one context, a text page at guest
 * 0x1000 and a data page at guest 0x2000, both from vm_allocate.
 *
 * Guest code is written as annotated instruction words:
 *
 *     static const uint32_t code[] = {
 *         PPC_LI(3, 5),        // li r3,5
 *         PPC_SC,              // sc
 *     };
 *     guest_code(&g, code, ARRAY_SIZE(code));
 *     CU_ASSERT_EQUAL(guest_run(&g), kVmmReturnSystemCall);
 */
#ifndef TESTS_GUEST_H
#define TESTS_GUEST_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <vmachmon/vmachmon.h>

#include "ppc/insn.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define GUEST_TEXT 0x1000u
#define GUEST_DATA 0x2000u

typedef struct guest {
    vmm_state_page_t *state;
    vmm_regs32_t *regs;  /* &state->vmm_proc_state.ppcRegs.ppcRegs32 */
    uint32_t index;
    vm_address_t text;   /* host view of guest 0x1000 */
    vm_address_t data;   /* host view of guest 0x2000 */
    int text_mapped;
} guest_t;

/* Creates the context and maps the data page (read/write) at 0x2000; the
 * text page is mapped by the first guest_run().  Returns 0, or -1 (with a
 * CUnit failure recorded) if the host could not set it up. */
int guest_init(guest_t *g);
void guest_fini(guest_t *g);

/* A guest shared by the tests of a suite: give these to the suite as its
 * setup and teardown. */
extern guest_t suite_guest;
int suite_guest_setup(void);
int suite_guest_teardown(void);

/* The 32-bit return_params of g's state page. */
uint32_t *guest_params(const guest_t *g);

/* Writes words big-endian at guest address `at` of the text page, tells
 * the CPU the code changed, and sets the PC to `at`. */
void guest_code_at(guest_t *g, uint32_t at, const uint32_t *words, size_t n);
void guest_code(guest_t *g, const uint32_t *words, size_t n);

/* Launches (kVmmMapExecute the first time, then kVmmExecuteVM). */
uint32_t guest_run(guest_t *g);

/* Big-endian words in host memory. */
uint32_t be32_get(const void *p);
void be32_put(void *p, uint32_t v);

/* One zero-filled page from vm_allocate (0, with a CUnit failure recorded,
 * if there is none), and giving it back (0 is ignored). */
vm_address_t page_alloc(void);
void page_free(vm_address_t page);

/* True if the n bytes at p all equal value. */
int bytes_all(const void *p, size_t n, uint8_t value);

/* The mach_absolute_time() `ms` milliseconds from now, and kVmmSetTimer:
 * context index's deadline (0: none). */
uint64_t ms_from_now(unsigned ms);
uint64_t set_timer(uint32_t index, uint64_t deadline);

/* A minimal ELF32 big-endian PowerPC executable, written to f (84 + 4 n
 * bytes): one PT_LOAD segment at vaddr (also the entry point) with p_flags
 * `flags` (PF_R 4 | PF_W 2 | PF_X 1), holding the n code words and then
 * `bss` zero bytes.  Returns its size. */
size_t elf_image(uint8_t *f, uint32_t vaddr, const uint32_t *code, size_t n, uint32_t bss,
                 uint32_t flags);

/* A thread that stops context `index` with vmm_stop_vm.
 *
 * With a marker (host memory the guest writes, such as g->data), it stops
 * the context as soon as the 32-bit word there is not 0, i.e. once the
 * guest is running; `ms` is then how long it waits for that before it
 * gives up (and stops the context anyway, so that the launch cannot spin
 * forever; marker_seen stays 0 and the test fails).  Without one, it
 * stops the context after `ms` milliseconds. */
typedef struct stopper {
    pthread_t thread;
    uint32_t index;
    const uint32_t *marker; /* NULL: stop after ms */
    unsigned ms;
    atomic_int cancelled;
    int marker_seen; /* read these after stopper_join() */
    int stopped;
} stopper_t;

/* Starts the thread (0, or -1 with a CUnit failure recorded). */
int stopper_start(stopper_t *s, uint32_t index, const uint32_t *marker, unsigned ms);
/* Waits for it to have stopped the context (or given up). */
void stopper_join(stopper_t *s);
/* Tells it not to stop the context if it has not yet, and waits for it. */
void stopper_cancel(stopper_t *s);

#endif /* TESTS_GUEST_H */
