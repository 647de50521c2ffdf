#!/bin/sh
# bench/callgrind.sh - the benchmark's key comparisons as host instruction
# counts from callgrind: repeatable to the instruction, where vmmbench's
# times move with whatever else the machine runs.
#
#     bench/callgrind.sh [SCALE]     from the build directory (default 0.01)
#
# vmmbench runs once under callgrind; every region it times is bracketed
# by bench_cg_start/bench_cg_stop, which zero the counters and dump them as
# a part named after the region, so each part holds exactly one measured
# run or batch.  The smallest part of a name is taken (later repetitions
# find their code already translated).  qemu-ppc runs each kernel at two
# sizes; the difference over the extra guest instructions is its marginal
# cost (callgrind counts user-space instructions only: getpid's time in
# the host kernel is not in it).  Prints Markdown tables.
set -eu

scale=${1:-0.01}
build=$(pwd)
[ -x "$build/bench/vmmbench" ] || { echo "callgrind.sh: run from the build directory after make bench/vmmbench" >&2; exit 2; }
tmp=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "callgrind.sh: keeping $tmp" >&2 || trap 'rm -rf "$tmp"' EXIT INT TERM
vg="valgrind --tool=callgrind --smc-check=all-non-file"

VMMBENCH_MARKS=1 "$build/libtool" --mode=execute $vg --callgrind-out-file="$tmp/cg" \
    "$build/bench/vmmbench" --scale "$scale" --reps 2 --no-qemu >"$tmp/log" 2>&1 ||
    { cat "$tmp/log" >&2; exit 1; }
for f in "$tmp"/cg.*; do
    label=$(sed -n 's/^desc: Trigger: Client Request: //p' "$f")
    [ -n "$label" ] && echo "$label $(sed -n 's/^totals: //p' "$f")"
done >"$tmp/parts"

# qemu-ppc: kernel, n, r7 -> host instructions
qemu=${QEMU_PPC:-$(command -v qemu-ppc || true)}
elf="$build/bench/ppc-kernels"
qemu_ir() {
    $vg --callgrind-out-file="$tmp/q" "$qemu" -cpu 7400 "$elf" "$1" "$2" "$3" 1 1 >/dev/null 2>&1 &&
        sed -n 's/^totals: //p' "$tmp/q"
}
"$build/bench/vmmbench" --list >"$tmp/kernels"
: >"$tmp/qemu"
if [ -n "$qemu" ] && [ -x "$elf" ]; then
    while read -r name per fixed n; do
        n1=$(awk -v n="$n" -v s="$scale" 'BEGIN { v = int(n * s); print v < 1 ? 1 : v }')
        for r7 in 20 999; do
            [ "$r7" = 999 ] && [ "$name" != call ] && continue
            a=$(qemu_ir "$name" "$n1" "$r7") && b=$(qemu_ir "$name" $((2 * n1)) "$r7") &&
                echo "$name $r7 $per $n1 $a $b" >>"$tmp/qemu"
        done
    done <"$tmp/kernels"
fi

