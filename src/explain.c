/*
 * src/explain.c - guest exits in words (see explain.h).  The bits decoded
 * here are the ones the facility reports: DAR and DSISR in return_params
 * for a DSI or an alignment exception, SRR1's reason bits in
 * return_params[1] for an ISI, and SRR1 (the state page's MSR) for a
 * program exception.
 */
#include "explain.h"

#include <stdio.h>
#include <string.h>

#include <vmachmon/disasm.h>

#include "dump.h"
#include "util.h"

static const struct {
    const char *alias;
    uint32_t code;
} aliases[] = {
    {"null", kVmmReturnNull},
    {"bogus", kVmmBogusContext},
    {"stopped", kVmmStopped},
    {"dsi", kVmmReturnDataPageFault},
    {"isi", kVmmReturnInstrPageFault},
    {"alignment", kVmmReturnAlignmentFault},
    {"program", kVmmReturnProgramException},
    {"sc", kVmmReturnSystemCall},
    {"syscall", kVmmReturnSystemCall},
    {"trace", kVmmReturnTraceException},
};

int parse_return_code(const char *text, uint32_t *code)
{
    for (size_t i = 0; i < ARRAY_SIZE(aliases); i++) {
        const char *full = vmm_return_code_name(aliases[i].code);
        if (same_name(text, aliases[i].alias) || (full && same_name(text, full))) {
            *code = aliases[i].code;
            return 0;
        }
    }
    if (text[0] >= '0' && text[0] <= '9')
        return parse_u32(text, code);
    return fail("unknown return code '%s' (a number, a kVmm name, or null, dsi, isi, "
                "alignment, program, sc, trace)",
                text);
}

const char *exit_name(uint32_t code)
{
    const char *name = vmm_return_code_name(code);
    return name ? name : "unknown";
}

bool exit_out_of_budget(const guest_t *g)
{
    return g->state->return_code == kVmmReturnNull && !(g->state->vmmStat & vmmTimerPop);
}

/* ---- bit tables ---------------------------------------------------------- */

typedef struct bit_text {
    uint32_t mask;
    const char *brief; /* for the one-line reason */
    const char *text;  /* for the learner */
} bit_text_t;

static const bit_text_t dsisr_bits[] = {
    {0x80000000u, "direct-store segment", "direct-store (I/O) segment error"},
    {0x40000000u, "no translation", "no translation: no page is mapped at that address"},
    {0x08000000u, "protection", "protection: the page does not allow this access"},
    {0x04000000u, "lwarx/stwcx. mode", "lwarx/stwcx. to write-through or cache-inhibited memory"},
    {0x02000000u, NULL, "the access was a store (a load when this bit is clear)"},
    {0x00400000u, "DABR match", "data address breakpoint (DABR) match"},
    {0, NULL, NULL},
};

static const bit_text_t isi_bits[] = {
    {0x40000000u, "no translation", "no translation: no page is mapped at that address"},
    {0x10000000u, "no-execute", "fetch from a no-execute or direct-store segment"},
    {0x08000000u, "protection", "protection: the page does not allow this access"},
    {0, NULL, NULL},
};

static const bit_text_t program_bits[] = {
    {0x00100000u, "floating-point enabled exception",
     "floating-point enabled exception (an FP exception with MSR[FE0/FE1] set)"},
    {0x00080000u, "illegal instruction", "illegal instruction: this word is not an instruction"},
    {0x00040000u, "privileged instruction",
     "privileged instruction: the guest runs in user mode (MSR[PR] = 1)"},
    {0x00020000u, "trap", "trap: a tw/twi condition was met (a trap word, or a breakpoint)"},
    {0, NULL, NULL},
};

/* Appends the brief texts of the bits set in value, comma-separated. */
static void brief_bits(char *buf, size_t size, const bit_text_t *t, uint32_t value)
{
    const char *sep = "";
    for (; t->mask; t++) {
        if (!(value & t->mask) || !t->brief)
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", sep, t->brief);
        sep = ", ";
    }
}

static void explain_bits(FILE *out, const bit_text_t *t, uint32_t value)
{
    for (; t->mask; t++)
        if (value & t->mask)
            fprintf(out, "    0x%08x  %s\n", t->mask, t->text);
}

/* ---- one line ------------------------------------------------------------ */

void exit_reason(const guest_t *g, char *buf, size_t size)
{
    const vmm_state_page_t *st = g->state;
    const uint32_t *p = st->vmmRet.vmmrp32.return_params;
    switch (st->return_code) {
    case kVmmReturnNull:
        snprintf(buf, size, "%s",
                 exit_out_of_budget(g) ? "instruction budget used up" : "guest timer popped");
        break;
    case kVmmReturnDataPageFault:
        snprintf(buf, size, "%s 0x%08x: ", (p[1] & 0x02000000u) ? "store to" : "load from", p[0]);
        brief_bits(buf, size, dsisr_bits, p[1]);
        break;
    case kVmmReturnInstrPageFault:
        snprintf(buf, size, "fetch from 0x%08x: ", p[0]);
        brief_bits(buf, size, isi_bits, p[1]);
        break;
    case kVmmReturnAlignmentFault:
        snprintf(buf, size, "unaligned access to 0x%08x", p[0]);
        break;
    case kVmmReturnProgramException:
        buf[0] = '\0';
        brief_bits(buf, size, program_bits, g->regs->ppcMSR);
        if (!buf[0])
            snprintf(buf, size, "program exception");
        break;
    case kVmmReturnSystemCall:
        snprintf(buf, size, "sc with r0 = 0x%08x", g->regs->ppcGPRs[0]);
        break;
    case kVmmReturnTraceException:
        snprintf(buf, size, "single step");
        break;
    case kVmmStopped:
        snprintf(buf, size, "stopped by vmm_stop_vm");
        break;
    default:
        snprintf(buf, size, "%s", exit_name(st->return_code));
        break;
    }
}

