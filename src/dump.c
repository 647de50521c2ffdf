/*
 * src/dump.c - the processor-state dump of vmachmon32, the feature table
 * and the JSON state (see dump.h).  The text format is the book's figures
 * (every value 0x%08x, labels padded to 20 columns, CR and MSR followed by
 * their bits): demo-transcripts.md is the reference.
 */
#include "dump.h"

#include <string.h>

#include <vmachmon/disasm.h>

#include "util.h"

uint32_t word_at_pc(const guest_t *g)
{
    uint32_t word = 0;
    if (guest_read(g, g->regs->ppcPC & ~3u, &word) != 0)
        return 0;
    return word;
}

static void print_bits(FILE *out, uint32_t value)
{
    char line[40], *p = line;
    for (int bit = 31; bit >= 0; bit--) {
        *p++ = (char)('0' + ((value >> bit) & 1));
        if (bit == 16)
            *p++ = ' ';
    }
    *p = '\0';
    fprintf(out, "                         %s\n", line);
}

void dump_state(FILE *out, const guest_t *g)
{
    const vmm_regs32_t *r = g->regs;
    const vmm_state_page_t *st = g->state;
    const uint32_t *params = st->vmmRet.vmmrp32.return_params;

    fprintf(out, "Vmm> Processor state:\n");
    fprintf(out, "  %-20s = %u instructions\n", "Distance from origin",
            (r->ppcPC - g->origin) >> 2);
    fprintf(out, "  %-20s = 0x%08x (%u)\n", "PC", r->ppcPC, r->ppcPC);
    fprintf(out, "  %-20s = 0x%08x\n", "Instruction at PC", word_at_pc(g));
    fprintf(out, "  %-20s = 0x%08x\n", "CR", r->ppcCR);
    print_bits(out, r->ppcCR);
    fprintf(out, "  %-20s = 0x%08x (%u)\n", "LR", r->ppcLR, r->ppcLR);
    fprintf(out, "  %-20s = 0x%08x\n", "MSR", r->ppcMSR);
    print_bits(out, r->ppcMSR);
    fprintf(out, "  %-20s = 0x%08x (%u)\n", "return_code", st->return_code, st->return_code);
    for (int i = 0; i < 4; i++) {
        char label[24];
        snprintf(label, sizeof label, "return_params32[%d]", i);
        fprintf(out, "  %-20s = 0x%08x (%u)\n", label, params[i], params[i]);
    }
    fprintf(out, "  GPRs:\n");
    for (int j = 0; j < 16; j++)
        fprintf(out, "  r%-2d = 0x%08x r%-2d = 0x%08x\n", 2 * j, r->ppcGPRs[2 * j], 2 * j + 1,
                r->ppcGPRs[2 * j + 1]);
}

void dump_features(FILE *out, vmm_features_t features)
{
    for (uint32_t bit = kVmmFeature_LittleEndian; bit <= kVmmFeature_MultAddrSpaceAssist;
         bit <<= 1) {
        const char *name = vmm_feature_name(bit);
        if (name && !strncmp(name, "kVmmFeature_", 12))
            name += 12;
        fprintf(out, "  %-20s = %s\n", name ? name : "?", (features & bit) ? "Yes" : "No");
    }
}

void dump_json(FILE *out, const guest_t *g, unsigned long exits)
{
    const vmm_regs32_t *r = g->regs;
    const vmm_state_page_t *st = g->state;
    const char *name = vmm_return_code_name(st->return_code);
    uint32_t insn = word_at_pc(g);
    char text[96];
    vmm_disassemble(insn, r->ppcPC, text, sizeof text);

    fprintf(out, "{\n  \"return_code\": %u,\n  \"return_code_name\": \"%s\",\n", st->return_code,
            name ? name : "unknown");
    fprintf(out, "  \"return_params\": [%u, %u, %u, %u],\n", st->vmmRet.vmmrp32.return_params[0],
            st->vmmRet.vmmrp32.return_params[1], st->vmmRet.vmmrp32.return_params[2],
            st->vmmRet.vmmrp32.return_params[3]);
    fprintf(out, "  \"exits\": %lu,\n  \"origin\": %u,\n", exits, g->origin);
    fprintf(out, "  \"pc\": %u,\n  \"instruction_at_pc\": %u,\n", r->ppcPC, insn);
    fprintf(out, "  \"disassembly_at_pc\": \"");
    for (const char *c = text; *c; c++) {
        if (*c == '"' || *c == '\\')
            fputc('\\', out);
        fputc(*c, out);
    }
    fprintf(out, "\",\n");
    fprintf(out, "  \"msr\": %u,\n  \"cr\": %u,\n  \"xer\": %u,\n", r->ppcMSR, r->ppcCR, r->ppcXER);
    fprintf(out, "  \"lr\": %u,\n  \"ctr\": %u,\n  \"vrsave\": %u,\n", r->ppcLR, r->ppcCTR,
            r->ppcVRSave);
    fprintf(out, "  \"vmmStat\": %u,\n  \"gprs\": [", st->vmmStat);
    for (int i = 0; i < 32; i++)
        fprintf(out, "%s%u", i ? ", " : "", r->ppcGPRs[i]);
    fprintf(out, "]\n}\n");
}
