#!/usr/bin/env python3
"""fuzz/seeds.py - write the hand-made seed inputs of the fuzz harnesses.

    python3 fuzz/seeds.py DIR      writes DIR/dispatch/seed-*, DIR/guest/seed-*,
                                   DIR/elf/seed-*

The committed corpus (fuzz/corpus/) started from these seeds and grew by
fuzzing; `make fuzz-merge` keeps it minimal.  Each encoder below mirrors
the decoder in the harness it feeds (fuzz/fuzz_dispatch.c: op_*, argument;
fuzz/fuzz_guest.c; fuzz/fuzz_elf.c).
"""
import os
import random
import struct
import sys

be8 = lambda v: struct.pack(">B", v & 0xFF)
be16 = lambda v: struct.pack(">H", v & 0xFFFF)
be32 = lambda v: struct.pack(">I", v & 0xFFFFFFFF)
le32 = lambda v: struct.pack("<I", v & 0xFFFFFFFF)

# ---- fuzz_dispatch ---------------------------------------------------------
OP_DISPATCH, OP_POKE, OP_POOL, OP_VM, OP_MISC = 0, 3, 5, 6, 7


def a_small(v): return be8(0) + be8(v)
def a_ctx(n): return be8(1) + be8(n - 1) + be8(1)          # no address-space byte
def a_pool(i): return be8(3) + be8(i)                      # low 32 bits of pool page i
def a_pool_full(i): return be8(2) + be8(i) + be8(1)        # whole pointer, no offset
def a_u32(v): return be8(6) + be32(v)
def a_prot(v): return be8(8) + be8(v)


def call(sel, *args, state_pool=None):
    b = be8(OP_DISPATCH) + be8(sel) + be8(len(args)) + b"".join(args)
    if sel == 2:                       # kVmmInitContext: the page from foreign()
        b += be8(8) + be8(state_pool)  # foreign kind 8 = pool page
    return b


def poke(pool, off, words, host_order=False):
    """The harness stores each input word in host (little-endian) order: a
    state-page field goes in as is, a guest word byte-swapped so that the
    guest reads it big-endian."""
    b = be8(OP_POKE) + be8(0) + be8(pool) + be16(off) + be8(len(words) - 1)
    return b + b"".join((be32(w) if host_order else le32(w)) for w in words)


DEMO0 = [0x39400004, 0x39600005, 0x48001012, 0xDEADBEEF, 0x7D8A5A14, 0xFEEDFACE]
FACTORIAL = [0x7C0802A6, 0xBFC1FFF8, 0x90010008, 0x9421FFA0, 0x7C3E0B78, 0x907E0078,
             0x801E0078, 0x2F800000, 0x419D0010, 0x38000001, 0x901E0040, 0x48000024,
             0x805E0078, 0x3802FFFF, 0x7C030378, 0x4BFFFFC5, 0x7C621B78, 0x801E0078,
             0x7C0201D6, 0x901E0040, 0x807E0040, 0x80210000, 0x80010008, 0x7C0803A6,
             0xBBC1FFF8, 0x4E800020]


