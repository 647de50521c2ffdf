/*
 * src/vmmrun.h - vmmrun's options and its run modes.
 *
 * main() parses the command line into a vmmrun_opts_t and hands it to a
 * mode: the default mode loads FILE as guest code into a new context and
 * runs it (vmmrun_guest.c).  Another mode (such as running an XNU-style
 * program with its arguments) is one more function with this signature,
 * one more option that selects it, and one more source file: the
 * arguments after FILE are collected for it in args/nargs (vmmrun.c's
 * parse_options says which).
 */
#ifndef SRC_VMMRUN_H
#define SRC_VMMRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "expect.h"

/* Exit statuses (documented in vmmrun.1). */
enum {
    VMMRUN_OK = 0,         /* ran as asked; every check held */
    VMMRUN_MISMATCH = 1,   /* an --expect or --golden check failed */
    VMMRUN_USAGE = 2,      /* bad option, value or input file */
    VMMRUN_UNFINISHED = 3, /* budget used up, or --until never seen */
    VMMRUN_FACILITY = 4,   /* the facility refused to set up the guest */
    /* --xnu: the program's own exit status, VMMRUN_USAGE for a file that
     * is not a program, or this when it did not run to its exit (as
     * env(1) and nohup(1) report their own failures). */
    VMMRUN_XNU_FAILED = 125,
};

typedef struct vmmrun_opts vmmrun_opts_t;
typedef int (*vmmrun_mode_t)(const vmmrun_opts_t *opts);

typedef struct assignment {
    int reg;
    uint32_t value;
} assignment_t;

struct vmmrun_opts {
    vmmrun_mode_t mode;
    const char *file;
    char **args; /* --xnu: what follows FILE; otherwise the words after FILE
                    that are not options (refused) */
    int nargs;
    uint32_t at;
    bool at_given;
    uint32_t stack;
    bool stack_given;
    uint32_t *maps;
    size_t nmaps;
    assignment_t *sets;
    size_t nsets;
    expectation_t *expects;
    size_t nexpects;
    const char *golden;
    unsigned long exits; /* exits to run through, or the limit with --until */
    bool exits_given;
    uint32_t until;
    bool until_given;
    uint64_t budget; /* 0 = no limit */
    bool trace, json, quiet;
};

/* Prints "vmmrun: MESSAGE" on stderr (after flushing stdout). */
void vmmrun_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The default mode: FILE is guest code. */
int vmmrun_guest(const vmmrun_opts_t *opts);
/* --xnu: FILE is a program run with routed system calls (vmmrun_xnu.c). */
int vmmrun_xnu(const vmmrun_opts_t *opts);

#endif /* SRC_VMMRUN_H */
