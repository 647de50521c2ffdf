/*
 * src/vmmon.c - vmmon, an interactive monitor for the VMM facility: the
 * command line, the read-execute loop and error reporting.  Commands come
 * from a terminal (with line editing, see lineedit.h), a pipe or a script
 * file; each one is looked up in the command table (mon_table.c).
 *
 * Every failure of a command is one line: "error: MESSAGE" on a terminal,
 * "vmmon: FILE:LINE: MESSAGE" otherwise, and then the monitor goes on.
 * Read from a script or a pipe, vmmon exits 1 if any command failed, so a
 * script can be a CI check.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lineedit.h"
#include "mon_interrupt.h"
#include "monitor.h"
#include "util.h"

#ifndef VMACHMON_VERSION
#define VMACHMON_VERSION "unknown"
#endif

#define MAX_WORDS 1100 /* a poke of a whole page fits */
#define DEFAULT_BUDGET 100000000ull

static const char usage_text[] =
    "Usage: vmmon [OPTIONS] [SCRIPT]\n"
    "An interactive monitor for the Mac OS X PowerPC VMM facility: create contexts,\n"
    "map pages, write guest code, set registers, step, run, and see why a guest\n"
    "stopped.  Commands come from SCRIPT, or from standard input (with line\n"
    "editing on a terminal); type 'help' for the list.\n"
    "\n"
    "  -x, --echo     print each command, after the prompt, before its output\n"
    "  -h, --help     show this help\n"
    "  -V, --version  show the version and the line input in use\n"
    "\n"
    "Exit status: 0, or 1 if a command failed (when not on a terminal), 2 for a\n"
    "bad option, an unreadable SCRIPT or output that could not be written.  See\n"
    "vmmon(1).\n";

typedef struct session {
    monitor_t mon;
    const char *source; /* for error lines */
    unsigned line;
    unsigned errors;
    bool echo;
} session_t;

static void report_error(session_t *s, const char *message)
{
    flush_stdout();
    if (le_interactive())
        fprintf(stderr, "error: %s\n", message);
    else
        fprintf(stderr, "vmmon: %s:%u: %s\n", s->source, s->line, message);
    s->errors++;
}

/* Splits line into words (in place): blanks separate, "..." groups, '#'
 * at the start of a word ends the line.  Returns the count, or -1. */
static int split_words(char *line, char **words, int max)
{
    int n = 0;
    for (char *p = line;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        if (!*p || *p == '#')
            return n;
        if (n == max)
            return fail("too many words on one line (at most %d)", max);
        if (*p == '"') {
            words[n++] = ++p;
            p = strchr(p, '"');
            if (!p)
                return fail("missing closing '\"'");
        } else {
            words[n++] = p;
            p += strcspn(p, " \t\r");
        }
        if (*p)
            *p++ = '\0';
    }
}

static void prompt_text(const monitor_t *m, char *buf, size_t size)
{
    if (m->cur)
        snprintf(buf, size, "vmmon[%u]> ", m->cur->g.index);
    else
        snprintf(buf, size, "vmmon> ");
}

static void execute(session_t *s, char *line)
{
    static char *words[MAX_WORDS];
    int n = split_words(line, words, MAX_WORDS);
    if (n < 0) {
        report_error(s, last_error());
        return;
    }
    if (n == 0)
        return;
    char name[32];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(words[0], "/"), words[0]);
    const mon_command_t *c = mon_find(name);
    if (!c || (strchr(words[0], '/') && c->handler != cmd_examine)) {
        fail("unknown command '%s' (try 'help')", words[0]);
        report_error(s, last_error());
        return;
    }
    if (c->handler(&s->mon, n, words) != 0)
        report_error(s, last_error());
}

/* --echo: the line as it came, a NUL byte shown as ^@. */
static void echo_line(const char *prompt, const char *line, size_t length)
{
    fputs(prompt, stdout);
    for (size_t i = 0; i < length; i++)
        if (line[i])
            putchar(line[i]);
        else
            fputs("^@", stdout);
    putchar('\n');
}

static void loop(session_t *s)
{
    char prompt[32];
    size_t length;
    while (!s->mon.quit) {
        prompt_text(&s->mon, prompt, sizeof prompt);
        char *line = le_read(prompt, &length);
        if (!line)
            break;
        s->line++;
        if (s->echo)
            echo_line(prompt, line, length);
        if (strlen(line) < length) {
            /* C strings would end the line there: refuse it whole, rather
             * than run a part of it. */
            fail("a NUL byte at column %zu: the line is not run", strlen(line) + 1);
            report_error(s, last_error());
        } else {
            le_remember(line);
            execute(s, line);
        }
        free(line);
        flush_stdout();
    }
}

static void finish(monitor_t *m)
{
    for (unsigned i = 1; i <= kVmmMaxContexts; i++) {
        if (!m->ctx[i])
            continue;
        guest_destroy(&m->ctx[i]->g);
        free(m->ctx[i]);
        m->ctx[i] = NULL;
    }
}

static const struct option long_options[] = {
    {"echo", no_argument, NULL, 'x'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* The options, then the session.  The exit status (see usage_text). */
static int run(int argc, char **argv)
{
    session_t s = {.mon.budget = DEFAULT_BUDGET, .source = "stdin"};
    FILE *in = stdin;
    opterr = 0;
    for (int opt; (opt = getopt_long(argc, argv, "xhV", long_options, NULL)) != -1;) {
        switch (opt) {
        case 'x':
            s.echo = true;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return 0;
        case 'V':
            printf("vmmon (vmachmon) %s\nline input: %s\n", VMACHMON_VERSION, le_name());
            return 0;
        default:
            fprintf(stderr, "vmmon: unknown option '%s' (try 'vmmon --help')\n", argv[optind - 1]);
            return 2;
        }
    }
    if (argc - optind > 1) {
        fprintf(stderr, "vmmon: one SCRIPT at most (try 'vmmon --help')\n");
        return 2;
    }
    if (optind < argc) {
        s.source = argv[optind];
        in = fopen(s.source, "r");
        if (!in) {
            fprintf(stderr, "vmmon: cannot open %s: %s\n", s.source, strerror(errno));
            return 2;
        }
    }
    le_init(in, mon_candidates, mon_interrupt_take);
    if (le_interactive())
        mon_interrupt_session(); /* Ctrl-C: a fresh prompt, not the end */
    loop(&s);
    finish(&s.mon);
    if (in != stdin)
        fclose(in);
    if (le_error()) {
        flush_stdout();
        fprintf(stderr, "vmmon: cannot read %s: %s\n", s.source, strerror(le_error()));
        return 2;
    }
    return !le_interactive() && s.errors ? 1 : 0;
}

/* Output that could not be written (a full disk) is one line and status 2,
 * whatever the session did: its transcript is lost. */
int main(int argc, char **argv)
{
    int status = run(argc, argv);
    if (close_stdout() == 0)
        return status;
    fprintf(stderr, "vmmon: %s\n", last_error());
    return 2;
}
