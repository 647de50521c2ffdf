/*
 * ppc/bytes.h - big-endian words in host memory: guest memory, hashed page
 * tables, stubs and ELF files are big-endian whatever the host is.
 */
#ifndef PPC_BYTES_H
#define PPC_BYTES_H

#include <stdint.h>

static inline uint32_t be32_load(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static inline void be32_store(void *p, uint32_t v)
{
    uint8_t *b = p;
    b[0] = (uint8_t)(v >> 24);
    b[1] = (uint8_t)(v >> 16);
    b[2] = (uint8_t)(v >> 8);
    b[3] = (uint8_t)v;
}

#endif /* PPC_BYTES_H */
