# Public headers, installed as <vmachmon/...>.
vmachmonincludedir = $(includedir)/vmachmon
vmachmoninclude_HEADERS = \
	include/vmachmon/vmachmon.h \
	include/vmachmon/mach.h \
	include/vmachmon/control.h \
	include/vmachmon/disasm.h \
	include/vmachmon/guestcall.h \
	include/vmachmon/loader.h
