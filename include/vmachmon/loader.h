/*
 * <vmachmon/loader.h> - loading PowerPC programs into guest address spaces.
 */
#ifndef VMACHMON_LOADER_H
#define VMACHMON_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include <vmachmon/vmachmon.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vmm_elf_info {
    uint32_t entry;   /* e_entry */
    uint32_t lowest;  /* first page of the loaded segments */
    uint32_t highest; /* end of the last page (exclusive, 0 = 4 GiB) */
} vmm_elf_info_t;

/*
 * vmm_load_elf32(as, image, size, info, why): maps the PT_LOAD segments of
 * a 32-bit big-endian PowerPC ELF executable (the whole file is in
 * image[0..size)) into guest address space `as` of the calling thread's
 * task.  Each guest page gets a fresh zero-filled page from vm_allocate
 * holding the file's bytes; its protection is the union of the p_flags of
 * the segments that touch it (PF_R/PF_W/PF_X -> VM_PROT_*).  The pages
 * belong to the address space: they go away when they are unmapped.
 *
 * Returns KERN_SUCCESS and fills *info; KERN_INVALID_ARGUMENT for a file
 * that is not such an executable, or is truncated or inconsistent;
 * KERN_FAILURE if the address space cannot take the pages; KERN_NO_SPACE
 * or KERN_RESOURCE_SHORTAGE if host memory ran out.  On failure, *why (if why is not NULL) names the
 * problem in a few words, and nothing stays mapped.
 */
VMM_API kern_return_t vmm_load_elf32(vmm_adsp_id_t as, const void *image, size_t size,
                                     vmm_elf_info_t *info, const char **why);

#ifdef __cplusplus
}
#endif

#endif /* VMACHMON_LOADER_H */
