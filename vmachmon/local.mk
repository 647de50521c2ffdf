# vmachmon/: the facility.  Built once as a convenience library (the tests
# link it whole, to reach behind the public headers) and wrapped into the
# installed libvmachmon, which exports only the public names.
CORE_SOURCES += \
	vmachmon/facility.h \
	vmachmon/adsp.h \
	vmachmon/adsp.c \
	vmachmon/context.c \
	vmachmon/control.c \
	vmachmon/dispatch.h \
	vmachmon/dispatch.c \
	vmachmon/elf.c \
	vmachmon/fam.c \
	vmachmon/frames.h \
	vmachmon/frames.c \
	vmachmon/guest_bsd.c \
	vmachmon/guest_mach.c \
	vmachmon/guest_mem.c \
	vmachmon/guest_ppc.c \
	vmachmon/guest_route.h \
	vmachmon/guest_task.c \
	vmachmon/guest_trace.c \
	vmachmon/guestcall.c \
	vmachmon/icache.c \
	vmachmon/launch.c \
	vmachmon/mach_error.c \
	vmachmon/mach_vm.c \
	vmachmon/machine.c \
	vmachmon/map.c \
	vmachmon/names.c \
	vmachmon/nested.h \
	vmachmon/nested.c \
	vmachmon/sel_context.c \
	vmachmon/fpvec.c \
	vmachmon/sel_exec.c \
	vmachmon/sel_list.c \
	vmachmon/sel_state.c \
	vmachmon/sel_xa.c \
	vmachmon/timer.h \
	vmachmon/timer.c \
	vmachmon/sel_map.c \
	vmachmon/statepage.c \
	vmachmon/stop.c \
	vmachmon/task.c

noinst_LTLIBRARIES += libvmachmon_core.la
libvmachmon_core_la_SOURCES = $(CORE_SOURCES)
libvmachmon_core_la_CPPFLAGS = $(LIB_CPPFLAGS)
libvmachmon_core_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden $(UNICORN_CFLAGS) $(CAPSTONE_CFLAGS)
libvmachmon_core_la_LIBADD = $(UNICORN_LIBS) $(CAPSTONE_LIBS) $(PTHREAD_LIBS)

lib_LTLIBRARIES += libvmachmon.la
libvmachmon_la_SOURCES =
libvmachmon_la_LIBADD = libvmachmon_core.la
libvmachmon_la_LDFLAGS = -version-info 0:0:0 -export-symbols-regex '^(vmm_|vm_|mach_|sys_icache_invalidate)'
