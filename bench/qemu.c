/*
 * bench/qemu.c - the qemu-ppc column: the kernels of bench/ppc/kernels.S in
 * a static PowerPC Linux program (bench/ppc-kernels) under qemu-ppc user
 * mode with the same CPU model (-cpu 7400, the 7400 v2.9).
 *
 * Equivalence: before any qemu number is used, qemu_check() reads the
 * program's ELF symbol table, finds bench_k_<name> .. bench_k_<name>_end
 * and compares the words between them with the arrays of kernels.c.  Same
 * words means same instructions, same branch targets (all relative) and so
 * the same instruction counts.
 *
 * Timing: the guest reads the clock itself around each call of the kernel
 * (bench/ppc/harness.c), so qemu's start-up and the ELF loading are left
 * out; translation of the kernel falls in the first repetition, as it does
 * in the other columns.
 */
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- ELF32 big-endian, just enough to read a symbol table ---- */

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

typedef struct elf {
    uint8_t *buf;
    size_t len;
    uint32_t shoff;
    uint16_t shentsize, shnum;
} elf_t;

static const uint8_t *section(const elf_t *e, unsigned i)
{
    size_t off = e->shoff + (size_t)i * e->shentsize;
    return (i < e->shnum && off + 40 <= e->len) ? e->buf + off : NULL;
}

/* Value and section of symbol `name`; false if absent. */
static bool symbol(const elf_t *e, const char *name, uint32_t *value, unsigned *shndx)
{
    for (unsigned i = 0; i < e->shnum; i++) {
        const uint8_t *sh = section(e, i);
        if (!sh || be32(sh + 4) != 2 /* SHT_SYMTAB */)
            continue;
        const uint8_t *str = section(e, be32(sh + 24) /* sh_link */);
        uint32_t off = be32(sh + 16), size = be32(sh + 20);
        if (!str || off > e->len || size > e->len - off)
            return false;
        uint32_t stroff = be32(str + 16), strsize = be32(str + 20);
        if (stroff > e->len || strsize > e->len - stroff)
            return false;
        for (uint32_t s = 0; s + 16 <= size; s += 16) {
            const uint8_t *sym = e->buf + off + s;
            uint32_t n = be32(sym);
            if (n < strsize && strncmp((const char *)e->buf + stroff + n, name, strsize - n) == 0) {
                *value = be32(sym + 4);
                *shndx = be16(sym + 14);
                return true;
            }
        }
    }
    return false;
}

static bool load(const char *path, elf_t *e)
{
    memset(e, 0, sizeof *e);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size < 52 || st.st_size > (64 << 20)) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    e->len = (size_t)st.st_size;
    e->buf = malloc(e->len);
    bool ok = e->buf && read(fd, e->buf, e->len) == (ssize_t)e->len;
    close(fd);
    /* ELFCLASS32, ELFDATA2MSB, EM_PPC (20) */
    ok = ok && memcmp(e->buf, "\177ELF\1\2", 6) == 0 && be16(e->buf + 18) == 20;
    if (ok) {
        e->shoff = be32(e->buf + 32);
        e->shentsize = be16(e->buf + 46);
        e->shnum = be16(e->buf + 48);
        ok = e->shentsize >= 40;
    }
    return ok;
}

static long check_kernel(const elf_t *e, const bench_kernel_t *k, char *msg, size_t len)
{
    char name[64], end[64];
    uint32_t a, b;
    unsigned sa, sb;
    snprintf(name, sizeof name, "bench_k_%s", k->name);
    snprintf(end, sizeof end, "bench_k_%s_end", k->name);
    if (!symbol(e, name, &a, &sa) || !symbol(e, end, &b, &sb) || sa != sb) {
        snprintf(msg, len, "%s: symbols %s/%s not found", k->name, name, end);
        return -1;
    }
    const uint8_t *sh = section(e, sa);
    uint32_t addr = sh ? be32(sh + 12) : 0, off = sh ? be32(sh + 16) : 0;
    if (!sh || a < addr || b < a || off + (b - addr) > e->len) {
        snprintf(msg, len, "%s: bad symbol values", k->name);
        return -1;
    }
    if ((b - a) / 4 != k->nwords) {
        snprintf(msg, len, "%s: %u words in the PowerPC program, %zu in kernels.c", k->name,
                 (b - a) / 4, k->nwords);
        return -1;
    }
    for (size_t i = 0; i < k->nwords; i++) {
        uint32_t w = be32(e->buf + off + (a - addr) + 4 * i);
        if (w != k->words[i]) {
            snprintf(msg, len, "%s: word %zu is 0x%08x in the PowerPC program, 0x%08x in kernels.c",
                     k->name, i, w, k->words[i]);
            return -1;
        }
    }
    return (long)k->nwords;
}

long qemu_check(const char *path, char *msg, size_t len)
{
    elf_t e;
    long total = 0;
    if (!load(path, &e)) {
        snprintf(msg, len, "cannot read %s as a 32-bit big-endian PowerPC ELF", path);
        free(e.buf);
        return -1;
    }
    for (size_t i = 0; i < bench_nkernels && total >= 0; i++) {
        long n = check_kernel(&e, &bench_kernels[i], msg, len);
        total = n < 0 ? -1 : total + n;
    }
    free(e.buf);
    return total;
}

/* ---- running ---- */

/* Runs argv with stdout into buf (NUL-terminated); exit status or -1. */
static int capture(char *const argv[], char *buf, size_t len)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    size_t got = 0;
    ssize_t n;
    while ((n = read(fd[0], buf + got, len - 1 - got)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0)
            got += (size_t)n;
    buf[got] = 0;
    close(fd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int qemu_run(const bench_opts_t *o, const bench_kernel_t *k, uint64_t n, uint32_t r7, int reps,
             double *t)
{
    char sn[24], sr7[16], sclk[8], sreps[8], out[4096];
    snprintf(sn, sizeof sn, "%llu", (unsigned long long)n);
    snprintf(sr7, sizeof sr7, "%u", r7);
    snprintf(sclk, sizeof sclk, "%d", bench_clock_id());
    snprintf(sreps, sizeof sreps, "%d", reps);
    char *argv[] = {(char *)o->qemu, "-cpu", "7400", (char *)o->ppc_elf,
                    (char *)k->name, sn,     sr7,    sclk,
                    sreps,           NULL};
    int status = capture(argv, out, sizeof out);
    int got = 0;
    for (char *p = out; got < reps && (p = strstr(p, "ns 0x")) != NULL; p += 5)
        t[got++] = (double)strtoull(p + 5, NULL, 16) * 1e-9;
    if (status != 0 || got != reps) {
        fprintf(stderr, "vmmbench: %s %s: status %d, %d of %d times\n", o->qemu, k->name, status,
                got, reps);
        return -1;
    }
    return 0;
}

const char *qemu_version(const char *qemu)
{
    static char line[128];
    char out[1024];
    char *argv[] = {(char *)qemu, "--version", NULL};
    line[0] = 0;
    if (capture(argv, out, sizeof out) == 0) {
        size_t l = strcspn(out, "\n");
        snprintf(line, sizeof line, "%.*s", (int)l, out);
    }
    return line;
}
