#!/bin/sh
# tests/guest_demo.sh - the acceptance test of the guest calls: the
# vmachmon32 demo, built for PowerPC with the guest SDK, runs as a guest
# (tests/xnu_driver, i.e. xnu_run) and drives its own inner virtual machine
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
for id in 0 1; do
    ./tests/xnu_driver "$elf" "$id" >"$out" 2>&1
    status=$?
    if [ "$status" -eq 0 ] && cmp -s "$out" "$srcdir/tests/golden/vmachmon32-$id.txt"; then
        echo "PASS: guest vmachmon32 $id"
        pass=$((pass + 1))
    else
        echo "FAIL: guest vmachmon32 $id (exit status $status)"
        diff "$srcdir/tests/golden/vmachmon32-$id.txt" "$out"
        fail=$((fail + 1))
    fi
done
# A bad argument: the usage text and exit status 1.
./tests/xnu_driver "$elf" 7 >"$out" 2>&1
status=$?
if [ "$status" -eq 1 ] && cmp -s "$out" "$srcdir/tests/golden/vmachmon32-usage.txt"; then
    echo "PASS: guest vmachmon32 usage"
    pass=$((pass + 1))
else
    echo "FAIL: guest vmachmon32 usage (exit status $status)"
    cat "$out"
    fail=$((fail + 1))
fi
rm -f "$out"
echo "RESULT guest_demo: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
