/*
 * ppc/disasm.c - PowerPC disassembly with Capstone (32-bit, big-endian).
 *
 * One Capstone handle per thread, opened on first use and kept: opening
 * costs far more than decoding one instruction.  A thread-specific key
 * closes it when its thread ends (each handle holds about 3 KiB, so a host
 * that disassembles from short-lived threads would otherwise grow without
 * bound); the main thread's handle stays reachable until the process ends.
 *
 * Capstone prints every D-form immediate as 16 unsigned bits
 * ("addi r0, r2, 0xffff"), also where the processor sign-extends it, while
 * it prints displacements signed ("-0x60(r1)").  signed_immediate() gives
 * the signed ones the displacement's form (see there).
 */
#include "config.h"

#include "ppc/disasm.h"

#include <capstone/capstone.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

/* Whether primary opcode `op` takes a sign-extended 16-bit immediate as its
 * last operand: tdi 2, twi 3, mulli 7, subfic 8, cmpi 11 (cmpwi), addic 12,
 * addic. 13, addi 14 (li).  Not addis 15 (lis): in a 32-bit register its
 * immediate fills the upper half as written ("lis r3, 0x8000" makes
 * 0x80000000), whatever its sign.  Not the logical and unsigned ones
 * (andi., ori, xori, oris, cmpli): their immediates are unsigned. */
static bool signed_d_form(uint32_t op)
{
    return op == 2 || op == 3 || op == 7 || op == 8 || (op >= 11 && op <= 14);
}

/* For an instruction whose immediate is negative and which Capstone ended
 * with ", 0xNNNN": the length of ops to keep, and the immediate as Capstone
 * prints a negative displacement in `text` ("-1" to "-9", then "-0xa" ...).
 * False (ops printed as they are) for everything else. */
static bool signed_immediate(uint32_t word, const char *ops, size_t *keep, char *text, size_t size)
{
    int16_t imm = (int16_t)(word & 0xFFFF);
    char as_unsigned[16];
    if (imm >= 0 || !signed_d_form(word >> 26))
        return false;
    int m = snprintf(as_unsigned, sizeof as_unsigned, " 0x%x", (unsigned)(uint16_t)imm);
    size_t n = strlen(ops);
    if (n < (size_t)m || strcmp(ops + n - (size_t)m, as_unsigned) != 0)
        return false;
    unsigned magnitude = (unsigned)-(int)imm;
    if (magnitude <= 9)
        snprintf(text, size, " -%u", magnitude);
    else
        snprintf(text, size, " -0x%x", magnitude);
    *keep = n - (size_t)m;
    return true;
}

int ppc_disasm(uint32_t word, uint32_t address, char *buf, size_t size)
{
    uint8_t code[4] = {(uint8_t)(word >> 24), (uint8_t)(word >> 16), (uint8_t)(word >> 8),
                       (uint8_t)word};
    csh h = get_handle();
    cs_insn *insn = NULL;
    int n = 0;
    if (h && cs_disasm(h, code, sizeof code, address, 1, &insn) == 1) {
        char imm[16] = "";
        size_t keep = strlen(insn->op_str);
        signed_immediate(word, insn->op_str, &keep, imm, sizeof imm);
        if (insn->op_str[0])
            n = snprintf(buf, size, "%s %.*s%s", insn->mnemonic, (int)keep, insn->op_str, imm);
        else
            n = snprintf(buf, size, "%s", insn->mnemonic);
        cs_free(insn, 1);
        return n;
    }
    return snprintf(buf, size, ".long 0x%08x", word);
}
