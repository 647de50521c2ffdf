# sdk/: the guest SDK, for PowerPC programs that run as routed guests
# (vmm_guest_calls(3)): crt0, XNU system call stubs, a small libc with
# printf, and the Darwin names of <vmachmon/mach.h> and <vmachmon/vmachmon.h>.
# Guest programs are freestanding big-endian ELF32 executables built with
# $(PPC_CC); without a cross compiler nothing here is built.
SDK_C = sdk/libc.c sdk/stdio.c sdk/mach.c
SDK_ASM = sdk/crt0.S sdk/syscalls.S
SDK_HDRS = \
	sdk/dispatch_regs.h \
	sdk/include/errno.h \
	sdk/include/stdio.h \
	sdk/include/stdlib.h \
	sdk/include/string.h \
	sdk/include/unistd.h \
	sdk/include/sys/mman.h \
	sdk/include/sys/types.h
EXTRA_DIST += $(SDK_C) $(SDK_ASM) $(SDK_HDRS) sdk/guest.ld sdk/README.md

if HAVE_PPC_CC
# Only the compiler's own freestanding headers (stdint.h, stdarg.h ...),
# the SDK's and the library's public ones.  The library's headers are system
# headers here: on ILP32 the vmm_dispatch macro's widening of a pointer to
# uint64_t is a (harmless) pointer-to-integer cast warning.
GUEST_INCLUDES = -nostdinc -isystem $(shell $(PPC_CC) -print-file-name=include) \
	-I$(top_srcdir)/sdk/include -isystem $(top_srcdir)/include
# G3 code (no AltiVec), no small-data register, no PIC, and no loops turned
# back into calls to the memset/memcpy being defined.
GUEST_COPTS = -std=gnu11 -O2 -ffreestanding -mcpu=750 -mno-altivec -msdata=none -G 0 \
	-fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-tree-loop-distribute-patterns -Wall -Wextra -Wno-unused-parameter
GUEST_LINKOPTS = -nostdlib -static -no-pie -Wl,-T,$(top_srcdir)/sdk/guest.ld \
	-Wl,--build-id=none -Wl,-z,noexecstack
GUEST_LINKLIBS = -lgcc
# Compile and link one guest program: $(GUEST_LINK) -o prog prog.c $(GUEST_LINKEND)
GUEST_LINK = $(PPC_CC) $(GUEST_INCLUDES) $(GUEST_COPTS) $(GUEST_LINKOPTS)
GUEST_LINKEND = $(SDK_OBJECTS) $(GUEST_LINKLIBS)
SDK_OBJECTS = sdk/crt0.gobj sdk/syscalls.gobj sdk/libc.gobj sdk/stdio.gobj sdk/mach.gobj
GUEST_DEPS = $(SDK_OBJECTS) $(top_srcdir)/sdk/guest.ld

sdk/%.gobj: $(top_srcdir)/sdk/%.c $(SDK_HDRS)
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(PPC_CC) $(GUEST_INCLUDES) $(GUEST_COPTS) -c -o $@ $<
sdk/%.gobj: $(top_srcdir)/sdk/%.S
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(PPC_CC) $(GUEST_INCLUDES) -c -o $@ $<

CLEANFILES += $(SDK_OBJECTS)
endif
