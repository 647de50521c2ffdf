#!/bin/sh
# tests/guest_demo.sh - the acceptance test of the guest calls: the
# vmachmon32 demo, built for PowerPC with the guest SDK, runs as a guest
# (src/vmmrun --xnu) and drives its own inner virtual machine
# through vmm_dispatch.  Its output, which reaches us through routed write
# calls, must be the golden transcript, and its exit status 0.
#
# Skipped (exit 77) when no PowerPC cross compiler was found: then
# demos/guest/vmachmon32.elf is not built.
srcdir=${srcdir:-.}
elf=demos/guest/vmachmon32.elf
if [ ! -f "$elf" ]; then
    echo "SKIP: $elf not built (no PowerPC cross compiler; see ./bootstrap)"
    echo "RESULT guest_demo: 0 passed, 0 failed"
    exit 77
fi
pass=0
fail=0
out=${TMPDIR:-/tmp}/guest_demo.$$

# run ARG STATUS GOLDEN: the guest's output (stdout and stderr, as in a
# shared pipe) must be GOLDEN byte for byte, and its exit status STATUS.
run() {
    ./src/vmmrun --xnu "$elf" "$1" >"$out" 2>&1
    status=$?
    if [ "$status" -eq "$2" ] && cmp -s "$out" "$srcdir/tests/golden/$3"; then
        echo "PASS: guest vmachmon32 $1"
        pass=$((pass + 1))
    else
        echo "FAIL: guest vmachmon32 $1 (exit status $status, want $2)"
        diff "$srcdir/tests/golden/$3" "$out"
        fail=$((fail + 1))
    fi
}

run 0 0 vmachmon32-0.txt
run 1 0 vmachmon32-1.txt
run 7 1 vmachmon32-usage.txt # a bad argument: the usage text
rm -f "$out"
echo "RESULT guest_demo: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
