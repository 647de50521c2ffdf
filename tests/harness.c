/* tests/harness.c - see harness.h. */
#include "tests/harness.h"

#include <CUnit/Basic.h>
#include <stdarg.h>
#include <stdio.h>

void harness_failf(unsigned line, const char *file, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    CU_assertImplementation(CU_FALSE, line, msg, file, "", CU_FALSE);
}

int harness_run(const char *program, const test_suite_t *suites)
{
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
    unsigned run = CU_get_number_of_tests_run();
    unsigned failed = CU_get_number_of_tests_failed();
    unsigned suites_failed = CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    printf("\nRESULT %s: %u passed, %u failed\n", program, run - failed, failed + suites_failed);
    return (failed || suites_failed) ? 1 : 0;
}
