# bench/: the benchmark (not a test).  `make bench` builds and runs it;
# nothing here is built by `make`, `make all` or `make check`.
#
#   bench/vmmbench      the driver.  Its own sources see the public headers
#                       only (PUBLIC_CPPFLAGS), like a client of the library.
#   bench/libbenchraw.a the kernels as instruction words (ppc/insn.h) and
#                       the raw Unicorn baseline (links -lunicorn).
#   bench/ppc-kernels   the same kernels as a static PowerPC Linux program
#                       for the qemu-ppc column (needs PPC_CC).
EXTRA_PROGRAMS = bench/vmmbench
EXTRA_LIBRARIES = bench/libbenchraw.a
CLEANFILES += $(EXTRA_PROGRAMS) $(EXTRA_LIBRARIES) bench/ppc-kernels

bench_libbenchraw_a_SOURCES = bench/kernels.c bench/kernels.h bench/raw.c bench/bench.h
bench_libbenchraw_a_CPPFLAGS = $(LIB_CPPFLAGS) $(UNICORN_CFLAGS)

BENCH_DEFS = -DBENCH_QEMU_PPC='"$(QEMU_PPC)"' -DBENCH_PPC_CC='"$(PPC_CC)"'
if HAVE_PPC_CC
BENCH_PPC_ELF = bench/ppc-kernels
BENCH_DEFS += -DBENCH_PPC_ELF='"$(abs_builddir)/bench/ppc-kernels"'
endif

bench_vmmbench_SOURCES = bench/vmmbench.c bench/lib.c bench/lib_mem.c bench/qemu.c \
	bench/bench.h bench/kernels.h
bench_vmmbench_CPPFLAGS = $(PUBLIC_CPPFLAGS) $(BENCH_DEFS)
bench_vmmbench_LDADD = bench/libbenchraw.a libvmachmon.la $(UNICORN_LIBS) -lm

# The qemu-ppc guest: no C library, its own _start (bench/ppc/harness.c).
PPC_BENCH_FLAGS = -O2 -mcpu=7400 -static -nostdlib -ffreestanding -fno-stack-protector \
	-fno-pie -no-pie -Wall -Wextra -Wa,-mregnames
bench/ppc-kernels: $(srcdir)/bench/ppc/kernels.S $(srcdir)/bench/ppc/harness.c
	$(AM_V_CC)$(PPC_CC) $(PPC_BENCH_FLAGS) -o $@ $(srcdir)/bench/ppc/kernels.S \
	  $(srcdir)/bench/ppc/harness.c -lgcc

EXTRA_DIST += bench/ppc/kernels.S bench/ppc/harness.c bench/callgrind.sh bench/RESULTS.md

# BENCH_FLAGS: e.g. make bench BENCH_FLAGS='--reps 9' or '--only mem'.
bench: bench/vmmbench$(EXEEXT) $(BENCH_PPC_ELF)
	./bench/vmmbench $(BENCH_FLAGS)
.PHONY: bench
