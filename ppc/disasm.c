/*
 * ppc/disasm.c - PowerPC disassembly with Capstone (32-bit, big-endian).
 *
 * One Capstone handle per thread, opened on first use and kept: opening
 * costs far more than decoding one instruction.  A thread-specific key
 * closes it when its thread ends (each handle holds about 3 KiB, so a host
 * that disassembles from short-lived threads would otherwise grow without
 * bound); the main thread's handle stays reachable until the process ends.
 */
#include "config.h"

#include "ppc/disasm.h"

#include <capstone/capstone.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

static _Thread_local csh handle;
static _Thread_local int state; /* 0 = not tried, 1 = open, -1 = failed */
static pthread_key_t closer;
static pthread_once_t closer_once = PTHREAD_ONCE_INIT;
static bool have_closer;

static void close_handle(void *value)
{
    csh h = (csh)(uintptr_t)value;
    cs_close(&h);
}

static void make_closer(void) { have_closer = pthread_key_create(&closer, close_handle) == 0; }

static csh get_handle(void)
{
    if (state == 0) {
        pthread_once(&closer_once, make_closer);
        state = cs_open(CS_ARCH_PPC, CS_MODE_32 | CS_MODE_BIG_ENDIAN, &handle) == CS_ERR_OK
                    ? 1 : -1;
        if (state == 1 && have_closer)
            pthread_setspecific(closer, (void *)(uintptr_t)handle);
    }
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