awk -v scale="$scale" '
FNR == 1 { file++ }
file == 1 {                       # parts: label words..., total last
    total = $NF; key = ""
    for (i = 1; i < NF; i++) {
        if ($i ~ /^insns=/) { split($i, kv, "="); insns[$1, $2, $3] = kv[2]; continue }
        if ($i ~ /^exits=/) { split($i, kv, "="); exits[$1, $2, $3] = kv[2]; continue }
        if ($i ~ /^ops=/)   { split($i, kv, "="); ops[$1, $2, $3] = kv[2]; continue }
    }
    k = $1 SUBSEP $2 SUBSEP $3
    if (!(k in best) || total < best[k]) best[k] = total
    if ($1 == "ctx") { n[$2]++; sum[$2] += total }
    next
}
file == 2 {                       # qemu: name r7 per n1 Ir(n1) Ir(2 n1)
    q[$1, $2] = ($6 - $5) / ($3 * $4); qx[$1, $2] = ($6 - $5) / $4; next
}
function per_insn(k, w) { return ("compute" SUBSEP k SUBSEP w) in best ? best["compute", k, w] / insns["compute", k, w] : -1 }
function per_exit(k, w) { return ("compute" SUBSEP k SUBSEP w) in best ? best["compute", k, w] / exits["compute", k, w] : -1 }
function cell(v, d) { return v < 0 ? " -" : sprintf(" %.*f", d, v) }
function ratio(a, b) { return (a < 0 || b < 0) ? " -" : sprintf(" %.2f", a / b) }
function table(title, head, cols,   s, i) {
    s = "|---"; for (i = 1; i < cols; i++) s = s "|---:"
    printf "\n%s\n\n%s\n%s|\n", title, head, s
}
function mem(np, op,   key) { key = "mem" SUBSEP np SUBSEP op; return (key in best) ? best[key] / ops[key] : -1 }
END {
    printf "## Host instructions (callgrind, scale %s): deterministic\n", scale
    table("Host instructions per guest instruction (lower is faster); ratios as speed, library / other.",
          "| kernel | library | raw | raw + block hook | qemu-ppc | lib/raw | lib/(raw+hook) | lib/qemu |", 8)
    split("loop fact store load", ks, " ")
    for (i = 1; i <= 4; i++) {
        k = ks[i]; l = per_insn(k, "lib"); r = per_insn(k, "raw"); h = per_insn(k, "rawbh")
        qq = ((k SUBSEP 20) in q) ? q[k, 20] : -1
        printf "| %s |%s |%s |%s |%s |%s |%s |%s |\n", k, cell(l, 2), cell(r, 2), cell(h, 2), cell(qq, 2),
            ratio(r, l), ratio(h, l), ratio(qq, l)
    }
    table("Host instructions per exit round trip (call kernel: 4 guest instructions and one sc each).",
          "| round trip | host instructions | / raw |", 3)
    r = per_exit("call", "raw")
    split("lib raw rawbh rawregs", ws, " ")
    split("library: sc -> host -> kVmmExecuteVM|raw Unicorn: sc -> uc_emu_stop -> uc_emu_start|raw + empty block hook|raw + 38 registers through the API", wn, "|")
    for (i = 1; i <= 4; i++) { v = per_exit("call", ws[i]); printf "| %s |%s |%s |\n", wn[i], cell(v, 0), ratio(v, r) }
    if (("call" SUBSEP 20) in qx) printf "| qemu-ppc: sc -> getpid -> guest (user space only) |%s |%s |\n", cell(qx["call", 20], 0), ratio(qx["call", 20], r)
    if (("call" SUBSEP 999) in qx) printf "| qemu-ppc: sc -> unknown syscall (ENOSYS) -> guest |%s |%s |\n", cell(qx["call", 999], 0), ratio(qx["call", 999], r)
    table("Host instructions per memory operation (batches of 1024).",
          "| operation | 1k pages mapped | 16k | 64k | 64k/1k |", 5)
    split("map_bulk map unmap protect dirty get_mapping map_list unmap_list", os, " ")
    for (i = 1; i <= 8; i++) {
        m1 = mem(1024, os[i]); m2 = mem(16384, os[i]); m3 = mem(65536, os[i])
        printf "| %s |%s |%s |%s |%s |\n", os[i], cell(m1, 0), cell(m2, 0), cell(m3, 0), ratio(m3, m1)
    }
    table("Host instructions per context operation (mean over the runs).",
          "| operation | host instructions |", 2)
    split("init teardown first_run teardown_run", cs, " ")
    for (i = 1; i <= 4; i++) if (n[cs[i]]) printf "| %s | %.0f |\n", cs[i], sum[cs[i]] / n[cs[i]]
}' "$tmp/parts" "$tmp/qemu"
