/*
 * <vmachmon/disasm.h> - PowerPC disassembly for tools and traces.
 */
#ifndef VMACHMON_DISASM_H
#define VMACHMON_DISASM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef VMM_API
#define VMM_API __attribute__((visibility("default")))
#endif

/*
 * vmm_disassemble(word, address, buf, size): formats the 32-bit PowerPC
 * instruction `word`, located at guest `address` (branch targets are
 * absolute), as "mnemonic operands", e.g. "lwz r3, 8(r4)".  Immediates
 * the processor sign-extends are signed, as displacements are:
 * "addi r1, r1, -0x60" ("lis r3, 0x8000" and unsigned immediates such as
 * ori's stay as written).  A word that is not a valid instruction comes
 * out as ".long 0xfeedface".  buf is always
 * NUL-terminated when size > 0.  Returns the length of the full text (as
 * snprintf does).  Thread-safe.
 */
VMM_API int vmm_disassemble(uint32_t word, uint32_t address, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* VMACHMON_DISASM_H */
