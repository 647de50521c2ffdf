/*
 * tests/test_vmmon_pty.c - drives a program through a pseudo-terminal, so
 * that a test can prove vmmon's terminal path (readline editing, history,
 * completion) works the way a person at a keyboard uses it.
 *
 *     test_vmmon_pty STEPS PROGRAM [ARGS...]
 *
 * STEPS is a file of lines:
 *     send TEXT      type TEXT (escapes: \r \n \t \e \\ and \xHH)
 *     expect TEXT    wait (10 s at most) until the program's output since
 *                    the last match contains TEXT (same escapes)
 *     lines N        wait (10 s at most) until the program has ended its
 *                    output; what it wrote since the last match must hold
 *                    exactly N newlines (Ctrl-D at a prompt: one, so that
 *                    the shell's prompt starts a line, not an empty one)
 *     # ...          a comment
 * Of a long output, the driver keeps what follows the last match, or its
 * last 4 KiB (and shows that much when a step fails).
 * At the end of the steps the driver waits for the program to exit.  Exit
 * status 0 if every expect matched and the program exited with 0; else 1,
 * with the step that failed and the output seen (escaped) on stderr.
 */
#define _GNU_SOURCE /* forkpty, memmem */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_MS 10000

static char output[1 << 16];
static size_t out_len, matched; /* output seen; end of the last match */

static size_t unescape(const char *in, char *out)
{
    size_t n = 0;
    for (; *in; in++) {
        if (*in != '\\' || !in[1]) {
            out[n++] = *in;
            continue;
        }
        switch (*++in) {
        case 'r':
            out[n++] = '\r';
            break;
        case 'n':
            out[n++] = '\n';
            break;
        case 't':
            out[n++] = '\t';
            break;
        case 'e':
            out[n++] = 27;
            break;
        case 'x': {
            char hex[3] = {in[1], in[1] ? in[2] : 0, 0};
            out[n++] = (char)strtol(hex, NULL, 16);
            in += 2;
            break;
        }
        default:
            out[n++] = *in;
            break;
        }
    }
    out[n] = '\0';
    return n;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Reads what the program wrote for up to `ms`; -1 at its end. */
/* Makes room when the buffer is half full (a long 'step' prints a lot):
 * what was matched is not needed any more, and of what was not, only the
 * last KEEP bytes (a match to come may start in them). */
#define KEEP 4096
static void make_room(void)
{
    if (out_len < sizeof output / 2)
        return;
    size_t from = matched;
    if (out_len - from > KEEP)
        from = out_len - KEEP;
    memmove(output, output + from, out_len - from + 1);
    out_len -= from;
    matched = matched > from ? matched - from : 0;
}

static int pump(int fd, int ms)
{
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, ms) <= 0)
        return 0;
    make_room();
    ssize_t n = read(fd, output + out_len, sizeof output - 1 - out_len);
    if (n <= 0)
        return -1;
    out_len += (size_t)n;
    output[out_len] = '\0';
    return 0;
}

static void show_output(void)
{
    fputs("output seen:\n", stderr);
    for (size_t i = 0; i < out_len; i++) {
        unsigned char c = (unsigned char)output[i];
        if (c == '\n' || (c >= 32 && c < 127))
            fputc(c, stderr);
        else
            fprintf(stderr, "\\x%02x", c);
    }
    fputc('\n', stderr);
}

/* Pumps until the program's output ends; 0 if what came after the last
 * match holds exactly `want` newlines. */
static int lines_left(int fd, long want)
{
    long deadline = now_ms() + TIMEOUT_MS, n = 0;
    for (;;) {
        long left = deadline - now_ms();
        if (left <= 0)
            return -1;
        if (pump(fd, (int)left) < 0)
            break;
    }
    for (size_t i = matched; i < out_len; i++)
        n += output[i] == '\n';
    if (n != want)
        fprintf(stderr, "%ld newlines after the last match, expected %ld\n", n, want);
    return n == want ? 0 : -1;
}

static int expect(int fd, const char *want)
{
    long deadline = now_ms() + TIMEOUT_MS;
    for (;;) {
        char *hit = memmem(output + matched, out_len - matched, want, strlen(want));
        if (hit) {
            matched = (size_t)(hit - output) + strlen(want);
            return 0;
        }
        long left = deadline - now_ms();
        if (left <= 0 || pump(fd, (int)left) < 0)
            return -1;
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_vmmon_pty STEPS PROGRAM [ARGS...]\n");
        return 2;
    }
    FILE *steps = fopen(argv[1], "r");
    if (!steps) {
        perror(argv[1]);
        return 2;
    }
    int fd;
    struct winsize ws = {.ws_row = 24, .ws_col = 200};
    pid_t pid = forkpty(&fd, NULL, NULL, &ws);
    if (pid < 0) {
        perror("forkpty");
        return 2;
    }
    if (pid == 0) {
        setenv("TERM", "vt100", 1);
        unsetenv("INPUTRC");
        setenv("HOME", "/nonexistent", 1); /* no ~/.inputrc */
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    char line[1024], text[1024];
    unsigned lineno = 0;
    int failed = 0;
    while (!failed && fgets(line, sizeof line, steps)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (!strncmp(line, "send ", 5)) {
            size_t n = unescape(line + 5, text);
            if (write(fd, text, n) != (ssize_t)n)
                failed = 1;
            usleep(20000); /* let the line discipline and readline keep up */
        } else if (!strncmp(line, "expect ", 7)) {
            unescape(line + 7, text);
            failed = expect(fd, text) != 0;
        } else if (!strncmp(line, "lines ", 6)) {
            failed = lines_left(fd, strtol(line + 6, NULL, 10)) != 0;
        } else if (line[0] && line[0] != '#') {
            fprintf(stderr, "%s:%u: unknown step\n", argv[1], lineno);
            failed = 1;
        }
        if (failed)
            fprintf(stderr, "%s:%u: failed: %s\n", argv[1], lineno, line);
    }
    fclose(steps);
    int status = 0;
    if (failed)
        kill(pid, SIGTERM); /* no need to wait for it */
    long deadline = now_ms() + TIMEOUT_MS;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (now_ms() > deadline) {
            fprintf(stderr, "the program did not exit\n");
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            failed = 1;
            break;
        }
        pump(fd, 50);
    }
    if (!failed && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
        fprintf(stderr, "the program ended with status 0x%x\n", status);
        failed = 1;
    }
    if (failed)
        show_output();
    close(fd);
    return failed;
}
