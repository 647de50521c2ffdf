#!/bin/sh
# tests/test_demo.sh - the vmachmon32 demos print the book's transcripts.
#
# `vmachmon32 0` and `vmachmon32 1`, stdout and stderr into one file, must
# equal tests/golden/vmachmon32-{0,1}.txt byte for byte and exit 0; no
# argument or a bad one must print exactly the usage text on stderr,
# nothing on stdout, and exit 1.
#
# Run by `make check` from the build directory, with $srcdir set by the
# test driver (the golden files are in the source tree); VMACHMON32 may
# name another binary.
set -u

srcdir=${srcdir:-.}
golden=$srcdir/tests/golden
demo=${VMACHMON32:-./demos/vmachmon32}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_demo.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0

pass() {
    passed=$((passed + 1))
    echo "PASS: $1"
}

fail() {
    failed=$((failed + 1))
    echo "FAIL: $1: $2"
}

# demo_matches ID: the whole output of `vmachmon32 ID` against its golden file.
demo_matches() {
    name="vmachmon32 $1"
    "$demo" "$1" >"$tmp/out" 2>&1
    status=$?
    if [ "$status" -ne 0 ]; then
        fail "$name" "exit status $status, expected 0"
    elif ! cmp -s "$golden/vmachmon32-$1.txt" "$tmp/out"; then
        fail "$name" "output differs from $golden/vmachmon32-$1.txt"
        diff "$golden/vmachmon32-$1.txt" "$tmp/out" | head -20
    else
        pass "$name"
    fi
}

# usage_for ARGS...: usage on stderr, nothing on stdout, exit status 1.
usage_for() {
    name="vmachmon32"
    for arg in "$@"; do
        name="$name '$arg'"
    done
    name="$name (usage)"
    "$demo" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    status=$?
    if [ "$status" -ne 1 ]; then
        fail "$name" "exit status $status, expected 1"
    elif [ -s "$tmp/stdout" ]; then
        fail "$name" "wrote to stdout"
    elif ! cmp -s "$golden/vmachmon32-usage.txt" "$tmp/stderr"; then
        fail "$name" "stderr differs from $golden/vmachmon32-usage.txt"
        diff "$golden/vmachmon32-usage.txt" "$tmp/stderr" | head -10
    else
        pass "$name"
    fi
}

# --help: the same text on stdout, exit status 0 (not in the original).
help_text() {
    "$demo" --help >"$tmp/stdout" 2>"$tmp/stderr"
    status=$?
    if [ "$status" -ne 0 ] || [ -s "$tmp/stderr" ] ||
        ! cmp -s "$golden/vmachmon32-usage.txt" "$tmp/stdout"; then
        fail "vmachmon32 --help" "exit status $status; want the usage on stdout and status 0"
    else
        pass "vmachmon32 --help"
    fi
}

if [ ! -x "$demo" ]; then
    echo "test_demo: $demo not found (build it first)" >&2
    echo "RESULT test_demo: 0 passed, 1 failed"
    exit 1
fi

demo_matches 0
demo_matches 1
usage_for
usage_for 2
usage_for x
usage_for 0 1
usage_for -1
usage_for 1x
usage_for ""
help_text

echo "RESULT test_demo: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
