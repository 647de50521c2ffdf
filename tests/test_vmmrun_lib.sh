# tests/test_vmmrun_lib.sh - shell helpers shared by test_vmmrun.sh and
# test_vmmon.sh (sourced, not run): the check harness, a temporary
# directory $T, and guest files made from .hex text.
#
# Each test is a shell function; `check NAME FUNCTION` runs it and counts
# it; `finish NAME` prints "RESULT NAME: N passed, N failed" and gives the
# exit status.

srcdir=${srcdir:-.}
T=$(mktemp -d "${TMPDIR:-/tmp}/vmachmon-tools.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT INT TERM
passed=0
failed=0

# check NAME FUNCTION: one test; FUNCTION's output is shown if it fails.
check() {
    if "$2" >"$T/log" 2>&1; then
        passed=$((passed + 1))
        echo "PASS: $1"
    else
        failed=$((failed + 1))
        echo "FAIL: $1"
        sed 's/^/    /' "$T/log"
    fi
}

finish() {
    echo "RESULT $1: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

# hex2bin: hex digits on stdin (".hex" comments and 0x allowed) -> bytes.
hex2bin() {
    printf "$(sed 's/#.*//; s/0x//g' | tr -d ' \t\r\n' | awk '{
        s = ""
        for (i = 1; i < length($0); i += 2) {
            hi = index("0123456789abcdef", tolower(substr($0, i, 1))) - 1
            lo = index("0123456789abcdef", tolower(substr($0, i + 1, 1))) - 1
            s = s sprintf("\\%03o", hi * 16 + lo)
        }
        print s
    }')"
}

# make_elf FILE [HIGH]: a hand-made ELF32 big-endian PowerPC executable
# with one PT_LOAD segment (RWX) at 0x10000 that holds the headers and the
# book's factorial (tests/golden/vmmrun/factorial.hex), entry 0x10054.
# HIGH (4 hex digits, default 0001) moves it to 0xHIGH0000.
make_elf() {
    h=${2:-0001}
    {
        echo 7f454c46 01020100 00000000 00000000 # e_ident: ELF32, big-endian
        echo 0002 0014 00000001                  # ET_EXEC, EM_PPC, EV_CURRENT
        echo ${h}0054 00000034 00000000 00000000 # entry, phoff, shoff, flags
        echo 0034 0020 0001 0028 0000 0000       # ehsize, phentsize, phnum ...
        echo 00000001 00000000 ${h}0000 ${h}0000 # PT_LOAD, offset 0, vaddr, paddr
        echo 000000bc 000000bc 00000007 00001000 # filesz, memsz, RWX, align
        cat "$srcdir/tests/golden/vmmrun/factorial.hex"
    } | hex2bin >"$1"
}
