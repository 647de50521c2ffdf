#!/bin/sh
# tests/test_vmmrun.sh - vmmrun from the outside, as a course's CI uses it:
# what it prints (the demo's dump, JSON, traces), the exit statuses, the
# mismatch lines, every input format, and one clear line for each bad input.
#
# Run by `make check` from the build directory (automake exports srcdir);
# needs only a POSIX shell, awk, sed, od and the programs the build makes.
set -u

. "${srcdir:-.}/tests/test_vmmrun_lib.sh"
G=$srcdir/tests/golden/vmmrun
VMMRUN=./src/vmmrun
DEMO=./demos/vmachmon32
JSONCHECK=./tests/test_vmmrun_json

# ---- harness ------------------------------------------------------------------

# run STATUS ARGS...: vmmrun ARGS, stdout in $T/out, stderr in $T/err;
# true if it exits with STATUS.
run() {
    want=$1
    shift
    "$VMMRUN" "$@" >"$T/out" 2>"$T/err"
    got=$?
    [ "$got" -eq "$want" ] && return 0
    echo "vmmrun $*: exit status $got, expected $want"
    sed 's/^/  stderr: /' "$T/err"
    return 1
}

# one_error TEXT: stderr is exactly one line, "vmmrun: ...TEXT...".
one_error() {
    if [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "^vmmrun: .*$1" "$T/err"; then
        return 0
    fi
    echo "expected one line 'vmmrun: ...$1...' on stderr, got:"
    cat "$T/err"
    return 1
}

# no_error: stderr is empty.
no_error() {
    [ -s "$T/err" ] || return 0
    echo "unexpected stderr:"
    cat "$T/err"
    return 1
}

# same FILE: stdout is FILE, byte for byte.
same() {
    diff "$1" "$T/out"
}

# The book's demo block: vmachmon32 N from "Processor state" to r30/r31.
demo_block() {
    "$DEMO" "$1" 2>/dev/null | sed -n '/^Vmm> Processor state:/,/^  r30 /p'
}

FACT="--stack 0x2000 --set r3=10 --set lr=0x1ffc"

# ---- the book's demos ------------------------------------------------------------

t_demo0() {
    run 0 --stack 0x2000 "$G/demo0.hex" && no_error && demo_block 0 >"$T/demo" &&
        same "$T/demo" && same "$G/demo0.out"
}
check "demo 0 as .hex prints vmachmon32 0's processor state, byte for byte" t_demo0

t_demo1() {
    # shellcheck disable=SC2086
    run 0 $FACT "$G/factorial.hex" && no_error && demo_block 1 >"$T/demo" &&
        same "$T/demo" && same "$G/factorial.out"
}
check "factorial as .hex prints vmachmon32 1's processor state" t_demo1

# ---- input formats ------------------------------------------------------------------

t_raw() {
    hex2bin <"$G/factorial.hex" >"$T/factorial.bin"
    [ "$(wc -c <"$T/factorial.bin")" -eq 104 ] || { echo "hex2bin made a wrong file"; return 1; }
    # shellcheck disable=SC2086
    run 0 $FACT "$T/factorial.bin" && no_error && same "$G/factorial.out"
}
check "a raw big-endian binary runs like its .hex" t_raw

t_at() {
    run 0 --at 0x40000 --stack 0x2000 --set r3=10 --set lr=0x40ffc \
        --expect r3=0x375f00 --expect pc=0x40ffc -q "$G/factorial.hex" && no_error &&
        printf '38600005\n38800006\n00000000\n' >"$T/li.hex" && # li r3,5; li r4,6; illegal
        run 0 --at 0x5000 "$T/li.hex" && grep -q 'Distance from origin = 2 instructions' "$T/out" &&
        grep -q 'PC                   = 0x00005008' "$T/out"
}
check "--at places the image and starts there; the distance counts from it" t_at

t_elf() {
    make_elf "$T/factorial.elf"
    run 0 --stack 0x20000 --set r3=10 --set lr=0x10ffc --expect r3=0x375f00 \
        --expect pc=0x10ffc --expect return_code=program "$T/factorial.elf" && no_error &&
        grep -q 'Distance from origin = 1002 instructions' "$T/out"
}
check "an ELF32 file loads at its own addresses and starts at its entry" t_elf

# With the PowerPC cross compiler (./bootstrap installs it), the course's
# own path: a C function compiled for the guest, checked in one line.
PPC_GCC=
for cc in powerpc-linux-gnu-gcc powerpc-linux-gnu-gcc-12; do
    command -v "$cc" >/dev/null 2>&1 && PPC_GCC=$cc && break
done
t_c_program() {
    cat >"$T/fact.c" <<'EOF'
int factorial(int n) { return n <= 0 ? 1 : n * factorial(n - 1); }
void _start(void) { int r = factorial(10); __asm__ volatile("mr 3,%0; trap" : : "r"(r)); }
EOF
    "$PPC_GCC" -O1 -nostdlib -static -fno-pic -Wl,-Ttext=0x10000 -o "$T/fact.elf" "$T/fact.c" &&
        run 0 --stack 0x7f000 --expect r3=3628800 --expect return_code=program -q "$T/fact.elf" &&
        no_error && [ ! -s "$T/out" ]
}
if [ -n "$PPC_GCC" ]; then
    check "a C program from $PPC_GCC passes its checks (quiet)" t_c_program
else
    echo "SKIP: a C program from the PowerPC cross compiler (none found)"
fi

# ---- checks and their exit statuses ------------------------------------------------------

t_expect_ok() {
    # shellcheck disable=SC2086
    run 0 $FACT --expect r3=0x375f00 --expect pc=0x1ffc --expect return_code=7 \
        --expect 'return_params[0]=0x1000' --expect 'mem[0x2f18]=0' \
        --expect 'mem[0x2f00]=0x375f00' --expect lr=8188 --expect CR=2 -q \
        "$G/factorial.hex" && no_error && [ ! -s "$T/out" ]
}
check "expectations that hold: status 0, nothing on stderr" t_expect_ok

t_expect_mismatch() {
    # shellcheck disable=SC2086
    run 1 $FACT --expect r3=0x375f01 --expect pc=0x1ffc --expect return_code=sc \
        --expect 'return_params[1]=5' --expect 'mem[0x2f18]=1' --expect 'mem[0x9000]=1' \
        "$G/factorial.hex" || return 1
    cat >"$T/want" <<'EOF'
vmmrun: r3: expected 0x00375f01, got 0x00375f00
vmmrun: return_code: expected 12 (kVmmReturnSystemCall), got 7 (kVmmReturnProgramException)
vmmrun: return_params[1]: expected 0x00000005, got 0x40000000
vmmrun: mem[0x00002f18]: expected 0x00000001, got 0x00000000
vmmrun: mem[0x00009000]: expected 0x00000001, got nothing (not mapped)
EOF
    diff "$T/want" "$T/err" && same "$G/factorial.out"
}
check "mismatches: status 1, one line each, expected against got; the dump still printed" \
    t_expect_mismatch

t_golden_ok() {
    # shellcheck disable=SC2086
    run 0 $FACT --golden "$G/factorial.out" "$G/factorial.hex" && no_error
}
check "--golden with the same dump: status 0" t_golden_ok

t_golden_mismatch() {
    run 1 --stack 0x2000 --set r3=9 --set lr=0x1ffc --golden "$G/factorial.out" \
        -q "$G/factorial.hex" || return 1
    grep -q "^vmmrun: .*factorial.out:17: expected '  r2  = 0x00058980 r3  = 0x00375f00', got '  r2  = 0x00009d80 r3  = 0x00058980'$" "$T/err" &&
        [ "$(wc -l <"$T/err")" -eq 1 ]
}
check "--golden with another dump: status 1, the differing line" t_golden_mismatch

t_golden_unreadable() {
    mkdir "$T/dir.out"
    # shellcheck disable=SC2086
    run 2 $FACT --golden "$T/dir.out" -q "$G/factorial.hex" &&
        one_error "--golden .*dir.out: cannot read it: Is a directory$"
}
check "--golden with a directory: status 2, why, no mismatch lines" t_golden_unreadable

# ---- JSON ------------------------------------------------------------------------

t_json() {
    # shellcheck disable=SC2086
    run 0 --json $FACT "$G/factorial.hex" && no_error && "$JSONCHECK" <"$T/out" &&
        grep -q '^  "return_code": 7,$' "$T/out" &&
        grep -q '^  "return_code_name": "kVmmReturnProgramException",$' "$T/out" &&
        grep -q '^  "pc": 8188,$' "$T/out" &&
        grep -q '^  "gprs": \[8188, 12064, 362880, 3628800, 0,' "$T/out"
}
check "--json prints valid JSON with the registers" t_json

t_json_trace() {
    printf '38600005\n44000002\n38630001\n4bfffff8\n' >"$T/sc.hex"
    run 0 --json --trace --exits 2 "$T/sc.hex" && "$JSONCHECK" <"$T/out" &&
        grep -q '"exits": 2' "$T/out" && [ "$(grep -c '^exit [12]: ' "$T/err")" -eq 2 ]
}
check "--json with --trace: the JSON stays valid, the trace goes to stderr" t_json_trace

t_json_checker() {
    # the checker must refuse what is not JSON, or it proves nothing
    ! printf '{"a": 1,}' | "$JSONCHECK" 2>/dev/null && ! printf '[01]' | "$JSONCHECK" 2>/dev/null
}
check "the JSON checker refuses invalid JSON" t_json_checker

# ---- running: exits, until, trace, budget --------------------------------------------------

t_trace() {
    run 0 --trace -q --stack 0x2000 "$G/demo0.hex" || return 1
    echo "exit 1: kVmmReturnProgramException (7) at 0x00001014: feedface  .long 0xfeedface  params 0x00001000 0x40000000 0x00000000 0x00000000  ; illegal instruction" >"$T/want"
    same "$T/want"
}
check "--trace prints the exit by name, the instruction at PC, the params" t_trace

t_exits() {
    printf '38600005\n44000002\n38630001\n4bfffff8\n' >"$T/sc.hex" # li; sc; addi; b sc
    run 0 --trace --exits 3 --expect r3=7 --expect 'return_params[0]=7' -q "$T/sc.hex" &&
        [ "$(grep -c 'kVmmReturnSystemCall (12) at 0x00001008: 38630001  addi r3, r3, 1' "$T/out")" -eq 3 ]
}
check "--exits N relaunches through N exits" t_exits

t_relaunch_keeps_registers() {
    # li r3,7; sc; stw r3,0(r1); mr r4,r0; trap: after the sc the guest goes
    # on with the r0 and r1 it had
    printf '38600007\n44000002\n90610000\n7c040378\n7fe00008\n' >"$T/relaunch.hex"
    run 0 --stack 0x2000 --set r0=0x55 --exits 2 --expect return_code=program \
        --expect 'mem[0x2f20]=7' --expect r4=0x55 --expect r1=0x2f20 -q "$T/relaunch.hex"
}
check "a relaunch finds every register as the guest left it (r0 and r1 too)" \
    t_relaunch_keeps_registers

t_until() {
    printf '38600003\n44000002\n3463ffff\n4082fff8\n7fe00008\n' >"$T/count.hex" # sc 3 times, then trap
    run 0 --until program --expect r3=0 --expect pc=0x1010 -q "$T/count.hex" &&
        run 0 --until kVmmReturnProgramException --json "$T/count.hex" &&
        grep -q '"exits": 4' "$T/out"
}
check "--until CODE runs until that exit (short or kVmm name)" t_until

t_until_unseen() {
    printf '38600003\n44000002\n3463ffff\n4082fff8\n7fe00008\n' >"$T/count.hex"
    run 3 --until trace --exits 3 -q "$T/count.hex" &&
        one_error "no kVmmReturnTraceException exit within 3 exits"
}
check "--until a code never seen: status 3 and why" t_until_unseen

t_budget() {
    printf '38600001\n48000000\n' >"$T/loop.hex" # li r3,1; b .
    run 3 --expect r3=2 "$T/loop.hex" &&
        one_error "used up its budget of 100000000 instructions at pc 0x00001004" &&
        grep -q 'return_code          = 0x00000000 (0)' "$T/out" &&
        run 3 --budget 5000 -q "$T/loop.hex" && one_error "budget of 5000 instructions"
}
check "a runaway guest: status 3, one line, the state still printed" t_budget

# ---- output that cannot be written ---------------------------------------------------

# /dev/full takes nothing: every write fails with ENOSPC.  vmmrun must say
# so and not exit 0 (its report is lost); a run that writes nothing to
# stdout is no error.
t_write_error() {
    for opts in "" --json --help --version "--trace -q" "--golden $G/factorial.out"; do
        # shellcheck disable=SC2086
        "$VMMRUN" $FACT $opts "$G/factorial.hex" >/dev/full 2>"$T/err"
        got=$?
        [ "$got" -eq 2 ] || { echo "vmmrun $opts >/dev/full: exit status $got, expected 2"; return 1; }
        one_error "write error: No space left on device$" || return 1
    done
    # a failed check and lost output: status 2, both lines
    # shellcheck disable=SC2086
    "$VMMRUN" $FACT --expect r3=1 "$G/factorial.hex" >/dev/full 2>"$T/err"
    [ $? -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 2 ] && grep -q '^vmmrun: r3: expected' "$T/err" &&
        grep -q '^vmmrun: write error: No space left on device$' "$T/err" || { cat "$T/err"; return 1; }
    # nothing written: nothing lost, even to a closed stdout
    # shellcheck disable=SC2086
    "$VMMRUN" $FACT -q "$G/factorial.hex" >/dev/full 2>"$T/err" && no_error &&
        "$VMMRUN" $FACT -q "$G/factorial.hex" >&- 2>"$T/err" && no_error || return 1
    # shellcheck disable=SC2086
    "$VMMRUN" $FACT "$G/factorial.hex" >&- 2>"$T/err"
    [ $? -eq 2 ] && one_error "write error: Bad file descriptor$"
}
if [ -w /dev/full ]; then
    check "output that cannot be written (/dev/full): status 2, one line" t_write_error
else
    echo "SKIP: output that cannot be written (no /dev/full)"
fi

# ---- bad input: one clear line, status 2 -------------------------------------------------

t_missing_file() { run 2 "$T/none.hex" && one_error "none.hex: No such file or directory"; }
check "missing file" t_missing_file

t_not_a_file() {
    mkdir "$T/dir.hex"
    run 2 "$T/dir.hex" && one_error "dir.hex: is a directory, not a file" &&
        run 2 /dev/zero && one_error "/dev/zero: not a regular file"
}
check "a directory or a device as FILE: refused before reading" t_not_a_file

t_pipe() {
    # li r10,4 ; .long 0, as a raw image through a pipe
    printf '\071\100\000\004\000\000\000\000' >"$T/li.bin"
    "$VMMRUN" --quiet --expect r10=4 --expect return_code=program /dev/stdin <"$T/li.bin" \
        >"$T/out" 2>"$T/err" || { cat "$T/err"; return 1; }
    cat "$T/li.bin" | "$VMMRUN" --quiet --expect r10=4 /dev/stdin >"$T/out" 2>"$T/err" ||
        { cat "$T/err"; return 1; }
    no_error
}
check "a raw image through a pipe (/dev/stdin)" t_pipe

t_too_large() {
    # a sparse file: refused from its size, without reading it
    dd if=/dev/null of="$T/huge.bin" bs=1 seek=1100000000 2>/dev/null || return 1
    run 2 "$T/huge.bin" && one_error "huge.bin: larger than 1 GiB"
}
check "a file over 1 GiB: refused" t_too_large

t_odd_length() {
    printf 'abcdef' >"$T/odd.bin"
    run 2 "$T/odd.bin" && one_error "odd.bin: 6 bytes is not a whole number of 4-byte instructions"
}
check "odd-length image" t_odd_length

t_empty() {
    : >"$T/empty.bin"
    printf '# nothing\n\n' >"$T/empty.hex"
    run 2 "$T/empty.bin" && one_error "empty.bin: empty file" &&
        run 2 "$T/empty.hex" && one_error "empty.hex: no instructions"
}
check "empty image, empty .hex" t_empty

t_bad_hex() {
    printf '38600001\nli r3,1\n' >"$T/bad.hex"
    run 2 "$T/bad.hex" && one_error "bad.hex:2: expected one hex word (up to 8 hex digits), got 'li r3,1'" &&
        printf '123456789\n' >"$T/long.hex" && run 2 "$T/long.hex" && one_error "long.hex:1: "
}
check "bad line in a .hex file" t_bad_hex

t_bad_elf() {
    printf '\177ELF\001\002\001\000' >"$T/short.elf"
    run 2 "$T/short.elf" && one_error "short.elf: cannot load the ELF file: "
}
check "truncated ELF file" t_bad_elf

t_bad_register() {
    run 2 --set r32=1 "$G/demo0.hex" && one_error "unknown register 'r32'" &&
        run 2 --expect sp=1 "$G/demo0.hex" && one_error "unknown register 'sp'" &&
        run 2 --set r3 "$G/demo0.hex" && one_error "expected NAME=VALUE, got 'r3'"
}
check "bad register" t_bad_register

t_bad_number() {
    run 2 --set r3=0x12g "$G/demo0.hex" && one_error "bad number '0x12g'" &&
        run 2 --expect r3=ten "$G/demo0.hex" && one_error "bad number 'ten'" &&
        run 2 --set r3=0x100000000 "$G/demo0.hex" && one_error "does not fit in 32 bits" &&
        run 2 --budget lots "$G/demo0.hex" && one_error "bad number 'lots'" &&
        run 2 --exits 0 "$G/demo0.hex" && one_error "--exits wants a count" &&
        run 2 --expect 'mem[0x2f02]=1' "$G/demo0.hex" && one_error "not word-aligned" &&
        run 2 --expect 'return_params[4]=1' "$G/demo0.hex" && one_error "4 entries" &&
        run 2 --expect 'return_params[-1]=1' "$G/demo0.hex" &&
        one_error "return_params has 4 entries (0-3), not -1$" &&
        run 2 --expect 'return_params[x]=1' "$G/demo0.hex" && one_error "bad number 'x'$"
}
check "bad number" t_bad_number

t_not_aligned() {
    run 2 --stack 0x2004 "$G/demo0.hex" &&
        one_error "--stack address 0x00002004 is not page-aligned" &&
        run 2 --map 0x1001 "$G/demo0.hex" && one_error "--map address 0x00001001 is not page-aligned" &&
        run 2 --at 0x1002 "$G/demo0.hex" && one_error "--at 0x00001002: address is not word-aligned" &&
        run 2 --set pc=0x1002 "$G/demo0.hex" && one_error "pc 0x00001002 is not word-aligned"
}
check "address not page-aligned (or word-aligned)" t_not_aligned

t_past_4g() {
    printf '38600001\n38600002\n' >"$T/two.hex"
    run 2 --at 0xfffffffc "$T/two.hex" &&
        one_error "two.hex: 8 bytes at 0xfffffffc run past the end of the 4 GiB address space" &&
        run 0 --at 0xfffffff8 --expect r3=2 -q "$T/two.hex"
}
check "an image that would run past 4 GiB is refused; one that ends there runs" t_past_4g

t_overlap() {
    run 2 --map 0x2000 --stack 0x2000 "$G/demo0.hex" && one_error "page 0x00002000 is already mapped" &&
        run 2 --stack 0x1000 "$G/demo0.hex" &&
        one_error "--stack: page 0x00001000 already holds the image .*demo0.hex (a page cannot be mapped twice)$" &&
        run 2 --map 0x2000 --at 0x1ff8 "$G/factorial.hex" &&
        one_error "--map: page 0x00002000 already holds the image .*factorial.hex" &&
        run 0 --map 0x3000 --stack 0x4000 --at 0x1ff8 -q "$G/factorial.hex" && no_error &&
        make_elf "$T/factorial.elf" && run 2 --stack 0x10000 "$T/factorial.elf" &&
        one_error "--stack: page 0x00010000 already holds the image .*factorial.elf" &&
        run 2 --map 0x10000 "$T/factorial.elf" && one_error "--map: page 0x00010000 already holds"
}
check "a page mapped twice, or over the image: status 2, the page named" t_overlap

t_elf_at() {
    make_elf "$T/factorial.elf"
    run 2 --at 0x1000 "$T/factorial.elf" && one_error "--at does not apply to an ELF file"
}
check "--at with an ELF file" t_elf_at

t_usage() {
    run 2 && one_error "no guest FILE given" &&
        run 2 --frobnicate "$G/demo0.hex" && one_error "unknown option '--frobnicate'" &&
        run 2 "$G/demo0.hex" --stack && one_error "option '--stack' needs a value" &&
        run 2 --stack && one_error "option '--stack' needs a value" &&
        run 2 --until nothing "$G/demo0.hex" && one_error "unknown return code 'nothing'" &&
        run 2 --golden "$T/none.out" "$G/demo0.hex" && one_error "none.out: cannot open it: No such file or directory" &&
        run 2 --json --quiet "$G/demo0.hex" && one_error "do not go together"
}
check "usage errors" t_usage

# Without --xnu, options may follow FILE (as GNU tools take them); any other
# word is refused, and '--' ends the options.
t_options_after_file() {
    # shellcheck disable=SC2086
    run 0 "$G/factorial.hex" $FACT --expect r3=0x375f00 -q && no_error && [ ! -s "$T/out" ] &&
        run 0 --stack 0x2000 "$G/factorial.hex" --json --set r3=10 --set lr=0x1ffc &&
        "$JSONCHECK" <"$T/out" && grep -q '^  "pc": 8188,$' "$T/out" &&
        run 0 "$G/demo0.hex" --help && grep -q '^Usage: vmmrun ' "$T/out" &&
        run 2 "$G/demo0.hex" extra -q && one_error "unexpected argument 'extra' (one guest FILE only)$" &&
        run 2 "$G/demo0.hex" -- --json && one_error "unexpected argument '--json'" &&
        run 2 "$G/demo0.hex" --frobnicate && one_error "unknown option '--frobnicate'" &&
        run 2 "$G/demo0.hex" --json --quiet && one_error "do not go together" &&
        run 2 "$G/demo0.hex" --xnu && one_error "--xnu goes before PROGRAM" &&
        run 2 "$G/demo0.hex" --expect 'return_params[9]=1' && one_error "not 9$"
}
check "options after FILE are read; other words after it are refused" t_options_after_file

# ---- --xnu: programs with routed system calls ------------------------------------

XNU_DEMO=./demos/guest/vmachmon32.elf

t_xnu_errors() {
    run 2 --xnu && one_error "no PROGRAM given" &&
        run 2 --xnu --json "$G/demo0.hex" && one_error "--json does not apply to --xnu programs" &&
        run 2 --xnu --expect r3=1 "$G/demo0.hex" && one_error "--expect does not apply" &&
        run 2 --xnu "$T/none.elf" && one_error "none.elf: No such file or directory" &&
        run 2 --xnu "$G/demo0.hex" &&
        one_error "/demo0.hex: cannot load the program: not an ELF file$" &&
        printf '\177ELF\001\002\001\000' >"$T/short.elf" && run 2 --xnu "$T/short.elf" &&
        one_error "/short.elf: cannot load the program: not an ELF file$" &&
        run 2 --xnu /dev/zero && one_error "/dev/zero: not a regular file" &&
        run 2 --xnu "$srcdir/tests" && one_error "tests: is a directory, not a file" &&
        make_elf "$T/high.elf" bfff && run 2 --xnu "$T/high.elf" &&
        one_error "/high.elf: no room for the stack$"
}
check "--xnu: usage and input errors: status 2, one line each" t_xnu_errors

t_xnu_stopped() {
    # the factorial returns through lr = 0: a fetch from an unmapped page
    make_elf "$T/factorial.elf"
    run 125 --xnu "$T/factorial.elf" &&
        one_error "guest stopped: kVmmReturnInstrPageFault (4) at pc 0x00000000$"
}
check "--xnu: a program that stops without exiting: status 125, why in one line" t_xnu_stopped

if [ -f "$XNU_DEMO" ]; then
    t_xnu_status() {
        run 0 --xnu "$XNU_DEMO" 0 && grep -q '^Vmm> Processor state:' "$T/out" &&
            run 1 --xnu "$XNU_DEMO" 9 && grep -q '^usage: vmachmon32' "$T/err"
    }
    check "--xnu: the program's arguments and exit status are its own" t_xnu_status

    t_xnu_budget() {
        run 125 --xnu --budget 5000 "$XNU_DEMO" 1 &&
            one_error "the guest used up its instruction budget: 5000 instructions"
    }
    check "--xnu: a budget bounds the program: status 125, one line" t_xnu_budget

    # what follows PROGRAM is its own: vmmrun would print its usage for
    # --help and refuse --json; the guest prints its own usage instead
    t_xnu_args_untouched() {
        run 0 --xnu "$XNU_DEMO" --help && grep -q '^usage: vmachmon32' "$T/out" &&
            ! grep -q 'vmmrun' "$T/out" && no_error &&
            run 1 --xnu "$XNU_DEMO" 0 --json && grep -q '^usage: vmachmon32' "$T/err" &&
            ! grep -q 'vmmrun' "$T/err" && [ ! -s "$T/out" ]
    }
    check "--xnu: options after PROGRAM are its arguments, untouched" t_xnu_args_untouched

    t_xnu_trace() {
        run 0 --xnu --trace "$XNU_DEMO" 0 &&
            grep -q '^\[1\] vmm_dispatch(kVmmGetVersion) = 0x10007$' "$T/err" &&
            grep -q '^Vmm> Processor state:' "$T/out"
    }
    check "--xnu --trace: each routed call on stderr, the output unchanged" t_xnu_trace
else
    echo "SKIP: $XNU_DEMO not built (no PowerPC cross compiler): 4 --xnu checks"
fi

t_help() {
    run 0 --help && grep -q '^Usage: vmmrun \[OPTIONS\] FILE' "$T/out" && no_error &&
        run 0 --version && grep -q '^vmmrun (vmachmon) ' "$T/out" && no_error
}
check "--help and --version" t_help

finish test_vmmrun
