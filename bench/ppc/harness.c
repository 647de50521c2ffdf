/*
 * bench/ppc/harness.c - the qemu-ppc side of vmmbench: a static PowerPC
 * Linux program with no C library.
 *
 *     ppc-kernels KERNEL N R7 CLOCK REPS
 *
 * runs kernel KERNEL (bench_k_KERNEL in kernels.S) REPS times with N
 * iterations and r7 = R7, and prints one line "ns 0x<hex>" per run: the
 * time of that run on clock CLOCK (a Linux clockid: 1 monotonic, 3 this
 * thread's CPU time), read by the guest itself right before and after the
 * call, so that qemu's start-up is not counted.  Exit status 0, or 2 for
 * bad arguments.
 */
typedef unsigned int u32;
typedef unsigned long long u64;

#define NR_WRITE 4
#define NR_CLOCK_GETTIME 246
#define NR_EXIT_GROUP 234

struct ts32 {
    int sec, nsec;
};

extern void bench_call(void (*k)(void), long r3, long r4, long r5, long r6, long r7);
extern void bench_k_loop(void), bench_k_fact(void), bench_k_store(void), bench_k_load(void),
    bench_k_call(void);
void bench_main(long *sp) __attribute__((noreturn));

/* The 16 KiB data buffer of r4 (kernels.h). */
static char data[16384] __attribute__((aligned(4096)));

static long sys3(long nr, long a, long b, long c)
{
    register long r0 __asm__("r0") = nr;
    register long r3 __asm__("r3") = a;
    register long r4 __asm__("r4") = b;
    register long r5 __asm__("r5") = c;
    __asm__ volatile("sc"
                     : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5)
                     :
                     : "r6", "r7", "r8", "r9", "r10", "r11", "r12", "cr0", "ctr", "memory");
    return r3;
}

static __attribute__((noreturn)) void quit(int status)
{
    for (;;)
        sys3(NR_EXIT_GROUP, status, 0, 0);
}

static int same(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static int number(const char *s, u32 *v)
{
    u32 n = 0;
    if (!*s)
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        n = n * 10 + (u32)(*s - '0');
    }
    *v = n;
    return 1;
}

static void print_ns(u64 ns)
{
    char b[32];
    int i = sizeof b;
    b[--i] = '\n';
    do {
        b[--i] = "0123456789abcdef"[ns & 15];
        ns >>= 4;
    } while (ns);
    b[--i] = 'x';
    b[--i] = '0';
    b[--i] = ' ';
    b[--i] = 's';
    b[--i] = 'n';
    sys3(NR_WRITE, 1, (long)(b + i), (long)(sizeof b - i));
}

void bench_main(long *sp)
{
    long argc = sp[0];
    char **argv = (char **)(sp + 1);
    static const struct {
        const char *name;
        void (*fn)(void);
    } table[] = {{"loop", bench_k_loop},
                 {"fact", bench_k_fact},
                 {"store", bench_k_store},
                 {"load", bench_k_load},
                 {"call", bench_k_call}};
    void (*fn)(void) = 0;
    u32 n, r7, clk, reps;

    if (argc != 6 || !number(argv[2], &n) || !number(argv[3], &r7) || !number(argv[4], &clk) ||
        !number(argv[5], &reps))
        quit(2);
    for (unsigned i = 0; i < sizeof table / sizeof table[0]; i++)
        if (same(argv[1], table[i].name))
            fn = table[i].fn;
    if (!fn)
        quit(2);
    for (u32 r = 0; r < reps; r++) {
        struct ts32 a, b;
        sys3(NR_CLOCK_GETTIME, (long)clk, (long)&a, 0);
        bench_call(fn, 0, (long)data, (long)n, 12, (long)r7);
        sys3(NR_CLOCK_GETTIME, (long)clk, (long)&b, 0);
        print_ns((u64)(b.sec - a.sec) * 1000000000u + (u64)(long long)(b.nsec - a.nsec));
    }
    quit(0);
}
