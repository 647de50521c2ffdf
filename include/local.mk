# Public headers, installed as <vmachmon/...>.
vmachmonincludedir = $(includedir)/vmachmon
vmachmoninclude_HEADERS = \
	include/vmachmon/vmachmon.h \
	include/vmachmon/mach.h
