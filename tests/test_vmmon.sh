#!/bin/sh
# tests/test_vmmon.sh - the monitor from the outside: scripted sessions
# compared with golden transcripts (tests/golden/vmmon/NAME.vmmon ->
# NAME.out, run with --echo so that each command shows above its output),
# the man page's walkthrough against its transcript, the exit statuses,
# garbage input, and one real session on a pseudo-terminal (readline's
# completion and history when vmmon has readline, plain lines otherwise).
#
# VMMON_REGEN=1 rewrites the golden transcripts from the current output.
set -u

. "${srcdir:-.}/tests/test_vmmrun_lib.sh"
G=$srcdir/tests/golden/vmmon
VMMON=$PWD/src/vmmon
PTY=./tests/test_vmmon_pty

# session NAME STATUS [stdin]: runs NAME.vmmon in $T (as a file argument, or
# on stdin), compares stdout+stderr with NAME.out and the exit status.
session() {
    cp "$G/$1.vmmon" "$T/" || return 1
    cp "$srcdir/tests/golden/vmmrun/factorial.hex" "$T/" && make_elf "$T/factorial.elf" || return 1
    if [ "${3:-}" = stdin ]; then
        (cd "$T" && "$VMMON" --echo <"$1.vmmon" >"$1.got" 2>&1)
    else
        (cd "$T" && "$VMMON" --echo "$1.vmmon" >"$1.got" 2>&1)
    fi
    got=$?
    if [ "${VMMON_REGEN:-}" = 1 ]; then
        cp "$T/$1.got" "$G/$1.out"
    fi
    diff "$G/$1.out" "$T/$1.got" || return 1
    [ "$got" -eq "$2" ] || { echo "exit status $got, expected $2"; return 1; }
}

t_walkthrough() { session walkthrough 0; }
check "walkthrough: the book's factorial by hand (vmmon.1)" t_walkthrough

t_errors() { session errors 1 stdin; }
check "errors: one line each, the session goes on, status 1 (from a pipe)" t_errors

t_exits() { session exits 0; }
check "exits: every kind of exit explained" t_exits

t_contexts() { session contexts 0; }
check "contexts, pages, dirty flags, loading .hex and ELF files" t_contexts

# The EXAMPLES of vmmon.1 are the walkthrough transcript, roff-escaped,
# between the comments "walkthrough begin" and "walkthrough end".
t_man_walkthrough() {
    sed -n '/^\.\\" walkthrough begin/,/^\.\\" walkthrough end/p' "$srcdir/man/vmmon.1" |
        sed '1d;$d' | grep -v '^\.' | sed 's/\\-/-/g; s/\\e/\\/g; s/^\\&//; s/\\(dq/"/g' >"$T/man.txt"
    [ -s "$T/man.txt" ] || { echo "no walkthrough in man/vmmon.1"; return 1; }
    diff "$T/man.txt" "$G/walkthrough.out"
}
check "vmmon.1's walkthrough is the tested session, line for line" t_man_walkthrough

t_quit_stops() {
    printf 'echo one\nquit\necho two\n' | "$VMMON" >"$T/out" 2>&1 &&
        [ "$(cat "$T/out")" = one ]
}
check "quit ends a script; the rest is not read" t_quit_stops

t_options() {
    "$VMMON" --help >"$T/out" 2>&1 && grep -q '^Usage: vmmon \[OPTIONS\] \[SCRIPT\]' "$T/out" &&
        "$VMMON" --version >"$T/out" 2>&1 && grep -q '^vmmon (vmachmon) ' "$T/out" &&
        grep -q '^line input: ' "$T/out" || return 1
    "$VMMON" --frobnicate >"$T/out" 2>&1
    [ $? -eq 2 ] && grep -q "^vmmon: unknown option '--frobnicate'" "$T/out" || return 1
    "$VMMON" "$T/none.vmmon" >"$T/out" 2>&1
    [ $? -eq 2 ] && grep -q "^vmmon: cannot open .*none.vmmon: No such file or directory$" "$T/out" ||
        return 1
    "$VMMON" a b >"$T/out" 2>&1
    [ $? -eq 2 ] && grep -q "^vmmon: one SCRIPT at most" "$T/out"
}
check "--help, --version, bad options and scripts: status 2" t_options

