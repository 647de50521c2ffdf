/*
 * ppc/disasm.c - PowerPC disassembly with Capstone (32-bit, big-endian).
 *
 * One Capstone handle per thread, opened on first use and kept: opening
 * costs far more than decoding one instruction.
 */
#include "config.h"

#include "ppc/disasm.h"

#include <capstone/capstone.h>
#include <stdio.h>

static _Thread_local csh handle;
static _Thread_local int state; /* 0 = not tried, 1 = open, -1 = failed */

static csh get_handle(void)
{
    if (state == 0)
        state = cs_open(CS_ARCH_PPC, CS_MODE_32 | CS_MODE_BIG_ENDIAN, &handle) == CS_ERR_OK
                    ? 1 : -1;
    return state == 1 ? handle : 0;
}

int ppc_disasm(uint32_t word, uint32_t address, char *buf, size_t size)
{
    uint8_t code[4] = {(uint8_t)(word >> 24), (uint8_t)(word >> 16), (uint8_t)(word >> 8),
                       (uint8_t)word};
    csh h = get_handle();
    cs_insn *insn = NULL;
    int n = 0;
    if (h && cs_disasm(h, code, sizeof code, address, 1, &insn) == 1) {
        if (insn->op_str[0])
            n = snprintf(buf, size, "%s %s", insn->mnemonic, insn->op_str);
        else
            n = snprintf(buf, size, "%s", insn->mnemonic);
        cs_free(insn, 1);
        return n;
    }
    return snprintf(buf, size, ".long 0x%08x", word);
}
