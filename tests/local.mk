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
	tests/test_abi \
	tests/test_adsp \
	tests/test_context \
	tests/test_control \
	tests/test_exits \
	tests/test_fam \
	tests/test_isolation \
	tests/test_launch \
	tests/test_le \
	tests/test_list \
	tests/test_mach \
	tests/test_map \
	tests/test_state \
	tests/test_stop_race \
	tests/test_timer \
	tests/test_xa

check_PROGRAMS += $(CUNIT_TESTS)
TESTS += $(CUNIT_TESTS)

tests_test_control_SOURCES = tests/test_control.c $(TEST_COMMON)
tests_test_control_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_control_LDADD = $(TEST_LDADD)

tests_test_exits_SOURCES = tests/test_exits.c $(TEST_COMMON)
tests_test_exits_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_exits_LDADD = $(TEST_LDADD)

tests_test_state_SOURCES = tests/test_state.c $(TEST_COMMON)
tests_test_state_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_state_LDADD = $(TEST_LDADD)

tests_test_stop_race_SOURCES = tests/test_stop_race.c $(TEST_COMMON)
tests_test_stop_race_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_stop_race_LDADD = $(TEST_LDADD)

tests_test_timer_SOURCES = tests/test_timer.c $(TEST_COMMON)
tests_test_timer_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_timer_LDADD = $(TEST_LDADD)

tests_test_adsp_SOURCES = tests/test_adsp.c $(TEST_COMMON)
tests_test_adsp_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_adsp_LDADD = $(TEST_LDADD)

tests_test_list_SOURCES = tests/test_list.c $(TEST_COMMON)
tests_test_list_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_list_LDADD = $(TEST_LDADD)

tests_test_xa_SOURCES = tests/test_xa.c $(TEST_COMMON)
tests_test_xa_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_xa_LDADD = $(TEST_LDADD)

tests_test_fam_SOURCES = tests/test_fam.c $(TEST_COMMON)
tests_test_fam_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_fam_LDADD = $(TEST_LDADD)

tests_test_le_SOURCES = tests/test_le.c $(TEST_COMMON)
tests_test_le_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_le_LDADD = $(TEST_LDADD)

# test_abi sees what the vmm_dispatch macro hands the library through a
# link-time wrapper of vmm_dispatch_v.
tests_test_abi_SOURCES = tests/test_abi.c tests/recorder.h tests/recorder.c $(TEST_COMMON)
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

tests_test_launch_SOURCES = tests/test_launch.c $(TEST_COMMON)
tests_test_launch_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_launch_LDADD = $(TEST_LDADD)

tests_test_isolation_SOURCES = tests/test_isolation.c fuzz/guestgen.c $(TEST_COMMON)
tests_test_isolation_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_isolation_LDADD = $(TEST_LDADD)
endif

# The public headers from C++ (when configure found a C++ compiler).
if HAVE_CUNIT
if HAVE_CXX
check_PROGRAMS += tests/test_cxx
TESTS += tests/test_cxx
tests_test_cxx_SOURCES = tests/test_cxx.cc tests/recorder.h tests/recorder.c tests/harness.h tests/harness.c
tests_test_cxx_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_cxx_LDFLAGS = -Wl,--wrap=vmm_dispatch_v
tests_test_cxx_LDADD = $(TEST_LDADD)
endif
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

# Guest calls (issue 4): the routes and conventions.
if HAVE_CUNIT
check_PROGRAMS += tests/test_guestcall
TESTS += tests/test_guestcall
tests_test_guestcall_SOURCES = tests/test_guestcall.c $(TEST_COMMON)
tests_test_guestcall_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_guestcall_LDADD = $(TEST_LDADD)

check_PROGRAMS += tests/test_nested
TESTS += tests/test_nested
tests_test_nested_SOURCES = tests/test_nested.c $(TEST_COMMON)
tests_test_nested_CPPFLAGS = $(TEST_CPPFLAGS)
tests_test_nested_LDADD = $(TEST_LDADD)
endif

# The acceptance test: vmachmon32 built for PowerPC (demos/guest), run as a
# guest with `src/vmmrun --xnu`, must print the golden transcripts; skipped
# (exit 77) without the cross compiler.
TESTS += tests/guest_demo.sh
EXTRA_DIST += tests/guest_demo.sh

# The guest SDK checked from inside a guest (printf, errno, mmap, Mach
# traps, vmm_dispatch with register pairs); skipped like the demo.
if HAVE_PPC_CC
check_SCRIPTS += tests/guest/sdk_check.elf
CLEANFILES += tests/guest/sdk_check.elf
tests/guest/sdk_check.elf: $(top_srcdir)/tests/guest/sdk_check.c $(GUEST_DEPS)
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(GUEST_LINK) -o $@ $(top_srcdir)/tests/guest/sdk_check.c $(GUEST_LINKEND)
endif
TESTS += tests/guest_sdk.sh
EXTRA_DIST += tests/guest_sdk.sh tests/guest/sdk_check.c
