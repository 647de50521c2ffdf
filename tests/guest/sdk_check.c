/*
 * tests/guest/sdk_check.c - a guest program that checks the guest SDK from
 * the inside: argv from the stack, printf's conversions, strtol, the BSD
 * stubs and errno (cerror), mmap/munmap, the Mach traps, and vmm_dispatch
 * with 32-bit and 64-bit arguments and results (register pairs).
 *
 * Run as `sdk_check.elf alpha beta` (tests/guest_sdk.sh).  Prints one line
 * per failed check and a summary; the exit status is the number of
 * failures.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <vmachmon/mach.h>
#include <vmachmon/vmachmon.h>

static int checks, failures;

#define CHECK(cond)                                                            \
    do {                                                                       \
        checks++;                                                              \
        if (!(cond)) {                                                         \
            failures++;                                                        \
            printf("FAIL line %d: %s\n", __LINE__, #cond);                     \
        }                                                                      \
    } while (0)

static void check_format(const char *expect, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void check_format(const char *expect, const char *fmt, ...)
{
    char buf[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    checks++;
    if (strcmp(buf, expect) != 0 || n != (int)strlen(expect)) {
        failures++;
        printf("FAIL format \"%s\": got \"%s\" (%d), want \"%s\"\n", fmt, buf, n, expect);
    }
}

static void formats(void)
{
    check_format("42|-7|   17|17   |00ff|00FF", "%d|%i|%5u|%-5u|%04x|%04X", 42, -7, 17u, 17u,
                 255u, 255u);
    check_format("0x1f|017|0|+3| 3", "%#x|%#o|%#x|%+d|% d", 31u, 15u, 0u, 3, 3);
    check_format("-9223372036854775807|18446744073709551615", "%lld|%llu",
                 -9223372036854775807LL, 18446744073709551615ULL);
    check_format("abc|  abc|abc  |ab|x|%", "%s|%5s|%-5s|%.2s|%c|%%", "abc", "abc", "abc", "abc",
                 'x');
    check_format("0x1000|00042|-0042", "%p|%05d|%05d", (void *)0x1000, 42, -42);
    check_format("  7|7  |-", "%*d|%-*d|%.*s", 3, 7, 3, 7, 1, "-x");
    char small[4];
    CHECK(snprintf(small, sizeof small, "%s", "truncated") == 9 && strcmp(small, "tru") == 0);
}

static void numbers(void)
{
    char *end;
    CHECK(strtol("  -0x1f!", &end, 0) == -31 && *end == '!');
    CHECK(strtol("077", NULL, 0) == 63);
    CHECK(strtol("z", &end, 10) == 0 && *end == 'z');
    CHECK(strtoul("ffff", NULL, 16) == 0xffff);
    CHECK(atoi("123") == 123 && abs(-5) == 5);
}

static void calls(void)
{
    CHECK(getpid() > 0);
    CHECK(syscall(20) == getpid()); /* the indirect call */
    errno = 0;
    CHECK(write(99, "x", 1) == -1 && errno == EBADF);
    errno = 0;
    CHECK(write(1, (const void *)0x5000, 1) == -1 && errno == EFAULT); /* below the text */
    errno = 0;
    CHECK(syscall(400) == -1 && errno == ENOSYS);

    char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE, -1, 0);
    CHECK(p != MAP_FAILED && ((uintptr_t)p & 0xFFF) == 0);
    if (p != MAP_FAILED) {
        CHECK(p[0] == 0 && p[3 * 4096 - 1] == 0);
        memset(p, 0x5A, 3 * 4096);
        CHECK(p[4096 + 7] == 0x5A);
        CHECK(munmap(p, 3 * 4096) == 0);
    }
    errno = 0;
    CHECK(mmap(NULL, 0, PROT_READ, MAP_ANON, -1, 0) == MAP_FAILED && errno == EINVAL);

    vm_address_t a = 0;
    CHECK(vm_allocate(mach_task_self(), &a, 2 * vm_page_size, VM_FLAGS_ANYWHERE) ==
          KERN_SUCCESS);
    CHECK(a != 0 && (a & 0xFFF) == 0);
    if (a) {
        ((volatile char *)a)[vm_page_size + 1] = 1;
        CHECK(vm_deallocate(mach_task_self(), a, 2 * vm_page_size) == KERN_SUCCESS);
    }
    CHECK(vm_allocate(12345, &a, vm_page_size, VM_FLAGS_ANYWHERE) == KERN_INVALID_ARGUMENT);
    CHECK(vm_allocate(mach_task_self(), (vm_address_t *)0x5000, vm_page_size,
                      VM_FLAGS_ANYWHERE) == KERN_INVALID_ADDRESS);
    CHECK(strcmp(mach_error_string(KERN_NOT_RECEIVER), "(os/kern) not receiver") == 0);
    CHECK(strcmp(mach_error_string(kVmmInvalidAddress), "(os/kern) unknown error code (1000)") ==
          0);
}

/* vmm_dispatch through the header's macro: 32-bit and 64-bit shapes. */
static void dispatch(void)
{
    CHECK(vmm_dispatch(kVmmGetVersion) == kVmmCurrentVersion);
    CHECK(vmm_get_version() == kVmmCurrentVersion); /* the 0x6001 stub */
    CHECK(vmm_dispatch(kVmmMaxAddr) == 0xFFFFFFFFull);
    vm_address_t state = 0, page = 0;
    if (vm_allocate(mach_task_self(), &state, vm_page_size, VM_FLAGS_ANYWHERE) ||
        vm_allocate(mach_task_self(), &page, vm_page_size, VM_FLAGS_ANYWHERE)) {
        CHECK(!"vm_allocate");
        return;
    }
    vmm_state_page_t *sp = (vmm_state_page_t *)state;
    CHECK(vmm_dispatch(kVmmInitContext, kVmmCurrentVersion, sp) == KERN_SUCCESS);
    uint32_t index = sp->thread_index;
    CHECK(index == 1);
    CHECK(vmm_dispatch(kVmmMapPage64, index, (uint64_t)page, 0x7000ull, VM_PROT_ALL) ==
          KERN_SUCCESS);
    CHECK(vmm_dispatch(kVmmGetPageMapping64, index, 0x7000ull) == page);
    CHECK(vmm_dispatch(kVmmGetPageMapping, index, 0x7000) == page);
    CHECK(vmm_dispatch(kVmmGetPageMapping, index, 0x9000) == UINT64_MAX);
    CHECK(vmm_dispatch(kVmmGetPageMapping64, index, 0x9000ull) == UINT64_MAX);
    CHECK(vmm_dispatch(kVmmMapPage64, index, (uint64_t)page, 0x100007000ull, VM_PROT_ALL) ==
          kVmmInvalidAddress);
    CHECK(vmm_dispatch(kVmmTearDownContext, index) == KERN_SUCCESS);
    vm_deallocate(mach_task_self(), state, vm_page_size);
    vm_deallocate(mach_task_self(), page, vm_page_size);
}

int main(int argc, char **argv)
{
    CHECK(argc == 3);
    CHECK(argc == 3 && strcmp(argv[1], "alpha") == 0 && strcmp(argv[2], "beta") == 0);
    CHECK(argv[argc] == NULL);
    formats();
    numbers();
    calls();
    dispatch();
    printf("sdk_check: %d checks, %d failed\n", checks, failures);
    return failures;
}
