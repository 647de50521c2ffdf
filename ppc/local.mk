# ppc/: the PowerPC CPU seam and its engine (part of the core library).
CORE_SOURCES = \
	ppc/cpu.h \
	ppc/cpu_unicorn.c \
	ppc/disasm.h \
	ppc/disasm.c \
	ppc/htab.h \
	ppc/htab.c \
	ppc/bytes.h \
	ppc/insn.h \
	ppc/physmem.h \
	ppc/physmem.c
