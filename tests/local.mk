# tests/: CUnit programs (one per module) and script tests, run by `make check`.
# Every test prints "RESULT <name>: N passed, N failed"; .ci/run sums them.
TEST_CPPFLAGS = $(LIB_CPPFLAGS) $(CUNIT_CFLAGS)
TEST_LDADD = libvmachmon_core.la $(CUNIT_LIBS) $(UNICORN_LIBS) $(PTHREAD_LIBS)
TEST_COMMON = tests/harness.h tests/harness.c tests/guest.h tests/guest.c

if HAVE_CUNIT
CUNIT_TESTS = \
	tests/test_control \
	tests/test_exits

check_PROGRAMS += $(CUNIT_TESTS)
TESTS += $(CUNIT_TESTS)

tests_test_control_SOURCES = tests/test_control.c $(TEST_COMMON)
tests_test_control_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_control_LDADD = $(TEST_LDADD)

tests_test_exits_SOURCES = tests/test_exits.c $(TEST_COMMON)
tests_test_exits_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_exits_LDADD = $(TEST_LDADD)
endif

# The tools, from the outside: shell tests (see each script's header), the
# helpers they run, and their golden files.
TOOL_TESTS = tests/test_vmmrun.sh tests/test_vmmon.sh
TESTS += $(TOOL_TESTS)
check_PROGRAMS += tests/test_vmmrun_json tests/test_vmmon_pty
tests_test_vmmrun_json_SOURCES = tests/test_vmmrun_json.c
tests_test_vmmon_pty_SOURCES = tests/test_vmmon_pty.c
tests_test_vmmon_pty_LDADD = -lutil
EXTRA_DIST += $(TOOL_TESTS) tests/test_vmmrun_lib.sh \
	tests/golden/vmmrun/demo0.hex tests/golden/vmmrun/demo0.out \
	tests/golden/vmmrun/factorial.hex tests/golden/vmmrun/factorial.out \
	tests/golden/vmmon/walkthrough.vmmon tests/golden/vmmon/walkthrough.out \
	tests/golden/vmmon/errors.vmmon tests/golden/vmmon/errors.out \
	tests/golden/vmmon/exits.vmmon tests/golden/vmmon/exits.out \
	tests/golden/vmmon/contexts.vmmon tests/golden/vmmon/contexts.out
