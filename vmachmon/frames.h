/*
 * vmachmon/frames.h - ownership of the physical pages the host can share.
 *
 * A physical page of the allocatable region is free, or held: by the host
 * (it came from vm_allocate and was not given back) and/or by guest
 * mappings (one reference each).  A page is reused only when nobody holds
 * it, so a guest never sees memory that was handed to someone else, and a
 * freed page is zeroed before it is handed out again.
 */
#ifndef VMACHMON_FRAMES_H
#define VMACHMON_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Allocate npages contiguous pages for the host.  With fixed, at *pa;
 * otherwise anywhere (*pa set).  Returns 0, or -1 if no room. */
int frames_alloc(size_t npages, uint32_t *pa, bool fixed);

/* Host gives back [pa, pa + npages pages): pages it holds are released.
 * Returns false if the range is outside the allocatable region. */
bool frames_release(uint32_t pa, size_t npages);

/* True if the host holds the page containing pa. */
bool frames_host_holds(uint32_t pa);

/* A guest mapping takes / drops its reference on a page. */
void frames_ref(uint32_t pa);
void frames_unref(uint32_t pa);

#endif /* VMACHMON_FRAMES_H */
