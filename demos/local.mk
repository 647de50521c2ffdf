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
