/*
 * src/vmmrun.c - vmmrun: run a PowerPC guest under the VMM facility, print
 * or check its final state.  This file holds the command line: options,
 * --help, --version, and the choice of mode; the modes run the guest.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "guest.h"
#include "util.h"
#include "vmmrun.h"

#ifndef VMACHMON_VERSION
#define VMACHMON_VERSION "unknown"
#endif

#define DEFAULT_BUDGET 100000000ull
#define DEFAULT_UNTIL_EXITS 10000ul

static const char usage_text[] =
    "Usage: vmmrun [OPTIONS] FILE [OPTIONS]\n"
    "       vmmrun --xnu [--trace] [--budget N] PROGRAM [ARG...]\n"
    "Load guest code into a new VMM context, run it, and print or check its state.\n"
    "FILE is a raw big-endian binary, a .hex file (one hex word per line, '#'\n"
    "comments), or a 32-bit PowerPC ELF executable.\n"
    "With --xnu, PROGRAM is a Mac OS X-style PowerPC ELF (built with the guest\n"
    "SDK) whose system calls are answered by the library: it runs with ARGs as\n"
    "its arguments (untouched, options or not), its output is vmmrun's, and so is\n"
    "its exit status (125 if it did not run to its exit).\n"
    "\n"
    "Guest setup:\n"
    "  -a, --at ADDR            place a raw or .hex image at ADDR and start there\n"
    "                           (default 0x1000)\n"
    "  -s, --stack ADDR         map a zeroed stack page at ADDR; r1 = ADDR+4096-224\n"
    "  -m, --map ADDR           map a zeroed page at ADDR (repeatable)\n"
    "  -S, --set REG=VALUE      set a register before the run: r0-r31, pc, msr, cr,\n"
    "                           xer, lr, ctr, vrsave (repeatable)\n"
    "Running:\n"
    "  -n, --exits N            run through N exits (default 1)\n"
    "  -u, --until CODE         run until an exit with CODE (a number, a kVmm name,\n"
    "                           or null, dsi, isi, alignment, program, sc, trace),\n"
    "                           within --exits exits (default 10000)\n"
    "  -b, --budget N           give up after about N guest instructions\n"
    "                           (default 100000000; 0 = no limit)\n"
    "  -t, --trace              print each exit with its instruction and params\n"
    "                           (--xnu: each routed system call, on stderr)\n"
    "  -x, --xnu                run PROGRAM with routed system calls (see above)\n"
    "Output and checks:\n"
    "  -j, --json               print the state as JSON\n"
    "  -q, --quiet              print no state\n"
    "  -e, --expect NAME=VALUE  after the run, check a register, return_code,\n"
    "                           return_params[I] or mem[ADDR] (repeatable)\n"
    "  -g, --golden FILE        compare the printed state with FILE\n"
    "  -h, --help               show this help\n"
    "  -V, --version            show the version\n"
    "\n"
    "Numbers are decimal or 0x-prefixed hex.  Exit status: 0 ok, 1 a check failed,\n"
    "2 usage, input or output error, 3 the guest did not finish (budget used up,\n"
    "or no --until exit), 4 the facility failed.  See vmmrun(1).\n";

void vmmrun_error(const char *fmt, ...)
{
    va_list ap;
    flush_stdout();
    fputs("vmmrun: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int usage_error(const char *message)
{
    vmmrun_error("%s (try 'vmmrun --help')", message);
    return VMMRUN_USAGE;
}

static int option_value(int opt, const char *arg, vmmrun_opts_t *o)
{
    uint64_t n;
    switch (opt) {
    case 'a':
        o->at_given = true;
        if (parse_u32(arg, &o->at) != 0)
            return -1;
        return (o->at & 3) ? fail("--at 0x%08x: address is not word-aligned", o->at) : 0;
    case 's':
        o->stack_given = true;
        return parse_u32(arg, &o->stack) ? -1 : check_page_aligned(o->stack, "--stack address");
    case 'm':
        if (parse_u32(arg, &o->maps[o->nmaps]) != 0)
            return -1;
        return check_page_aligned(o->maps[o->nmaps++], "--map address");
    case 'S': {
        assignment_t *a = &o->sets[o->nsets++];
        return assignment_parse(arg, &a->reg, &a->value);
    }
    case 'e':
        return expect_parse(arg, &o->expects[o->nexpects++]);
    case 'g':
        o->golden = arg;
        return 0;
    case 'n':
        o->exits_given = true;
        if (parse_u64(arg, &n) != 0 || n == 0 || n > 1000000000ull)
            return fail("--exits wants a count from 1 to 1000000000, not '%s'", arg);
        o->exits = (unsigned long)n;
        return 0;
    case 'u':
        o->until_given = true;
        return parse_return_code(arg, &o->until);
    case 'b':
        return parse_u64(arg, &o->budget);
    case 't':
        o->trace = true;
        return 0;
    case 'j':
        o->json = true;
        return 0;
    case 'q':
        o->quiet = true;
        return 0;
    case 'x':
        o->mode = vmmrun_xnu;
        return 0;
    }
    return fail("unknown option");
}

static const struct option long_options[] = {
    {"at", required_argument, NULL, 'a'},
    {"stack", required_argument, NULL, 's'},
    {"map", required_argument, NULL, 'm'},
    {"set", required_argument, NULL, 'S'},
    {"exits", required_argument, NULL, 'n'},
    {"until", required_argument, NULL, 'u'},
    {"budget", required_argument, NULL, 'b'},
    {"trace", no_argument, NULL, 't'},
    {"xnu", no_argument, NULL, 'x'},
    {"json", no_argument, NULL, 'j'},
    {"quiet", no_argument, NULL, 'q'},
    {"expect", required_argument, NULL, 'e'},
    {"golden", required_argument, NULL, 'g'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

#define OPTSTRING ":a:s:m:S:n:u:b:txjqe:g:hV" /* ':' first: a missing value is ':' */

