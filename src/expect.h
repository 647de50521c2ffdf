/*
 * src/expect.h - assertions on a guest's final state, "NAME=VALUE":
 *
 *     r3=0x375f00   pc=0x1ffc   return_code=7 (or =program, =kVmm...)
 *     return_params[1]=0x40000000   mem[0x2f00]=0xdeadbeef
 *
 * and the register assignments of --set / set, "REG=VALUE".
 */
#ifndef SRC_EXPECT_H
#define SRC_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "guest.h"

typedef enum expect_kind { EXPECT_REG, EXPECT_RETURN_CODE, EXPECT_PARAM, EXPECT_MEM } expect_kind_t;

typedef struct expectation {
    expect_kind_t kind;
    int reg;        /* EXPECT_REG: register number (regs.h) */
    uint32_t where; /* EXPECT_PARAM: index 0-3; EXPECT_MEM: address */
    uint32_t value;
} expectation_t;

/* Parses "NAME=VALUE".  0, or -1 with fail(). */
int expect_parse(const char *spec, expectation_t *e);

/* True if e holds in g; otherwise writes "NAME: expected X, got Y" into
 * msg. */
bool expect_check(const guest_t *g, const expectation_t *e, char *msg, size_t size);

/* Parses "REG=VALUE" for setting a register.  0, or -1 with fail(). */
int assignment_parse(const char *spec, int *reg, uint32_t *value);
/* The same with REG and VALUE apart (vmmon's "set REG VALUE"): any length,
 * nothing is copied.  0, or -1 with fail(). */
int assignment_parts(const char *name, const char *text, int *reg, uint32_t *value);

#endif /* SRC_EXPECT_H */
