/* tests/harness.c - see harness.h. */
#include "tests/harness.h"

#include <CUnit/Basic.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void harness_failf(unsigned line, const char *file, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    CU_assertImplementation(CU_FALSE, line, msg, file, "", CU_FALSE);
}

/* ---- the watchdog -------------------------------------------------------- */

static const char *watched_program;
static unsigned watchdog_seconds;

/* Appends s to buf at *n (async-signal-safe: no stdio, no allocation). */
static void put(char *buf, size_t size, size_t *n, const char *s)
{
    while (s && *s && *n + 1 < size)
        buf[(*n)++] = *s++;
}

static void put_unsigned(char *buf, size_t size, size_t *n, unsigned v)
{
    char digits[12];
    size_t k = sizeof digits;
    digits[--k] = '\0';
    do
        digits[--k] = (char)('0' + v % 10);
    while ((v /= 10) && k);
    put(buf, size, n, digits + k);
}

/* "<program>: timed out after N s (in <suite>/<test>)", then exit 1.  The
 * current suite and test are plain pointers CUnit keeps while it runs. */
static void on_alarm(int sig)
{
    (void)sig;
    char line[512];
    size_t n = 0;
    CU_pSuite suite = CU_get_current_suite();
    CU_pTest test = CU_get_current_test();
    put(line, sizeof line, &n, "\n");
    put(line, sizeof line, &n, watched_program);
    put(line, sizeof line, &n, ": timed out after ");
    put_unsigned(line, sizeof line, &n, watchdog_seconds);
    put(line, sizeof line, &n, " s");
    if (suite && test) {
        put(line, sizeof line, &n, " (in ");
        put(line, sizeof line, &n, suite->pName);
        put(line, sizeof line, &n, "/");
        put(line, sizeof line, &n, test->pName);
        put(line, sizeof line, &n, ")");
    }
    put(line, sizeof line, &n, "\n");
    ssize_t w = write(STDERR_FILENO, line, n);
    (void)w;
    _exit(1);
}

/* TEST_TIMEOUT seconds (default 300; 0 turns the watchdog off) for the
 * whole program: a test that hangs fails with a line that says so instead
 * of holding the CI until its own limit. */
static void start_watchdog(const char *program)
{
    const char *v = getenv("TEST_TIMEOUT");
    long seconds = v && *v ? strtol(v, NULL, 10) : 300;
    if (seconds <= 0)
        return;
    watched_program = program;
    watchdog_seconds = seconds > 86400 ? 86400u : (unsigned)seconds;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    alarm(watchdog_seconds);
}

int harness_run(const char *program, const test_suite_t *suites)
{
    /* Line by line, so that what ran is in the log if the watchdog ends
     * the program (_exit does not flush stdio). */
    setvbuf(stdout, NULL, _IOLBF, 0);
    start_watchdog(program);
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    for (const test_suite_t *s = suites; s->name; s++) {
        CU_pSuite suite = CU_add_suite(s->name, s->setup, s->teardown);
        if (!suite)
            return 2;
        for (const test_case_t *t = s->cases; t->name; t++)
            if (!CU_add_test(suite, t->name, t->fn))
                return 2;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    alarm(0);
    unsigned run = CU_get_number_of_tests_run();
    unsigned failed = CU_get_number_of_tests_failed();
    unsigned suites_failed = CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    printf("\nRESULT %s: %u passed, %u failed\n", program, run - failed, failed + suites_failed);
    return (failed || suites_failed) ? 1 : 0;
}
