/*
 * src/regs.c - register names -> state-page slots (see regs.h).
 */
#include "regs.h"

#include <stdlib.h>

#include "util.h"

static const char *const names[] = {
    "r0",  "r1",  "r2",  "r3",  "r4",  "r5",  "r6",  "r7",  "r8",     "r9",
    "r10", "r11", "r12", "r13", "r14", "r15", "r16", "r17", "r18",    "r19",
    "r20", "r21", "r22", "r23", "r24", "r25", "r26", "r27", "r28",    "r29",
    "r30", "r31", "pc",  "msr", "cr",  "xer", "lr",  "ctr", "vrsave", NULL,
};

const char *const *reg_names(void)
{
    return names;
}

int reg_lookup(const char *name)
{
    for (int i = 0; names[i]; i++)
        if (same_name(names[i], name))
            return i;
    return fail("unknown register '%s' (r0-r31, pc, msr, cr, xer, lr, ctr, vrsave)", name);
}

uint32_t *reg_slot(vmm_state_page_t *state, int n)
{
    vmm_regs32_t *r = &state->vmm_proc_state.ppcRegs.ppcRegs32;
    uint32_t *special[] = {&r->ppcPC, &r->ppcMSR, &r->ppcCR,    &r->ppcXER,
                           &r->ppcLR, &r->ppcCTR, &r->ppcVRSave};
    return n < 32 ? &r->ppcGPRs[n] : special[n - 32];
}

uint32_t *reg_find(vmm_state_page_t *state, const char *name)
{
    int n = reg_lookup(name);
    return n < 0 ? NULL : reg_slot(state, n);
}