def dispatch_seeds():
    init = call(2, a_u32(0x00010007), a_small(0), state_pool=0)
    pc = poke(0, 0x40, [0x1000], host_order=True)               # ppcPC
    sp = poke(0, 0x4C, [0x2F20], host_order=True)               # r1
    yield "demo0", init + pc + sp + call(5, a_ctx(1), a_pool(2), a_u32(0x2000), a_prot(7)) + \
        poke(1, 0, DEMO0) + call(16, a_ctx(1), a_pool(1), a_u32(0x1000), a_prot(7)) + \
        call(3, a_ctx(1))
    fact = poke(0, 0x54, [10], host_order=True) + poke(0, 0xD0, [0x1FFC], host_order=True)
    yield "demo1", init + pc + sp + fact + \
        call(5, a_ctx(1), a_pool(2), a_u32(0x2000), a_prot(7)) + poke(1, 0, FACTORIAL[:16]) + \
        poke(1, 64, FACTORIAL[16:]) + call(16, a_ctx(1), a_pool(1), a_u32(0x1000), a_prot(7))
    # Two contexts, lists, XA, timers, stop, dirty flags, protect, 64-bit calls.
    init2 = call(2, a_u32(0x00010007), a_small(0), state_pool=3)
    lst = poke(0, 0xC00, [0, 0x1007, 0, 0x2003], host_order=True)  # vmmMList (low32 patched)
    yield "lists", init + init2 + lst + call(18, a_ctx(1), a_small(2)) + \
        call(19, a_ctx(1), a_small(2)) + call(34, a_ctx(2), a_small(1)) + call(35, a_ctx(2), a_small(1))
    yield "xa", init + call(24, a_ctx(1), be8(13) + be8(0x80)) + call(26, a_ctx(1)) + \
        call(25, a_ctx(1), be8(13) + be8(0x40)) + call(24, a_ctx(1), be8(13) + be8(0x40)) + \
        call(7, a_ctx(1), a_u32(0x5000))
    yield "timer", init + call(12, a_ctx(1), be8(10) + be16(0x4100), be8(11) + be16(0x4100)) + \
        call(13, a_ctx(1)) + poke(1, 0, [0x48000000]) + \
        call(16, a_ctx(1), a_pool(1), a_u32(0x1000), a_prot(7)) + call(14, a_ctx(1))
    yield "stop", init + be8(OP_MISC) + be8(0) + be32(0x80000000) + be32(0) + \
        call(16, a_ctx(1), a_pool(1), a_u32(0x1000), a_prot(7)) + \
        poke(0, 0xC, [0x08000000], host_order=True) + call(14, a_ctx(1))
    yield "pages", init + call(5, a_ctx(1), a_pool(1), a_u32(0x1000), a_prot(3)) + \
        call(9, a_ctx(1), a_u32(0x1000), a_small(1)) + call(6, a_ctx(1), a_u32(0x1000)) + \
        call(15, a_ctx(1), a_u32(0x1000), a_prot(1)) + call(28, a_ctx(1), a_u32(0x1000)) + \
        call(27, a_ctx(1), a_pool_full(4), a_u32(0x7000), a_prot(7)) + \
        call(8, a_ctx(1)) + call(36) + call(0) + call(1) + call(37) + call(4)
    yield "vm", be8(OP_VM) + be8(0) + be8(1) + be32(3 * 4096) + be8(OP_POOL) + be8(2) + \
        be8(OP_POOL) + be8(2) + be8(OP_VM) + be8(0) + be8(1) + be32(5)
    yield "foreign", call(2, a_u32(0x00010007), a_small(0), state_pool=0)[:-2] + be8(2) + \
        call(2, a_u32(0x00010007), a_small(0), state_pool=0)[:-2] + be8(3) + \
        call(2, a_u32(0x00010007), a_small(0), state_pool=0)[:-2] + be8(5) + be32(0xF0000000) + \
        call(2, a_u32(0x00010007), a_small(0), state_pool=0)[:-2] + be8(1)


# ---- fuzz_guest: seed, length, then the program's choices (any bytes) -------
def guest_seeds():
    rng = random.Random(1)
    for i in range(8):
        yield "random%d" % i, bytes(rng.getrandbits(8) for _ in range(64 + 96 * i))


# ---- fuzz_elf --------------------------------------------------------------
def elf(segments, entry):
    """segments: (vaddr, file bytes, memsz, flags)."""
    phoff, n = 52, len(segments)
    data_off = phoff + 32 * n
    head = bytearray(b"\x7fELF\x01\x02\x01" + bytes(9))
    head += be16(2) + be16(20) + be32(1) + be32(entry) + be32(phoff) + be32(0) + be32(0)
    head += be16(52) + be16(32) + be16(n) + be16(0) + be16(0) + be16(0)
    ph, body = b"", b""
    for vaddr, code, memsz, flags in segments:
        ph += be32(1) + be32(data_off + len(body)) + be32(vaddr) + be32(vaddr) + \
            be32(len(code)) + be32(memsz) + be32(flags) + be32(4096)
        body += code
    return bytes(head) + ph + body


def elf_seeds():
    code = b"".join(be32(w) for w in [0x3860002A, 0x44000002])  # li r3,42; sc
    yield "one", elf([(0x10000, code, 8, 5)], 0x10000)
    yield "bss", elf([(0x10000, code, 0x3000, 7)], 0x10000)
    yield "two", elf([(0x10000, code, 8, 5), (0x20010, be32(7) * 4, 0x2000, 6)], 0x10000)
    yield "overlap", elf([(0x10000, code, 0x1800, 5), (0x10ffc, be32(1) * 2, 0x10, 6)], 0x10004)
    yield "demo1", elf([(0x1000, b"".join(be32(w) for w in FACTORIAL), 4096, 7)], 0x1000)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus"
    for name, gen in (("dispatch", dispatch_seeds), ("guest", guest_seeds), ("elf", elf_seeds)):
        os.makedirs(os.path.join(out, name), exist_ok=True)
        for seed, data in gen():
            with open(os.path.join(out, name, "seed-" + seed), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