t_unreadable() {
    mkdir "$T/dir.vmmon"
    "$VMMON" "$T/dir.vmmon" >"$T/out" 2>"$T/err"
    [ $? -eq 2 ] || { echo "exit status not 2"; return 1; }
    [ ! -s "$T/out" ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
        grep -q "^vmmon: cannot read .*dir.vmmon: Is a directory$" "$T/err" || { cat "$T/err"; return 1; }
    "$VMMON" <"$T/dir.vmmon" >"$T/out" 2>"$T/err"
    [ $? -eq 2 ] && grep -q "^vmmon: cannot read stdin: Is a directory$" "$T/err" || return 1
    printf 'context create\nload %s\nload /dev/zero\n' "$T/dir.vmmon" | "$VMMON" >"$T/out" 2>"$T/err"
    [ $? -eq 1 ] && grep -q "^vmmon: stdin:2: .*dir.vmmon: is a directory, not a file$" "$T/err" &&
        grep -q "^vmmon: stdin:3: /dev/zero: not a regular file$" "$T/err"
}
check "a directory as SCRIPT (or stdin): status 2, one line; as a file to load: one error" \
    t_unreadable

# A NUL byte would end the line for C strings, so that 'poke ... 0x1\0 2'
# wrote one word: the line is refused whole, in one error line, and the
# session goes on.
t_nul_byte() {
    printf 'echo one\necho two\000 three\n\000\necho four\n' >"$T/nul.vmmon"
    "$VMMON" -x "$T/nul.vmmon" >"$T/out" 2>"$T/err"
    [ $? -eq 1 ] || { echo "exit status not 1"; return 1; }
    cat >"$T/want" <<'EOF2'
vmmon> echo one
one
vmmon> echo two^@ three
vmmon> ^@
vmmon> echo four
four
EOF2
    diff "$T/want" "$T/out" && [ "$(wc -l <"$T/err")" -eq 2 ] &&
        grep -q "nul.vmmon:2: a NUL byte at column 9: the line is not run$" "$T/err" &&
        grep -q "nul.vmmon:3: a NUL byte at column 1: the line is not run$" "$T/err" ||
        { cat "$T/err"; return 1; }
    printf 'context create\nmap 0x1000\npoke 0x1000 1\000 2\nx/2 0x1000\n' |
        "$VMMON" >"$T/out" 2>"$T/err"
    [ $? -eq 1 ] && grep -q "^vmmon: stdin:3: a NUL byte at column 14: the line is not run$" "$T/err" &&
        ! grep -q "^wrote" "$T/out" && [ "$(grep -c ': 00000000  ' "$T/out")" -eq 2 ] ||
        { cat "$T/out" "$T/err"; return 1; }
}
check "a NUL byte in a line: one error line, the line not run, the session goes on" t_nul_byte

# pages shows the protection the ELF loader gave each page: the union of
# the p_flags of the segments that touch it.
t_elf_pages() {
    {
        echo 7f454c46 01020100 00000000 00000000 # e_ident: ELF32, big-endian
        echo 0002 0014 00000001                  # ET_EXEC, EM_PPC, EV_CURRENT
        echo 00010000 00000034 00000000 00000000 # entry, phoff, shoff, flags
        echo 0034 0020 0003 0028 0000 0000       # ehsize, phentsize, 3 phdrs ...
        # PT_LOAD, offset, vaddr, paddr, filesz, memsz, flags, align
        echo 00000001 00000000 00010000 00010000 00000094 00000094 00000005 00001000 # R X
        echo 00000001 00000000 00020000 00020000 00000000 00001100 00000006 00001000 # R W
        echo 00000001 00000000 00021800 00021800 00000000 00000010 00000001 00001000 # X
    } | hex2bin >"$T/three.elf"
    printf 'context create\nload %s\npages\n' "$T/three.elf" | "$VMMON" >"$T/out" 2>&1 ||
        { cat "$T/out"; return 1; }
    cat >"$T/want" <<'EOF2'
  page        prot  dirty
  0x00010000  r-x   no
  0x00020000  rw-   no
  0x00021000  rwx   no
EOF2
    sed -n '/^  page /,$p' "$T/out" | diff "$T/want" -
}
check "pages shows an ELF file's page protections (r-x, rw-, a shared page's union)" t_elf_pages

# Output that cannot be written (/dev/full) is one line and status 2, for a
# script, a pipe, --help and --version; a session that prints nothing has
# lost nothing.
t_write_error() {
    cp "$G/walkthrough.vmmon" "$T/" || return 1
    for how in script pipe --help --version; do
        case $how in
        script) "$VMMON" "$T/walkthrough.vmmon" ;;
        pipe) "$VMMON" <"$T/walkthrough.vmmon" ;;
        *) "$VMMON" "$how" ;;
        esac >/dev/full 2>"$T/err"
        got=$?
        [ "$got" -eq 2 ] || { echo "$how >/dev/full: exit status $got, expected 2"; return 1; }
        [ "$(cat "$T/err")" = "vmmon: write error: No space left on device" ] ||
            { echo "$how:"; cat "$T/err"; return 1; }
    done
    printf '# nothing to say\nbudget lots\n' | "$VMMON" >/dev/full 2>"$T/err"
    [ $? -eq 1 ] && grep -q "^vmmon: stdin:2: bad number 'lots'$" "$T/err" &&
        [ "$(wc -l <"$T/err")" -eq 1 ] || { cat "$T/err"; return 1; }
}
if [ -w /dev/full ]; then
    check "output that cannot be written (/dev/full): status 2, one line" t_write_error
