/*
 * src/expect.c - "NAME=VALUE" assertions and assignments (see expect.h).
 */
#include "expect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "regs.h"
#include "util.h"

/* Splits "NAME=VALUE" into a copy of NAME (in buf) and VALUE. */
static int split(const char *spec, char *buf, size_t size, const char **value)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || !eq[1])
        return fail("expected NAME=VALUE, got '%s'", spec);
    size_t n = (size_t)(eq - spec);
    if (n >= size)
        return fail("name too long in '%s'", spec);
    memcpy(buf, spec, n);
    buf[n] = '\0';
    *value = eq + 1;
    return 0;
}

/* "prefix[TEXT]": 1 with TEXT copied into inner, 0 if name has another
 * shape, -1 (with fail()) if the brackets are wrong. */
static int indexed(const char *name, const char *prefix, char *inner, size_t size)
{
    size_t len = strlen(prefix), total = strlen(name);
    if (strncmp(name, prefix, len) != 0 || name[len] != '[')
        return 0;
    if (total < len + 3 || name[total - 1] != ']')
        return fail("expected %s[NUMBER], got '%s'", prefix, name);
    size_t k = total - len - 2;
    if (k >= size)
        return fail("bad number in '%s'", name);
    memcpy(inner, name + len + 1, k);
    inner[k] = '\0';
    return 1;
}

/* The index of return_params[I], 0-3; a wrong one is named as given
 * ("not -1"), never as the number it would wrap to. */
static int param_index(const char *text, uint32_t *i)
{
    bool negative = text[0] == '-';
    uint64_t v;
    if (parse_u64(negative ? text + 1 : text, &v) != 0)
        return fail("bad number '%s'", text);
    if (negative || v > 3)
        return fail("return_params has 4 entries (0-3), not %s", text);
    *i = (uint32_t)v;
    return 0;
}

int expect_parse(const char *spec, expectation_t *e)
{
    char name[64], inner[32];
    const char *value;
    int got;
    memset(e, 0, sizeof *e);
    if (split(spec, name, sizeof name, &value) != 0)
        return -1;
    if (same_name(name, "return_code")) {
        e->kind = EXPECT_RETURN_CODE;
        return parse_return_code(value, &e->value);
    }
    if ((got = indexed(name, "return_params", inner, sizeof inner)) != 0) {
        if (got < 0 || param_index(inner, &e->where) != 0)
            return -1;
        e->kind = EXPECT_PARAM;
    } else if ((got = indexed(name, "mem", inner, sizeof inner)) != 0) {
        if (got < 0 || parse_u32(inner, &e->where) != 0)
            return -1;
        if (e->where & 3)
            return fail("mem[0x%08x]: address is not word-aligned", e->where);
        e->kind = EXPECT_MEM;
    } else {
        e->kind = EXPECT_REG;
        if ((e->reg = reg_lookup(name)) < 0)
            return -1;
    }
    return parse_u32(value, &e->value);
}

bool expect_check(const guest_t *g, const expectation_t *e, char *msg, size_t size)
{
    uint32_t got = 0;
    char name[40];
    switch (e->kind) {
    case EXPECT_REG:
        got = *reg_slot(g->state, e->reg);
        snprintf(name, sizeof name, "%s", reg_names()[e->reg]);
        break;
    case EXPECT_RETURN_CODE:
        got = g->state->return_code;
        if (got == e->value)
            return true;
        snprintf(msg, size, "return_code: expected %u (%s), got %u (%s)", e->value,
                 exit_name(e->value), got, exit_name(got));
        return false;
    case EXPECT_PARAM:
        got = g->state->vmmRet.vmmrp32.return_params[e->where];
        snprintf(name, sizeof name, "return_params[%u]", e->where);
        break;
    case EXPECT_MEM:
        snprintf(name, sizeof name, "mem[0x%08x]", e->where);
        if (guest_read(g, e->where, &got) != 0) {
            snprintf(msg, size, "%s: expected 0x%08x, got nothing (not mapped)", name, e->value);
            return false;
        }
        break;
    }
    if (got == e->value)
        return true;
    snprintf(msg, size, "%s: expected 0x%08x, got 0x%08x", name, e->value, got);
    return false;
}

int assignment_parse(const char *spec, int *reg, uint32_t *value)
{
    char name[64];
    const char *text;
    if (split(spec, name, sizeof name, &text) != 0)
        return -1;
    return assignment_parts(name, text, reg, value);
}

int assignment_parts(const char *name, const char *text, int *reg, uint32_t *value)
{
    if ((*reg = reg_lookup(name)) < 0 || parse_u32(text, value) != 0)
        return -1;
    /* The CPU ignores the low bits of an instruction address: refuse them
     * rather than show one address and run another. */
    if (same_name(name, "pc") && (*value & 3))
        return fail("pc 0x%08x is not word-aligned (instructions are 4-byte words)", *value);
    return 0;
}