void insn_text(const guest_t *g, uint32_t addr, char *buf, size_t size)
{
    uint32_t word;
    char text[96];
    if (guest_read(g, addr, &word) != 0) {
        snprintf(buf, size, "0x%08x: %s", addr, (addr & 3) ? "<not word-aligned>" : "<unmapped>");
        return;
    }
    vmm_disassemble(word, addr, text, sizeof text);
    snprintf(buf, size, "0x%08x: %08x  %s", addr, word, text);
}

void print_insn(FILE *out, const guest_t *g, uint32_t addr)
{
    char text[128];
    insn_text(g, addr, text, sizeof text);
    fputs(text, out);
}

void exit_trace_line(FILE *out, const guest_t *g, unsigned long n)
{
    const vmm_state_page_t *st = g->state;
    const uint32_t *p = st->vmmRet.vmmrp32.return_params;
    char reason[160];
    exit_reason(g, reason, sizeof reason);
    fprintf(out, "exit %lu: %s (%u) at ", n, exit_name(st->return_code), st->return_code);
    print_insn(out, g, g->regs->ppcPC);
    fprintf(out, "  params 0x%08x 0x%08x 0x%08x 0x%08x  ; %s\n", p[0], p[1], p[2], p[3], reason);
}

/* ---- for a learner --------------------------------------------------------- */

static void explain_memory_fault(FILE *out, const guest_t *g, bool data)
{
    const uint32_t *p = g->state->vmmRet.vmmrp32.return_params;
    if (data) {
        fprintf(out,
                "  A data storage interrupt (DSI, vector 0x300): the MMU could not complete\n"
                "  a %s. DAR = 0x%08x is the address (return_params[0]);\n"
                "  DSISR = 0x%08x (return_params[1]) says why:\n",
                (p[1] & 0x02000000u) ? "store" : "load", p[0], p[1]);
        explain_bits(out, dsisr_bits, p[1]);
    } else {
        fprintf(out,
                "  An instruction storage interrupt (ISI, vector 0x400): the CPU could not\n"
                "  fetch the instruction at 0x%08x (return_params[0]);\n"
                "  SRR1 & 0x78000000 = 0x%08x (return_params[1]) says why:\n",
                p[0], p[1]);
        explain_bits(out, isi_bits, p[1]);
    }
    if (p[1] & 0x40000000u)
        fprintf(out, "  Map a page there (map 0x%08x) or fix the address.\n", p[0] & ~PAGE_MASK);
}

static void explain_program(FILE *out, const guest_t *g)
{
    uint32_t msr = g->regs->ppcMSR;
    fprintf(out,
            "  A program exception (vector 0x700).  The reason is in SRR1, which the state\n"
            "  page returns as the MSR (0x%08x):\n",
            msr);
    explain_bits(out, program_bits, msr);
    fprintf(out, "  PC points at the instruction that caused it; running again repeats it.\n");
}

void explain_exit(FILE *out, const guest_t *g)
{
    const vmm_state_page_t *st = g->state;
    const uint32_t *p = st->vmmRet.vmmrp32.return_params;
    const uint32_t *r = g->regs->ppcGPRs;
    fprintf(out, "Exit: %s (%u) at ", exit_name(st->return_code), st->return_code);
    print_insn(out, g, g->regs->ppcPC);
    fputc('\n', out);
    switch (st->return_code) {
    case kVmmReturnNull:
        if (exit_out_of_budget(g))
            fprintf(out,
                    "  The guest used up its instruction budget without leaving: it may be\n"
                    "  in a loop.  'continue' runs it further; 'budget N' changes the limit.\n");
        else
            fprintf(
                out,
                "  The guest timer popped (vmmTimerPop): the host asked to get control back.\n");
        break;
    case kVmmReturnDataPageFault:
        explain_memory_fault(out, g, true);
        break;
    case kVmmReturnInstrPageFault:
        explain_memory_fault(out, g, false);
        break;
    case kVmmReturnAlignmentFault:
        fprintf(out,
                "  An alignment exception (vector 0x600): the access to DAR = 0x%08x\n"
                "  (return_params[0]) is not aligned as the instruction requires.\n"
                "  DSISR = 0x%08x (return_params[1]) encodes the instruction form and\n"
                "  registers (RT = %u, RA = %u).  Mac OS X never emulates an alignment\n"
                "  fault of a VM: it always reflects it to the host.\n",
                p[0], p[1], (p[1] >> 5) & 31, p[1] & 31);
        break;
    case kVmmReturnProgramException:
        explain_program(out, g);
        break;
    case kVmmReturnSystemCall:
        fprintf(out,
                "  A system call: the guest executed sc, with r0 = 0x%08x; PC is the\n"
                "  next instruction.  return_params[0..3] are its r3..r6:\n"
                "    0x%08x 0x%08x 0x%08x 0x%08x\n",
                r[0], p[0], p[1], p[2], p[3]);
        break;
    case kVmmReturnTraceException:
        fprintf(out, "  A trace exception (vector 0xD00): one instruction ran with MSR[SE] set\n"
                     "  (single step).  PC is the next instruction.\n");
        break;
    case kVmmStopped:
        fprintf(out, "  The context was stopped by vmm_stop_vm(); it runs again only when\n"
                     "  launched with vmmXStart in vmmCntrl.\n");
        break;
    default:
        fprintf(out, "  (no explanation for this code)\n");
        break;
    }
}