/* Reads the options among argv[1..argc-1] (argv[0] is skipped, as getopt
 * does) into *o.  in_order: stop at the first word that is not an option
 * (FILE), so that what follows it can belong to --xnu's PROGRAM;
 * otherwise take options anywhere and leave the other words at
 * argv[optind..] (GNU getopt permutes them there).  after_file: these
 * words followed FILE, where --xnu comes too late.  Returns -1 to go on,
 * or an exit status (0 after --help/--version). */
static int read_options(int argc, char **argv, vmmrun_opts_t *o, bool in_order, bool after_file)
{
    opterr = 0;
    optind = 0; /* glibc: start afresh (the second call reads another argv) */
    for (int opt; (opt = getopt_long(argc, argv, in_order ? "+" OPTSTRING : OPTSTRING, long_options,
                                     NULL)) != -1;) {
        if (opt == 'h') {
            fputs(usage_text, stdout);
            return VMMRUN_OK;
        }
        if (opt == 'V') {
            printf("vmmrun (vmachmon) %s\n", VMACHMON_VERSION);
            return VMMRUN_OK;
        }
        if (opt == '?' || opt == ':') {
            char msg[160];
            if (opt == ':')
                snprintf(msg, sizeof msg, "option '%s' needs a value", argv[optind - 1]);
            else if (optopt)
                snprintf(msg, sizeof msg, "unknown option '-%c'", optopt);
            else
                snprintf(msg, sizeof msg, "unknown option '%s'", argv[optind - 1]);
            return usage_error(msg);
        }
        if (opt == 'x' && after_file)
            return usage_error("--xnu goes before PROGRAM (what follows PROGRAM is its own)");
        if (option_value(opt, optarg, o) != 0) {
            vmmrun_error("%s", last_error());
            return VMMRUN_USAGE;
        }
    }
    return -1;
}

/* Fills *o from the command line.  Options come before FILE; without
 * --xnu they may follow it too (as GNU tools take them), and any other
 * word is left in args for vmmrun_guest to refuse.  With --xnu, what
 * follows PROGRAM is its own.  Returns -1 to go on, or an exit status
 * (0 after --help/--version). */
static int parse_options(int argc, char **argv, vmmrun_opts_t *o)
{
    size_t max = (size_t)argc;
    o->mode = vmmrun_guest;
    o->at = 0x1000;
    o->exits = 1;
    o->budget = DEFAULT_BUDGET;
    o->maps = calloc(max, sizeof *o->maps);
    o->sets = calloc(max, sizeof *o->sets);
    o->expects = calloc(max, sizeof *o->expects);
    if (!o->maps || !o->sets || !o->expects)
        return usage_error("out of memory");
    int status = read_options(argc, argv, o, true, false);
    if (status >= 0)
        return status;
    if (optind >= argc)
        return usage_error(o->mode == vmmrun_xnu ? "no PROGRAM given" : "no guest FILE given");
    o->file = argv[optind];
    o->args = argv + optind + 1;
    o->nargs = argc - optind - 1;
    if (o->mode != vmmrun_xnu && o->nargs > 0) {
        /* The words after FILE, with FILE in getopt's argv[0] slot. */
        char **rest = argv + optind;
        int nrest = argc - optind;
        if ((status = read_options(nrest, rest, o, false, true)) >= 0)
            return status;
        o->args = rest + optind;
        o->nargs = nrest - optind;
    }
    if (o->until_given && !o->exits_given)
        o->exits = DEFAULT_UNTIL_EXITS;
    if (o->json && o->quiet)
        return usage_error("--json and --quiet do not go together");
    return -1;
}

/* The end of every run: output that could not be written (a full disk)
 * is one line and status VMMRUN_USAGE in place of a success or a failed
 * check, whose report is lost; other failures keep their status.  stdout
 * is closed, so this says it on stderr itself (vmmrun_error flushes
 * stdout). */
static int finish_output(int status)
{
    if (close_stdout() == 0)
        return status;
    fprintf(stderr, "vmmrun: %s\n", last_error());
    return status == VMMRUN_OK || status == VMMRUN_MISMATCH ? VMMRUN_USAGE : status;
}

int main(int argc, char **argv)
{
    vmmrun_opts_t opts = {0};
    int status = parse_options(argc, argv, &opts);
    if (status < 0)
        status = opts.mode(&opts);
    free(opts.maps);
    free(opts.sets);
    free(opts.expects);
    return finish_output(status);
}