else
    echo "SKIP: output that cannot be written (no /dev/full)"
fi

# poke, x and dis stop at 4 GiB as vmmrun's loader does: guest addresses
# do not wrap around to 0, and a refused command writes or shows nothing.
t_no_wrap() {
    cat >"$T/wrap.vmmon" <<'EOF2'
context create
map 0xfffff000
map 0
poke 0xfffffffc 1 2
x/3 0xfffffff8
dis 0xfffffff0
x/2 0xfffffff8
x/1 0
EOF2
    "$VMMON" "$T/wrap.vmmon" >"$T/out" 2>"$T/err"
    [ $? -eq 1 ] || { echo "exit status not 1"; return 1; }
    cat >"$T/want" <<'EOF2'
vmmon: wrap.vmmon:4: 2 words at 0xfffffffc run past the end of the 4 GiB address space
vmmon: wrap.vmmon:5: 3 words at 0xfffffff8 run past the end of the 4 GiB address space
vmmon: wrap.vmmon:6: 8 words at 0xfffffff0 run past the end of the 4 GiB address space
EOF2
    sed 's/^vmmon: .*wrap.vmmon:/vmmon: wrap.vmmon:/' "$T/err" | diff "$T/want" - &&
        [ "$(grep -c ' 0x[0-9a-f]*: ' "$T/out")" -eq 3 ] &&
        grep -q '^    0xfffffffc: 00000000  ' "$T/out" &&
        grep -q '^=>  0x00000000: 00000000  ' "$T/out" || { cat "$T/out"; return 1; }
}
check "poke, x and dis refuse to run past 4 GiB: one line, nothing written" t_no_wrap

