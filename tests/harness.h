/*
 * tests/harness.h - running CUnit suites the same way in every test program.
 *
 * A test program lists its suites and calls harness_run() from main().  It
 * prints CUnit's verbose report, then one line the CI sums up:
 *
 *     RESULT <program>: <n> passed, <n> failed
 *
 * and exits 0 only if every test passed.
 *
 * A watchdog bounds the whole program: after TEST_TIMEOUT seconds (default
 * 300; 0 turns it off) it prints
 *
 *     <program>: timed out after N s (in <suite>/<test>)
 *
 * on stderr and exits 1, so a test that hangs fails instead of holding the
 * CI.  It uses alarm() and SIGALRM: a test must not set its own alarm.
 */
#ifndef TESTS_HARNESS_H
#define TESTS_HARNESS_H

#include <CUnit/CUnit.h>

typedef struct test_case {
    const char *name;
    void (*fn)(void);
} test_case_t;

typedef struct test_suite {
    const char *name;
    int (*setup)(void);    /* may be NULL */
    int (*teardown)(void); /* may be NULL */
    const test_case_t *cases; /* ends with TEST_END */
} test_suite_t;

#define TEST(fn) {#fn, fn}
#define TEST_END {NULL, NULL}
#define SUITES_END {NULL, NULL, NULL, NULL}

int harness_run(const char *program, const test_suite_t *suites);

/* Records a failure whose message is formatted, to name the value or the
 * table row that was wrong: TEST_FAILF("prot %u: load", prot). */
#define TEST_FAILF(...) harness_failf(__LINE__, __FILE__, __VA_ARGS__)
void harness_failf(unsigned line, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* TESTS_HARNESS_H */
