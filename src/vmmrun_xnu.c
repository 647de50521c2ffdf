/*
 * src/vmmrun_xnu.c - vmmrun's --xnu mode: FILE is a Mac OS X-style
 * PowerPC program (an ELF32 built with the guest SDK), run as a guest
 * whose system calls are routed to the library's handlers (xnu_run.h).
 * What follows FILE is its argv; its exit status is vmmrun's.
 */
#include <stdio.h>

#include "vmmrun.h"
#include "xnu_run.h"

/* The options that shape guest code or its state dump mean nothing here. */
static const char *unused_option(const vmmrun_opts_t *o)
{
    if (o->at_given)
        return "--at";
    if (o->stack_given)
        return "--stack";
    if (o->nmaps)
        return "--map";
    if (o->nsets)
        return "--set";
    if (o->exits_given)
        return "--exits";
    if (o->until_given)
        return "--until";
    if (o->nexpects)
        return "--expect";
    if (o->golden)
        return "--golden";
    if (o->json)
        return "--json";
    if (o->quiet)
        return "--quiet";
    return NULL;
}

int vmmrun_xnu(const vmmrun_opts_t *o)
{
    const char *bad = unused_option(o);
    if (bad) {
        vmmrun_error("%s does not apply to --xnu programs (try 'vmmrun --help')", bad);
        return VMMRUN_USAGE;
    }
    xnu_run_options_t xo = {
        .trace = o->trace ? stderr : NULL,
        .budget = o->budget,
        .name = "vmmrun",
    };
    /* The guest's argv: FILE, then what followed it. */
    int status = xnu_run(o->file, o->nargs + 1, o->args - 1, &xo);
    if (status == XNU_RUN_BAD_INPUT)
        return VMMRUN_USAGE;
    return status == XNU_RUN_FAILED ? VMMRUN_XNU_FAILED : status;
}
