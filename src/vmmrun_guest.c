/*
 * src/vmmrun_guest.c - vmmrun's default mode: FILE is guest code.
 *
 * It builds the guest the way the book's demo does (pages first, the page
 * the guest starts in mapped last, PC and r1 in the state page), runs it
 * with kVmmExecuteVM through the requested exits under an instruction
 * budget, then prints the state and checks the expectations.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmachmon/control.h>

#include "dump.h"
#include "explain.h"
#include "image.h"
#include "regs.h"
#include "util.h"
#include "vmmrun.h"

#define C_RED_ZONE 224u /* the PowerPC 32-bit ABI red zone below the stack */

/* "vmmrun: WHAT: <last error>", and the status of a bad input. */
static int bad_input(const char *what)
{
    vmmrun_error("%s: %s", what, last_error());
    return VMMRUN_USAGE;
}

/* Whether the page at `page` holds part of a raw or .hex image placed at
 * `at` (such an image is placed after the --map and --stack pages, so its
 * pages are not mapped yet). */
static bool image_page(const image_t *img, uint32_t at, uint32_t page)
{
    uint64_t first = at & ~PAGE_MASK, end = (uint64_t)at + img->size;
    return page >= first && page < end;
}

/* Maps a zeroed page for --map or --stack (`what`).  A page cannot be
 * mapped twice: not over another --map or --stack page, and not over the
 * image, whose page it would otherwise share without a word.  VMMRUN_OK,
 * or VMMRUN_USAGE after a message. */
static int map_option_page(guest_t *g, const vmmrun_opts_t *o, const image_t *img, uint32_t page,
                           const char *what)
{
    bool elf = img->kind == IMAGE_ELF; /* placed already: its pages are mapped */
    if (elf ? guest_host(g, page) != NULL : image_page(img, o->at, page)) {
        vmmrun_error("%s: page 0x%08x already holds the image %s (a page cannot be mapped twice)",
                     what, page, o->file);
        return VMMRUN_USAGE;
    }
    if (guest_map(g, page, VM_PROT_ALL, true) != 0)
        return bad_input(what);
    return VMMRUN_OK;
}

/* Pages, image, registers.  VMMRUN_OK, or an exit status after a message. */
static int setup(guest_t *g, const vmmrun_opts_t *o, const image_t *img)
{
    uint32_t entry;
    int status = VMMRUN_OK;
    if (img->kind == IMAGE_ELF && o->at_given) {
        fail("--at does not apply to an ELF file (it has its own addresses)");
        return bad_input(o->file);
    }
    if (guest_create(g) != 0) {
        vmmrun_error("%s", last_error());
        return VMMRUN_FACILITY;
    }
    if (img->kind == IMAGE_ELF && image_place(g, img, o->at, &entry) != 0)
        return bad_input(o->file);
    for (size_t i = 0; i < o->nmaps && status == VMMRUN_OK; i++)
        status = map_option_page(g, o, img, o->maps[i], "--map");
    if (o->stack_given && status == VMMRUN_OK)
        status = map_option_page(g, o, img, o->stack, "--stack");
    if (status != VMMRUN_OK)
        return status;
    if (img->kind != IMAGE_ELF && image_place(g, img, o->at, &entry) != 0)
        return bad_input(o->file);
    g->regs->ppcPC = g->origin = entry;
    if (o->stack_given)
        g->regs->ppcGPRs[1] = o->stack + PAGE_SIZE - C_RED_ZONE;
    for (size_t i = 0; i < o->nsets; i++)
        *reg_slot(g->state, o->sets[i].reg) = o->sets[i].value;
    return VMMRUN_OK;
}

/* Launches until the run is over.  VMMRUN_OK, or VMMRUN_UNFINISHED after
 * a message. */
static int run(guest_t *g, const vmmrun_opts_t *o, unsigned long *exits)
{
    vmm_set_instruction_budget(g->index, o->budget);
    for (*exits = 1;; ++*exits) {
        vmm_dispatch(kVmmExecuteVM, g->index);
        if (o->trace)
            exit_trace_line(o->json ? stderr : stdout, g, *exits);
        if (exit_out_of_budget(g)) {
            vmmrun_error("the guest used up its budget of %llu instructions at pc 0x%08x "
                         "(a loop?); raise it with --budget",
                         (unsigned long long)o->budget, g->regs->ppcPC);
            return VMMRUN_UNFINISHED;
        }
        if (o->until_given && g->state->return_code == o->until)
            return VMMRUN_OK;
        if (*exits >= o->exits)
            break;
    }
    if (!o->until_given)
        return VMMRUN_OK;
    vmmrun_error("no %s exit within %lu exits (last: %s at pc 0x%08x); raise --exits",
                 exit_name(o->until), o->exits, exit_name(g->state->return_code), g->regs->ppcPC);
    return VMMRUN_UNFINISHED;
}

