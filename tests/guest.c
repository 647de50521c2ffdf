/* tests/guest.c - see guest.h. */
#include "tests/guest.h"

#include <CUnit/CUnit.h>
#include <string.h>
#include <time.h>

#include "ppc/bytes.h"

uint32_t be32_get(const void *p) { return be32_load(p); }

void be32_put(void *p, uint32_t v) { be32_store(p, v); }

vm_address_t page_alloc(void)
{
    vm_address_t page = 0;
    if (vm_allocate(mach_task_self(), &page, vm_page_size, VM_FLAGS_ANYWHERE) != KERN_SUCCESS) {
        CU_FAIL("vm_allocate");
        return 0;
    }
    return page;
}

void page_free(vm_address_t page)
{
    if (page)
        vm_deallocate(mach_task_self(), page, vm_page_size);
}

int bytes_all(const void *p, size_t n, uint8_t value)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != value)
            return 0;
    return 1;
}

int guest_init(guest_t *g)
{
    vm_address_t state = 0;
    memset(g, 0, sizeof *g);
    if (vm_allocate(mach_task_self(), &state, vm_page_size, VM_FLAGS_ANYWHERE) ||
        vm_allocate(mach_task_self(), &g->text, vm_page_size, VM_FLAGS_ANYWHERE) ||
        vm_allocate(mach_task_self(), &g->data, vm_page_size, VM_FLAGS_ANYWHERE)) {
        CU_FAIL("vm_allocate");
        return -1;
    }
    g->state = (vmm_state_page_t *)state;
    g->regs = &g->state->vmm_proc_state.ppcRegs.ppcRegs32;
    if (vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, g->state) != KERN_SUCCESS) {
        CU_FAIL("kVmmInitContext");
        return -1;
    }
    g->index = g->state->thread_index;
    if (vmm_dispatch(kVmmMapPage, g->index, g->data, GUEST_DATA, VM_PROT_ALL) != KERN_SUCCESS) {
        CU_FAIL("kVmmMapPage data");
        return -1;
    }
    return 0;
}

void guest_fini(guest_t *g)
{
    if (g->index)
        vmm_dispatch(kVmmTearDownContext, g->index);
    if (g->state)
        vm_deallocate(mach_task_self(), (vm_address_t)g->state, vm_page_size);
    if (g->text)
        vm_deallocate(mach_task_self(), g->text, vm_page_size);
    if (g->data)
        vm_deallocate(mach_task_self(), g->data, vm_page_size);
    memset(g, 0, sizeof *g);
}

guest_t suite_guest;

int suite_guest_setup(void) { return guest_init(&suite_guest) == 0 ? 0 : -1; }

int suite_guest_teardown(void)
{
    guest_fini(&suite_guest);
    return 0;
}

uint32_t *guest_params(const guest_t *g) { return g->state->vmmRet.vmmrp32.return_params; }

void guest_code_at(guest_t *g, uint32_t at, const uint32_t *words, size_t n)
{
    uint8_t *p = (uint8_t *)g->text + (at - GUEST_TEXT);
    for (size_t i = 0; i < n; i++)
        be32_put(p + 4 * i, words[i]);
    sys_icache_invalidate(p, 4 * n);
    g->regs->ppcPC = at;
}

void guest_code(guest_t *g, const uint32_t *words, size_t n)
{
    guest_code_at(g, GUEST_TEXT, words, n);
}

uint32_t guest_run(guest_t *g)
{
    if (!g->text_mapped) {
        g->text_mapped = 1;
        return (uint32_t)vmm_dispatch(kVmmMapExecute, g->index, g->text, GUEST_TEXT, VM_PROT_ALL);
    }
    return (uint32_t)vmm_dispatch(kVmmExecuteVM, g->index);
}

uint64_t ms_from_now(unsigned ms)
{
    mach_timebase_info_data_t tb;
    mach_timebase_info(&tb);
    return mach_absolute_time() + (uint64_t)ms * 1000000u * tb.denom / tb.numer;
}

uint64_t set_timer(uint32_t index, uint64_t deadline)
{
    return vmm_dispatch(kVmmSetTimer, index, (uint32_t)(deadline >> 32), (uint32_t)deadline);
}

size_t elf_image(uint8_t *f, uint32_t vaddr, const uint32_t *code, size_t n, uint32_t bss,
                 uint32_t flags)
{
    memset(f, 0, 84 + 4 * n);
    memcpy(f, "\177ELF\1\2\1", 7);                   /* 32-bit, MSB, v1 */
    be32_put(f + 16, 2u << 16 | 20);                 /* ET_EXEC, EM_PPC */
    be32_put(f + 20, 1);                             /* e_version */
    be32_put(f + 24, vaddr);                         /* e_entry */
    be32_put(f + 28, 52);                            /* e_phoff */
    be32_put(f + 40, 52u << 16 | 32);                /* e_ehsize, e_phentsize */
    be32_put(f + 44, 1u << 16);                      /* e_phnum = 1 */
    uint8_t *ph = f + 52;
    be32_put(ph + 0, 1);                             /* PT_LOAD */
    be32_put(ph + 4, 84);                            /* p_offset */
    be32_put(ph + 8, vaddr);                         /* p_vaddr */
    be32_put(ph + 16, (uint32_t)(4 * n));            /* p_filesz */
    be32_put(ph + 20, (uint32_t)(4 * n) + bss);      /* p_memsz */
    be32_put(ph + 24, flags);                        /* p_flags */
    for (size_t i = 0; i < n; i++)
        be32_put(f + 84 + 4 * i, code[i]);
    return 84 + 4 * n;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void *stopper_main(void *arg)
{
    stopper_t *s = arg;
    const struct timespec tick = {0, 1000000}; /* 1 ms */
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (!atomic_load(&s->cancelled)) {
        if (s->marker && __atomic_load_n(s->marker, __ATOMIC_ACQUIRE) != 0) {
            s->marker_seen = 1;
            break;
        }
        if (seconds_since(&t0) * 1000 >= s->ms)
            break;
        nanosleep(&tick, NULL);
    }
    if (!atomic_load(&s->cancelled)) {
        vmm_stop_vm(0x80000000u >> (s->index - 1));
        s->stopped = 1;
    }
    return NULL;
}

int stopper_start(stopper_t *s, uint32_t index, const uint32_t *marker, unsigned ms)
{
    memset(s, 0, sizeof *s);
    s->index = index;
    s->marker = marker;
    s->ms = ms;
    atomic_init(&s->cancelled, 0);
    if (pthread_create(&s->thread, NULL, stopper_main, s) != 0) {
        CU_FAIL("pthread_create");
        return -1;
    }
    return 0;
}

void stopper_join(stopper_t *s) { pthread_join(s->thread, NULL); }

void stopper_cancel(stopper_t *s)
{
    atomic_store(&s->cancelled, 1);
    pthread_join(s->thread, NULL);
}
