/*
 * tests/xnu_driver.c - runs a guest program through xnu_run(), the way
 * `vmmrun --xnu` does, for the tests:
 *
 *     xnu_driver [--trace] FILE [ARG...]
 *
 * The guest's argv is FILE ARG...; its exit status is ours (125 if it
 * could not run to its exit).  --trace prints every routed call on stderr.
 */
#include <stdio.h>
#include <string.h>

#include "src/xnu_run.h"

int main(int argc, char **argv)
{
    xnu_run_options_t opts = {0};
    int first = 1;
    if (argc > 1 && strcmp(argv[1], "--trace") == 0) {
        opts.trace = stderr;
        first++;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: xnu_driver [--trace] FILE [ARG...]\n");
        return 2;
    }
    int status = xnu_run(argv[first], argc - first, argv + first, &opts);
    return status == XNU_RUN_FAILED ? 125 : status;
}
