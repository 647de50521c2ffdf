# demos/: the book's vmachmon32, on the public headers only.
bin_PROGRAMS += demos/vmachmon32
demos_vmachmon32_SOURCES = demos/vmachmon32.c
demos_vmachmon32_CPPFLAGS = $(PUBLIC_CPPFLAGS)
demos_vmachmon32_LDADD = libvmachmon.la

# `make demo`: build, then run both demos as the README shows.
demo: demos/vmachmon32$(EXEEXT)
	@for id in 0 1; do \
	  echo "\$$ vmachmon32 $$id"; \
	  ./demos/vmachmon32 $$id 2>&1 || exit $$?; \
	done
.PHONY: demo

# demos/guest/: the same vmachmon32 source built for PowerPC with the guest
# SDK (sdk/local.mk), to run as a guest that drives its own inner virtual
# machine through vmm_dispatch (tests/guest_demo.sh runs it).
if HAVE_PPC_CC
noinst_DATA += demos/guest/vmachmon32.elf
CLEANFILES += demos/guest/vmachmon32.elf

demos/guest/vmachmon32.elf: $(top_srcdir)/demos/vmachmon32.c $(GUEST_DEPS)
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(GUEST_LINK) -o $@ $(top_srcdir)/demos/vmachmon32.c $(GUEST_LINKEND)
endif
