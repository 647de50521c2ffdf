# src/: the tools vmmrun and vmmon, on the public headers only.
# Code both tools use lives in a small convenience library.
TOOL_CPPFLAGS = $(PUBLIC_CPPFLAGS) -DVMACHMON_VERSION='"$(VERSION)"'

noinst_LTLIBRARIES += src/libvmmtool.la
src_libvmmtool_la_CPPFLAGS = $(TOOL_CPPFLAGS)
src_libvmmtool_la_SOURCES = \
	src/util.h src/util.c \
	src/regs.h src/regs.c \
	src/guest.h src/guest.c \
	src/dump.h src/dump.c \
	src/explain.h src/explain.c \
	src/image.h src/image.c \
	src/expect.h src/expect.c

bin_PROGRAMS += src/vmmrun
src_vmmrun_SOURCES = src/vmmrun.h src/vmmrun.c src/vmmrun_guest.c src/vmmrun_xnu.c \
	src/xnu_run.h src/xnu_run.c
src_vmmrun_CPPFLAGS = $(TOOL_CPPFLAGS)
src_vmmrun_LDADD = src/libvmmtool.la libvmachmon.la

bin_PROGRAMS += src/vmmon
src_vmmon_SOURCES = src/vmmon.c src/monitor.h src/mon_table.c src/mon_ctx.c \
	src/mon_mem.c src/mon_exec.c src/mon_interrupt.h src/mon_interrupt.c \
	src/lineedit.h src/lineedit.c
src_vmmon_CPPFLAGS = $(TOOL_CPPFLAGS)
src_vmmon_LDADD = src/libvmmtool.la libvmachmon.la
if HAVE_READLINE
src_vmmon_CPPFLAGS += -DVMMON_READLINE=1 $(READLINE_CFLAGS)
src_vmmon_LDADD += $(READLINE_LIBS)
endif
