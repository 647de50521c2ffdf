# tests/: CUnit programs (one per module) and script tests, run by `make check`.
# Every test prints "RESULT <name>: N passed, N failed"; .ci/run sums them.
TEST_CPPFLAGS = $(LIB_CPPFLAGS) $(CUNIT_CFLAGS)
TEST_LDADD = libvmachmon_core.la $(CUNIT_LIBS) $(UNICORN_LIBS) $(PTHREAD_LIBS)
TEST_COMMON = tests/harness.h tests/harness.c tests/guest.h tests/guest.c

# The demos against the book's transcripts (copied into tests/golden/).
TESTS += tests/test_demo.sh
EXTRA_DIST += \
	tests/test_demo.sh \
	tests/golden/vmachmon32-0.txt \
	tests/golden/vmachmon32-1.txt \
	tests/golden/vmachmon32-usage.txt

if HAVE_CUNIT
CUNIT_TESTS = \
	tests/test_exits \
	tests/test_abi \
	tests/test_mach \
	tests/test_context \
	tests/test_map \
	tests/test_launch

check_PROGRAMS += $(CUNIT_TESTS)
TESTS += $(CUNIT_TESTS)

tests_test_exits_SOURCES = tests/test_exits.c $(TEST_COMMON)
tests_test_exits_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_exits_LDADD = $(TEST_LDADD)

# test_abi sees what the vmm_dispatch macro hands the library through a
# link-time wrapper of vmm_dispatch_v.
tests_test_abi_SOURCES = tests/test_abi.c $(TEST_COMMON)
tests_test_abi_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_abi_LDFLAGS = -Wl,--wrap=vmm_dispatch_v
tests_test_abi_LDADD = $(TEST_LDADD)

tests_test_mach_SOURCES = tests/test_mach.c $(TEST_COMMON)
tests_test_mach_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_mach_LDADD = $(TEST_LDADD)

tests_test_context_SOURCES = tests/test_context.c $(TEST_COMMON)
tests_test_context_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_context_LDADD = $(TEST_LDADD)

tests_test_map_SOURCES = tests/test_map.c $(TEST_COMMON)
tests_test_map_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_map_LDADD = $(TEST_LDADD)

# test_launch links the shared library, the one clients get: vmm_stop_vm is
# weak there, so that the suite builds and reports it while it is missing.
tests_test_launch_SOURCES = tests/test_launch.c $(TEST_COMMON)
tests_test_launch_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_launch_LDADD = libvmachmon.la $(CUNIT_LIBS) $(PTHREAD_LIBS)
endif
