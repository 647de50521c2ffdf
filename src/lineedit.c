/*
 * src/lineedit.c - line input for the monitor: GNU readline or plain lines
 * (see lineedit.h).  VMMON_READLINE is defined by the build when readline
 * was found and not refused (configure --without-readline).
 */
#include "lineedit.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#ifdef VMMON_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

static FILE *input;
static bool terminal;
static le_candidates_t candidates_fn;
static le_interrupted_t interrupted_fn;
static int read_errno;

/* Whether Ctrl-C came (and forget it); never without the caller's word. */
static bool take_interrupt(void)
{
    return terminal && interrupted_fn && interrupted_fn();
}

bool le_interactive(void)
{
    return terminal;
}

int le_error(void)
{
    return read_errno;
}

/* getline() on input.  On a terminal, a SIGINT handler of the caller's may
 * end the read (EINTR) even if it asks for restarted calls: Ctrl-C at the
 * prompt must not wait for the next line. */
static ssize_t getline_interruptible(char **line, size_t *cap)
{
    struct sigaction now, saved;
    bool lift = terminal && sigaction(SIGINT, NULL, &now) == 0 && now.sa_handler != SIG_DFL &&
                now.sa_handler != SIG_IGN && (now.sa_flags & SA_RESTART);
    if (lift) {
        saved = now;
        now.sa_flags &= ~SA_RESTART;
        sigaction(SIGINT, &now, NULL);
    }
    errno = 0;
    ssize_t n = getline(line, cap, input);
    int err = errno;
    if (lift)
        sigaction(SIGINT, &saved, NULL);
    errno = err;
    return n;
}

static char *plain_read(const char *prompt, size_t *length)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    take_interrupt(); /* a Ctrl-C before the prompt is not for it */
    for (;;) {
        if (terminal) {
            fputs(prompt, stdout);
            flush_stdout();
        }
        n = getline_interruptible(&line, &cap);
        if (!take_interrupt())
            break;
        /* Ctrl-C: the terminal dropped what was typed (and echoed ^C);
         * drop what was read, and prompt on a fresh line. */
        clearerr(input);
        putchar('\n');
    }
    /* Ctrl-D after some text ends it without a newline: give the output
     * a line of its own, and go on reading (a terminal's end of input is
     * not for good, and stdio's end-of-file flag would say it is). */
    if (terminal && n > 0 && line[n - 1] != '\n') {
        putchar('\n');
        clearerr(input);
    }
    if (n < 0) {
        /* getline says -1 for both; only a failed read sets the error flag */
        if (ferror(input))
            read_errno = errno ? errno : EIO;
        free(line);
        if (terminal)
            putchar('\n');
        return NULL;
    }
    if (n > 0 && line[n - 1] == '\n')
        line[--n] = '\0';
    *length = (size_t)n;
    return line;
}

#ifdef VMMON_READLINE

static const char *const *matches_list;
static size_t matches_at;

/* Readline's generator: the candidates that start with `text`, one per
 * call, each one malloc'd. */
static char *generate(const char *text, int state)
{
    if (!state)
        matches_at = 0;
    size_t n = strlen(text);
    for (const char *word; matches_list && (word = matches_list[matches_at]) != NULL;) {
        matches_at++;
        if (strncmp(word, text, n) == 0)
            return strdup(word);
    }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    char *before = strndup(rl_line_buffer, (size_t)start);
    matches_list = before ? candidates_fn(before, start) : NULL;
    free(before);
    if (!matches_list)
        return NULL; /* readline completes file names */
    rl_attempted_completion_over = 1;
    return rl_completion_matches(text, generate);
}

/* Called by readline when a signal interrupted its read, after its own
 * handling of SIGINT (line state freed, "^C" echoed, the caller's handler
 * run).  For Ctrl-C: an empty line under a fresh prompt, as shells do. */
static int on_signal_event(void)
{
    if (!take_interrupt())
        return 0;
    if (where_history() < history_length)
        rl_maybe_unsave_line(); /* the line kept while browsing the history */
    rl_replace_line("", 1);
    rl_mark = 0;
    using_history(); /* the next Up is the last line again */
    rl_crlf();
    rl_on_new_line();
    rl_redisplay();
    return 0;
}

void le_init(FILE *in, le_candidates_t candidates, le_interrupted_t interrupted)
{
    input = in;
    terminal = in == stdin && isatty(fileno(stdin));
    candidates_fn = candidates;
    interrupted_fn = interrupted;
    if (terminal) {
        rl_readline_name = "vmmon";
        rl_attempted_completion_function = complete;
        rl_basic_word_break_characters = " \t=";
        rl_signal_event_hook = on_signal_event;
    }
}

/* Whether readline ended the prompt's line itself at the end of input:
 * since 8.1 it does when bracketed paste was on (rl_deprep_terminal), which
 * it is unless the terminal is "dumb" or the user's inputrc says no. */
static bool readline_ended_line(void)
{
#if RL_READLINE_VERSION >= 0x0801
    const char *paste = rl_variable_value("enable-bracketed-paste");
    return rl_eof_found && paste && strcmp(paste, "on") == 0;
#else
    return false;
#endif
}

char *le_read(const char *prompt, size_t *length)
{
    if (!terminal)
        return plain_read(prompt, length);
    take_interrupt(); /* a Ctrl-C before the prompt is not for it */
    char *line = readline(prompt);
    if (line)
        *length = strlen(line); /* readline's lines end at a NUL */
    /* Ctrl-D: one newline, so the shell's prompt starts a line of its own
     * (two made an empty line). */
    if (!line && !readline_ended_line())
        putchar('\n');
    return line;
}

void le_remember(const char *line)
{
    if (terminal && *line)
        add_history(line);
}

const char *le_name(void)
{
    static char name[64];
    snprintf(name, sizeof name, "GNU readline %s", rl_library_version);
    return name;
}

#else /* plain line input only */

void le_init(FILE *in, le_candidates_t candidates, le_interrupted_t interrupted)
{
    input = in;
    terminal = in == stdin && isatty(fileno(stdin));
    candidates_fn = candidates;
    interrupted_fn = interrupted;
}

char *le_read(const char *prompt, size_t *length)
{
    return plain_read(prompt, length);
}

void le_remember(const char *line)
{
    (void)line;
}

const char *le_name(void)
{
    return "plain line input";
}

#endif
