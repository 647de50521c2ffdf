/*
 * src/lineedit.h - where the monitor's lines come from.
 *
 * On a terminal, when vmmon is built with GNU readline: line editing,
 * history and completion.  Otherwise (a script, a pipe, or a build
 * without readline): plain lines read with getline(), the prompt printed
 * only on a terminal.  Nothing else in the monitor knows which one it is
 * (the way Lua's lua.c wraps readline behind lua_readline).
 */
#ifndef SRC_LINEEDIT_H
#define SRC_LINEEDIT_H

#include <stdbool.h>
#include <stdio.h>

/* Completion: the words that may stand at position `start` of `line` (the
 * part before the cursor), ending with NULL; or NULL to complete file
 * names. */
typedef const char *const *(*le_candidates_t)(const char *line, int start);

/* True if Ctrl-C came since the last call, and forgets it: the caller's
 * SIGINT handler notes it (mon_interrupt_take). */
typedef bool (*le_interrupted_t)(void);

/* Reads from `in`; with editing only if `in` is stdin and a terminal.  On
 * a terminal, when the caller catches SIGINT and `interrupted` (may be
 * NULL) says it came while le_read waited for a line, the line being typed
 * is dropped and a fresh prompt shown; le_read goes on reading. */
void le_init(FILE *in, le_candidates_t candidates, le_interrupted_t interrupted);
/* True if lines come from a terminal (prompts, no line numbers). */
bool le_interactive(void);
/* The next line without its newline (malloc'd, the caller frees it) and
 * its length in bytes (more than strlen() if it holds a NUL byte), or
 * NULL at the end of input or when reading failed (see le_error).  On a
 * terminal, the end of input (Ctrl-D) ends the prompt's line with one
 * newline. */
char *le_read(const char *prompt, size_t *length);
/* After le_read returned NULL: 0 at the end of input, or the errno of the
 * read that failed (a directory given as the script: EISDIR). */
int le_error(void);
/* Adds a line to the history (nothing without readline). */
void le_remember(const char *line);
/* "GNU readline 8.2" or "plain line input". */
const char *le_name(void);

#endif /* SRC_LINEEDIT_H */
