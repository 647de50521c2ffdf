# fuzz/: fuzz harnesses for the host API and for guest code.  Never part of
# `make check`.  Results, stats and how to reproduce: fuzz/RESULTS.md.
#
#   make fuzz            run every harness with libFuzzer for FUZZ_SECONDS
#                        each (default 60), starting from the committed
#                        corpus; new inputs go to fuzz/work/<name>/, crashes
#                        to fuzz/work/crash-*.  In a tree configured without
#                        --enable-fuzz this first builds one that is, in
#                        build-fuzz/ (clang, ASan, UBSan, libFuzzer).
#   make fuzz-regress    replay the committed corpus, and the inputs of past
#                        findings (fuzz/regress/<name>/), once through every
#                        harness, in whatever build this is (the CI's
#                        sanitizer stage does it under ASan and UBSan).
#   make fuzz-merge      minimize fuzz/work/<name>/ plus the committed corpus
#                        into the committed corpus, keeping one input per
#                        coverage edge (-use_counters=0 keeps it small).
#
# Harnesses: fuzz_dispatch (random host calls), fuzz_guest (random guest
# programs under an instruction budget, with the isolation checks of
# fuzz/guestgen.h), fuzz_elf (vmm_load_elf32 on random images).
FUZZ_NAMES = dispatch guest elf
FUZZ_SECONDS = 60
FUZZ_TIMEOUT = 10
FUZZ_FLAGS =
FUZZ_CORPUS = $(srcdir)/fuzz/corpus
FUZZ_REGRESS = $(srcdir)/fuzz/regress
FUZZ_MERGE_FLAGS = -use_counters=0
# LeakSanitizer: Unicorn 2.1.1's own leak is suppressed (.ci/lsan.supp);
# the suppression names a frame inside Unicorn, which has no frame
# pointers, so allocation stacks are unwound the slow way.  UBSan: stop at
# the first report.
FUZZ_ENV = ASAN_OPTIONS=fast_unwind_on_malloc=0 \
	LSAN_OPTIONS=suppressions=$(abs_top_srcdir)/.ci/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

noinst_PROGRAMS += fuzz/fuzz_dispatch fuzz/fuzz_guest fuzz/fuzz_elf
noinst_HEADERS += fuzz/fuzz.h fuzz/guestgen.h
EXTRA_DIST += fuzz/RESULTS.md fuzz/seeds.py fuzz/corpus fuzz/regress \
	.ci/distbuild .ci/lsan.supp .ci/valgrind.supp

FUZZ_CPPFLAGS = $(LIB_CPPFLAGS)
FUZZ_LDADD = libvmachmon_core.la $(UNICORN_LIBS) $(PTHREAD_LIBS)
if ENABLE_FUZZ
FUZZ_DRIVER =
else
FUZZ_DRIVER = fuzz/standalone.c
endif

fuzz_fuzz_dispatch_SOURCES = fuzz/fuzz_dispatch.c $(FUZZ_DRIVER)
fuzz_fuzz_dispatch_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_dispatch_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_dispatch_LDADD = $(FUZZ_LDADD)
EXTRA_fuzz_fuzz_dispatch_SOURCES = fuzz/standalone.c

fuzz_fuzz_guest_SOURCES = fuzz/fuzz_guest.c fuzz/guestgen.c $(FUZZ_DRIVER)
fuzz_fuzz_guest_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_guest_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_guest_LDADD = $(FUZZ_LDADD)
EXTRA_fuzz_fuzz_guest_SOURCES = fuzz/standalone.c

fuzz_fuzz_elf_SOURCES = fuzz/fuzz_elf.c $(FUZZ_DRIVER)
fuzz_fuzz_elf_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_elf_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_elf_LDADD = $(FUZZ_LDADD)
EXTRA_fuzz_fuzz_elf_SOURCES = fuzz/standalone.c