/* The state as printed (text or JSON), in a malloc'd string. */
static char *render(const guest_t *g, const vmmrun_opts_t *o, unsigned long exits)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    if (!f)
        return NULL;
    if (o->json)
        dump_json(f, g, exits);
    else
        dump_state(f, g);
    fclose(f);
    return text;
}

/* Compares text with the golden file line by line, one message per
 * difference.  VMMRUN_OK, VMMRUN_MISMATCH, or VMMRUN_USAGE for a file
 * that cannot be opened or read. */
static int compare_golden(const char *path, const char *text)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        vmmrun_error("--golden %s: cannot open it: %s", path, strerror(errno));
        return VMMRUN_USAGE;
    }
    char want[512];
    unsigned line = 0, bad = 0;
    const char *got = text;
    while (fgets(want, sizeof want, f)) {
        line++;
        want[strcspn(want, "\n")] = '\0';
        size_t n = *got ? strcspn(got, "\n") : 0;
        if (!*got) {
            vmmrun_error("%s:%u: expected '%s', got nothing (the state has %u lines)", path, line,
                         want, line - 1);
            bad++;
            break;
        }
        if (strlen(want) != n || strncmp(want, got, n) != 0) {
            vmmrun_error("%s:%u: expected '%s', got '%.*s'", path, line, want, (int)n, got);
            bad++;
        }
        got += n + (got[n] == '\n');
    }
    /* fgets says NULL for a failed read too (a directory: EISDIR). */
    int err = ferror(f) ? (errno ? errno : EIO) : 0;
    fclose(f);
    if (err) {
        vmmrun_error("--golden %s: cannot read it: %s", path, strerror(err));
        return VMMRUN_USAGE;
    }
    if (*got) {
        vmmrun_error("%s: ends at line %u, the state goes on: '%.*s'", path, line,
                     (int)strcspn(got, "\n"), got);
        bad++;
    }
    return bad ? VMMRUN_MISMATCH : VMMRUN_OK;
}

static int check_expectations(const guest_t *g, const vmmrun_opts_t *o)
{
    int status = VMMRUN_OK;
    for (size_t i = 0; i < o->nexpects; i++) {
        char msg[200];
        if (!expect_check(g, &o->expects[i], msg, sizeof msg)) {
            vmmrun_error("%s", msg);
            status = VMMRUN_MISMATCH;
        }
    }
    return status;
}

/* Prints the state and checks it.  The run's status wins over the checks:
 * a guest that did not finish has no final state to check. */
static int report(const guest_t *g, const vmmrun_opts_t *o, unsigned long exits, int status)
{
    char *text = render(g, o, exits);
    if (!text) {
        vmmrun_error("out of memory");
        return VMMRUN_FACILITY;
    }
    if (!o->quiet)
        fputs(text, stdout);
    if (status == VMMRUN_OK && o->golden)
        status = compare_golden(o->golden, text);
    int checks =
        status == VMMRUN_OK || status == VMMRUN_MISMATCH ? check_expectations(g, o) : VMMRUN_OK;
    free(text);
    return status == VMMRUN_OK ? checks : status;
}

int vmmrun_guest(const vmmrun_opts_t *o)
{
    image_t img;
    guest_t g = {0};
    unsigned long exits = 0;
    if (o->nargs > 0) {
        vmmrun_error("unexpected argument '%s' (one guest FILE only)", o->args[0]);
        return VMMRUN_USAGE;
    }
    if (image_read(o->file, &img) != 0) {
        vmmrun_error("%s", last_error());
        return VMMRUN_USAGE;
    }
    int status = setup(&g, o, &img);
    image_free(&img);
    if (status == VMMRUN_OK) {
        status = run(&g, o, &exits);
        status = report(&g, o, exits, status);
    }
    guest_destroy(&g);
    return status;
}