# set parses its words where they stand: a long value is the whole value,
# not one cut to a buffer's size (157 characters stored 0 once).
t_set_long() {
    v=$(awk 'BEGIN { s = ""; for (i = 0; i < 156; i++) s = s "0"; print s "5" }')
    long=$(awk 'BEGIN { s = ""; for (i = 0; i < 300; i++) s = s "1"; print s }')
    printf 'context create\nset r3 %s\nset r4=%s\nset r5 %s\nset r6=1 2\nregs r3 r4 r5\n' \
        "$v" "$v" "$long" >"$T/set.vmmon"
    "$VMMON" "$T/set.vmmon" >"$T/out" 2>"$T/err"
    [ $? -eq 1 ] || { echo "exit status not 1"; return 1; }
    grep -q '^r3     = 0x00000005 (5)$' "$T/out" && grep -q '^r4     = 0x00000005 (5)$' "$T/out" &&
        grep -q '^r5     = 0x00000000 (0)$' "$T/out" && [ "$(wc -l <"$T/err")" -eq 2 ] &&
        grep -q "set.vmmon:4: bad number '1111" "$T/err" &&
        grep -q "set.vmmon:5: usage: set REG VALUE$" "$T/err" || { cat "$T/out" "$T/err"; return 1; }
}
check "set takes a value of any length whole (or refuses it), never a cut one" t_set_long

# Every command with every kind of wrong argument: the monitor answers each
# line with output or one error line, and ends normally.
t_garbage() {
    awk 'BEGIN {
        n = split("help context map unmap protect pages dirty load poke x x/3 dis regs set " \
                  "step break delete run continue budget features expect echo ? ctx c s b d", cmds, " ")
        m = split("|x|0x|-1|99999999999|r1+|+|/|r1-|pc+4|mem[|mem[0x]=|return_params[9]=1|" \
                  "=|r3=|0x1000 0x1000 0x1000|1 2 3 4|select|destroy 40|\"\"", args, "|")
        print "context create"
        for (i = 1; i <= n; i++)
            for (j = 1; j <= m; j++)
                print cmds[i] " " args[j]
    }' >"$T/garbage.vmmon"
    "$VMMON" "$T/garbage.vmmon" >"$T/out" 2>"$T/err"
    status=$?
    [ "$status" -eq 1 ] || { echo "exit status $status"; return 1; }
    bad=$(grep -cv "^vmmon: .*garbage.vmmon:[0-9]*: " "$T/err")
    [ "$bad" -eq 0 ] || { echo "stray stderr lines:"; grep -v "^vmmon: .*garbage.vmmon:" "$T/err"; return 1; }
}
check "garbage arguments to every command: no crash, only one-line errors" t_garbage

# ---- a person at a terminal -------------------------------------------------------

if "$VMMON" --version | grep -q '^line input: GNU readline'; then
    cat >"$T/steps" <<'EOF2'