fuzz-regress: fuzz/fuzz_dispatch$(EXEEXT) fuzz/fuzz_guest$(EXEEXT) fuzz/fuzz_elf$(EXEEXT)
	@for n in $(FUZZ_NAMES); do \
	  $(FUZZ_ENV) ./fuzz/fuzz_$$n -runs=0 $(FUZZ_CORPUS)/$$n || exit 1; \
	  if test -d $(FUZZ_REGRESS)/$$n; then \
	    $(FUZZ_ENV) ./fuzz/fuzz_$$n -runs=0 $(FUZZ_REGRESS)/$$n || exit 1; \
	  fi; \
	done

if ENABLE_FUZZ
fuzz: fuzz/fuzz_dispatch$(EXEEXT) fuzz/fuzz_guest$(EXEEXT) fuzz/fuzz_elf$(EXEEXT)
	@for n in $(FUZZ_NAMES); do \
	  mkdir -p fuzz/work/$$n; \
	  echo "== fuzz_$$n for $(FUZZ_SECONDS) s (log: fuzz/work/$$n.log)"; \
	  $(FUZZ_ENV) ./fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=$(FUZZ_TIMEOUT) -print_final_stats=1 -artifact_prefix=fuzz/work/ \
	    $(FUZZ_FLAGS) fuzz/work/$$n $(FUZZ_CORPUS)/$$n >fuzz/work/$$n.log 2>&1; \
	  rc=$$?; grep -E '^(#[0-9]+ +DONE|stat::|Done)' fuzz/work/$$n.log; \
	  test $$rc -eq 0 || { tail -40 fuzz/work/$$n.log; exit $$rc; }; \
	done

fuzz-merge: fuzz/fuzz_dispatch$(EXEEXT) fuzz/fuzz_guest$(EXEEXT) fuzz/fuzz_elf$(EXEEXT)
	@for n in $(FUZZ_NAMES); do \
	  rm -rf fuzz/work/$$n.merged && mkdir -p fuzz/work/$$n.merged fuzz/work/$$n && \
	  $(FUZZ_ENV) ./fuzz/fuzz_$$n -merge=1 $(FUZZ_MERGE_FLAGS) -timeout=$(FUZZ_TIMEOUT) \
	    fuzz/work/$$n.merged \
	    $(FUZZ_CORPUS)/$$n fuzz/work/$$n >fuzz/work/$$n.merge.log 2>&1 || exit 1; \
	  rm -rf $(FUZZ_CORPUS)/$$n && mv fuzz/work/$$n.merged $(FUZZ_CORPUS)/$$n; \
	  echo "fuzz_$$n: $$(ls $(FUZZ_CORPUS)/$$n | wc -l) inputs"; \
	done
else
# Not a libFuzzer build: make one beside this tree (build-fuzz/, a fresh
# copy of the sources each time; the inputs found so far are kept) and
# fuzz there; merge from there.
fuzz:
	@if test -d build-fuzz/fuzz/work; then \
	  rm -rf build-fuzz.work && mv build-fuzz/fuzz/work build-fuzz.work; fi
	$(srcdir)/.ci/distbuild build-fuzz CC=clang --enable-fuzz --without-readline
	@if test -d build-fuzz.work; then mv build-fuzz.work build-fuzz/fuzz/work; fi
	$(MAKE) -C build-fuzz $@ FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_FLAGS='$(FUZZ_FLAGS)' \
	  FUZZ_CORPUS=$(abs_srcdir)/fuzz/corpus FUZZ_NAMES='$(FUZZ_NAMES)'
fuzz-merge:
	@test -d build-fuzz/fuzz/work || { echo "fuzz-merge: nothing to merge (make fuzz first)"; exit 1; }
	$(MAKE) -C build-fuzz $@ FUZZ_CORPUS=$(abs_srcdir)/fuzz/corpus FUZZ_NAMES='$(FUZZ_NAMES)'
endif

clean-local: clean-fuzz
clean-fuzz:
	rm -rf fuzz/work
.PHONY: fuzz fuzz-regress fuzz-merge clean-fuzz
