/*
 * ppc/disasm.h - PowerPC disassembly (the only user of Capstone).
 */
#ifndef PPC_DISASM_H
#define PPC_DISASM_H

#include <stddef.h>
#include <stdint.h>

/* Formats instruction `word` at `address` as "mnemonic operands" into buf
 * (always NUL-terminated when size > 0), sign-extended immediates signed
 * ("addi r0, r2, -1"); a word Capstone cannot decode comes out as
 * ".long 0x%08x".  Returns the length snprintf would. */
int ppc_disasm(uint32_t word, uint32_t address, char *buf, size_t size);

#endif /* PPC_DISASM_H */