expect vmmon> 
# command completion: "he" + TAB -> "help"
send he\t\r
expect Commands ('help COMMAND' for more)
send ctx create\r
expect vmmon[1]> 
# register completion: "set vrs" + TAB -> "set vrsave"
send set vrs\t 5\r
expect vrsave = 0x00000005
send fea\t\r
expect MultAddrSpaceAssist
# history: up twice brings back "set vrsave 5"; edit it to 6 (backspace)
send \e[A\e[A\x7f6\r
expect vrsave = 0x00000006
send set r99 1\r
expect error: unknown register 'r99'
send regs vrsave\r
expect vrsave = 0x00000006 (6)
expect vmmon[1]> 
# Ctrl-C at the prompt drops the line being typed and prompts afresh, as
# shells do; the monitor lives and answers the next command (which would be
# an unknown register if 'regs vrs' had stayed in front of it)
send regs vrs
send \x03
expect ^C
expect vmmon[1]> 
send \x03
expect vmmon[1]> 
send regs r3\r
expect r3     = 0x00000000 (0)
expect vmmon[1]> 
# the history is there still: Up brings back 'regs r3'
send \e[A\r
expect r3     = 0x00000000 (0)
expect vmmon[1]> 
# Ctrl-D: one newline after the prompt (readline may write it itself)
send \x04
lines 1
EOF2
    PTY_NAME="a terminal session through readline: completion, history, editing"
else
    cat >"$T/steps" <<'EOF2'
expect vmmon> 
send help\r
expect Commands ('help COMMAND' for more)
send context create\r
expect vmmon[1]> 
send set r99 1\r
expect error: unknown register 'r99'
expect vmmon[1]> 
# Ctrl-D twice after some text runs it on a line of its own, and the
# session goes on
send quit now\x04\x04
expect quit now\r\nerror: usage: quit
expect vmmon[1]> 
send echo alive\r
expect alive
expect vmmon[1]> 
# Ctrl-C at the prompt drops the line (the terminal echoes ^C) and prompts
# afresh; the monitor answers the next command
send regs vrs
send \x03
expect ^C
expect vmmon[1]> 
send regs r3\r
expect r3     = 0x00000000 (0)
expect vmmon[1]> 
# Ctrl-D at the prompt: one newline
send \x04
lines 1
EOF2
    PTY_NAME="a terminal session with plain line input (no readline in this build)"
fi
t_pty() { "$PTY" "$T/steps" "$VMMON"; }
check "$PTY_NAME" t_pty

# Ctrl-C (the terminal's SIGINT) stops a guest spinning in "b ." with no
# budget, and the monitor goes on; the guest can be continued and stopped
# again, and the session ends normally.
cat >"$T/steps" <<'EOF2'
expect vmmon> 
send context create\r
expect vmmon[1]> 
send map 0x1000\r
expect vmmon[1]> 
send poke 0x1000 0x48000000\r
expect vmmon[1]> 
send set pc 0x1000\r
expect vmmon[1]> 
send budget 0\r
expect budget: no limit
send run\r
expect (running: Ctrl-C stops the guest)
send \x03
expect Interrupted (Ctrl-C) at 0x00001000
send continue\r
expect (running: Ctrl-C stops the guest)
send \x03
expect Interrupted (Ctrl-C) at 0x00001000
send regs pc\r
expect = 0x00001000 (4096)
# step N: Ctrl-C ends the series after the current step, and says so
send step 4000000000\r
expect 0x00001000: 48000000  b 0x1000
send \x03
expect Interrupted (Ctrl-C) at 0x00001000: 48000000  b 0x1000
expect of 4000000000 steps; 'step' goes on from here.
expect vmmon[1]> 
send regs pc\r
expect = 0x00001000 (4096)
send quit\r
EOF2
t_ctrl_c() { "$PTY" "$T/steps" "$VMMON"; }
check "Ctrl-C stops a runaway guest, or a long step, not the monitor" t_ctrl_c

# From a script, SIGINT during 'step N' ends the series the same way, and
# the script goes on.  (A background job of a script ignores SIGINT from
# the start: vmmon catches it while stepping all the same.)
t_step_sigint_script() {
    printf 'context create\nmap 0x1000\npoke 0x1000 0x48000000\nset pc 0x1000\n%s\n%s\n' \
        'step 4000000000' 'echo after the steps' >"$T/spin.vmmon"
    "$VMMON" "$T/spin.vmmon" >"$T/out" 2>"$T/err" &
    pid=$!
    tries=0
    until grep -q 'b 0x1000' "$T/out" 2>/dev/null; do
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || { kill "$pid"; echo "no steps after 10 s"; return 1; }
        sleep 0.1
    done
    # a watchdog: a vmmon that does not stop stepping is killed in 10 s
    (sleep 10 && kill -KILL "$pid" 2>/dev/null) &
    watchdog=$!
    kill -INT "$pid"
    wait "$pid"
    got=$?
    kill "$watchdog" 2>/dev/null
    [ "$got" -eq 0 ] || { echo "exit status $got (137: still stepping 10 s after SIGINT)"; return 1; }
    grep -q "^Interrupted (Ctrl-C) at 0x00001000: 48000000  b 0x1000$" "$T/out" &&
        grep -q "^  after [0-9]* of 4000000000 steps; 'step' goes on from here.$" "$T/out" &&
        [ "$(tail -1 "$T/out")" = "after the steps" ] && [ ! -s "$T/err" ] ||
        { tail -3 "$T/out"; cat "$T/err"; return 1; }
}
check "SIGINT during a script's 'step N' ends the steps, not the script" t_step_sigint_script

finish test_vmmon
