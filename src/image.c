/*
 * src/image.c - reading guest programs from files and placing them in a
 * guest (see image.h).
 */
#include "image.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <vmachmon/loader.h>

#include "util.h"

static bool has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), m = strlen(suffix);
    return n >= m && strcasecmp(path + n - m, suffix) == 0;
}

/* One line of a .hex file: a word, or nothing (blank or comment).
 * Returns 1 with *word, 0 for nothing, -1 for a bad line. */
static int hex_line(char *line, uint32_t *word)
{
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    while (isspace((unsigned char)*line))
        line++;
    char *end = line + strlen(line);
    while (end > line && isspace((unsigned char)end[-1]))
        *--end = '\0';
    if (!*line)
        return 0;
    const char *digits = line;
    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
        digits += 2;
    size_t n = strlen(digits);
    if (n == 0 || n > 8 || strspn(digits, "0123456789abcdefABCDEF") != n)
        return -1;
    *word = (uint32_t)strtoul(digits, NULL, 16);
    return 1;
}

/* Turns the text of a .hex file into big-endian words, in place. */
static int parse_hex(const char *path, image_t *img)
{
    char *text = malloc(img->size + 1);
    if (!text)
        return fail("%s: out of memory", path);
    memcpy(text, img->bytes, img->size);
    text[img->size] = '\0';
    size_t words = 0;
    unsigned lineno = 1;
    for (char *line = text, *next; line; line = next, lineno++) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        uint32_t word;
        int got = hex_line(line, &word);
        if (got < 0) {
            fail("%s:%u: expected one hex word (up to 8 hex digits), got '%.40s'", path, lineno,
                 line);
            free(text);
            return -1;
        }
        if (got)
            be32_put(img->bytes + 4 * words++, word); /* 4 bytes of output < text read */
    }
    free(text);
    img->size = 4 * words;
    if (words == 0)
        return fail("%s: no instructions (an empty .hex file)", path);
    return 0;
}

int image_read(const char *path, image_t *img)
{
    memset(img, 0, sizeof *img);
    if (read_file(path, &img->bytes, &img->size) != 0)
        return -1;
    int rc = 0;
    if (img->size >= 4 && memcmp(img->bytes, "\177ELF", 4) == 0)
        img->kind = IMAGE_ELF;
    else if (has_suffix(path, ".hex")) {
        img->kind = IMAGE_HEX;
        rc = parse_hex(path, img);
    } else if (img->size == 0)
        rc = fail("%s: empty file", path);
    else if (img->size % 4)
        rc = fail("%s: %zu bytes is not a whole number of 4-byte instructions", path, img->size);
    if (rc != 0)
        image_free(img);
    return rc;
}

void image_free(image_t *img)
{
    free(img->bytes);
    memset(img, 0, sizeof *img);
}

#define ELF_PT_LOAD 1
#define ELF_PF_X 1
#define ELF_PF_W 2
#define ELF_PF_R 4

static uint16_t be16_get(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

/* Records the protection of the pages an ELF file's PT_LOAD segments were
 * given (the file loaded, so its header and program headers are whole).
 * vmm_load_elf32 gives a page the union of the p_flags of the segments that
 * touch it; so does this, in two passes: every page of a segment to none,
 * then each segment's rights added. */
static void note_elf_pages(guest_t *g, const image_t *img)
{
    const uint8_t *f = img->bytes;
    uint32_t phoff = be32_get(f + 28);
    uint16_t phentsize = be16_get(f + 42), phnum = be16_get(f + 44);
    for (int add = 0; add <= 1; add++) {
        for (unsigned i = 0; i < phnum; i++) {
            size_t at = (size_t)phoff + (size_t)i * phentsize;
            const uint8_t *ph = f + at;
            if (at + 32 > img->size || be32_get(ph) != ELF_PT_LOAD)
                continue;
            uint32_t vaddr = be32_get(ph + 8), memsz = be32_get(ph + 20), flags = be32_get(ph + 24);
            vm_prot_t prot = ((flags & ELF_PF_R) ? VM_PROT_READ : 0) |
                             ((flags & ELF_PF_W) ? VM_PROT_WRITE : 0) |
                             ((flags & ELF_PF_X) ? VM_PROT_EXECUTE : 0);
            if (memsz)
                guest_adopt(g, vaddr, (uint64_t)vaddr + memsz, add ? prot : 0, add);
        }
    }
}

static int place_elf(guest_t *g, const image_t *img, uint32_t *entry)
{
    vmm_elf_info_t info;
    const char *why = NULL;
    kern_return_t kr = vmm_load_elf32(g->index, img->bytes, img->size, &info, &why);
    if (kr != KERN_SUCCESS)
        return fail("cannot load the ELF file: %s", why ? why : mach_error_string(kr));
    note_elf_pages(g, img);
    *entry = info.entry;
    return 0;
}

int image_place(guest_t *g, const image_t *img, uint32_t at, uint32_t *entry)
{
    if (img->kind == IMAGE_ELF)
        return place_elf(g, img, entry);
    if (at & 3)
        return fail("load address 0x%08x is not word-aligned", at);
    if (check_span(at, img->size, 1, "bytes") != 0)
        return -1;
    uint64_t end = (uint64_t)at + img->size;
    uint32_t first = at & ~PAGE_MASK;
    /* Every page but the first, then the first: the last page mapped is
     * the one the guest starts in. */
    for (uint64_t page = (uint64_t)first + PAGE_SIZE; page < end; page += PAGE_SIZE)
        if (!guest_host(g, (uint32_t)page) && guest_map(g, (uint32_t)page, VM_PROT_ALL, true))
            return -1;
    if (!guest_host(g, first) && guest_map(g, first, VM_PROT_ALL, true))
        return -1;
    for (size_t off = 0, n; off < img->size; off += n) {
        uint32_t addr = at + (uint32_t)off;
        n = PAGE_SIZE - (addr & PAGE_MASK);
        n = n < img->size - off ? n : img->size - off;
        uint8_t *host = guest_host(g, addr);
        memcpy(host, img->bytes + off, n);
        sys_icache_invalidate(host, n);
    }
    *entry = at;
    return 0;
}
