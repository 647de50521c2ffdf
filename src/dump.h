/*
 * src/dump.h - the processor state as the book's vmachmon32 prints it
 * ("Vmm> Processor state:" and the lines below it, byte for byte), the
 * feature table in the same style, and the state as JSON.
 */
#ifndef SRC_DUMP_H
#define SRC_DUMP_H

#include <stdio.h>

#include "guest.h"

/* The demo's block: distance from g->origin, PC, instruction at PC, CR,
 * LR, MSR (with bits), return_code, return_params32[0..3], GPRs. */
void dump_state(FILE *out, const guest_t *g);

/* "  LittleEndian         = Yes" ... for the 12 features. */
void dump_features(FILE *out, vmm_features_t features);

/* One JSON object: every register, return code and name, params, the
 * instruction at PC, plus "exits" (how many exits the run took). */
void dump_json(FILE *out, const guest_t *g, unsigned long exits);

/* The word at the guest PC, 0 if its page is unmapped (as the demo). */
uint32_t word_at_pc(const guest_t *g);

#endif /* SRC_DUMP_H */
