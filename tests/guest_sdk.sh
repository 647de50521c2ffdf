#!/bin/sh
# tests/guest_sdk.sh - runs tests/guest/sdk_check.elf, a guest program that
# checks the guest SDK from the inside, through src/vmmrun --xnu.
# Its exit status is its number of failed checks.  Skipped (exit 77) when
# no PowerPC cross compiler was found.
elf=tests/guest/sdk_check.elf
if [ ! -f "$elf" ]; then
    echo "SKIP: $elf not built (no PowerPC cross compiler; see ./bootstrap)"
    echo "RESULT guest_sdk: 0 passed, 0 failed"
    exit 77
fi
./src/vmmrun --xnu "$elf" alpha beta
status=$?
if [ "$status" -eq 0 ]; then
    echo "RESULT guest_sdk: 1 passed, 0 failed"
else
    echo "RESULT guest_sdk: 0 passed, 1 failed (exit status $status)"
fi
[ "$status" -eq 0 ]
