/*
 * tests/harness.h - running CUnit suites the same way in every test program.
 *
 * A test program lists its suites and calls harness_run() from main().  It
 * prints CUnit's verbose report, then one line the CI sums up:
 *
 *     RESULT <program>: <n> passed, <n> failed
 *
 * and exits 0 only if every test passed.
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

#endif /* TESTS_HARNESS_H */
