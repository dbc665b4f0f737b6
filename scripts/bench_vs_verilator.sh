#!/usr/bin/env bash
# grausim against Verilator (and Icarus Verilog for scale) on the same design and the same stimulus.
#
# Cases: grau_l1 (GRAU, K = 6, default architecture, 1 lane), mt_l1 (8-bit pipelined MT, 255 stages, 1 lane),
# mt_bs_l1 (8-bit binary-search MT, 1 lane), grau_l16 (GRAU, 16 lanes). One layer of one channel, GELU, signed 8-bit
# output, fed by one deterministic xorshift32 stream of 16-bit MAC values written as a .npy trace (the layer's
# `trace`). Per case:
#   grausim:   `grausim-bench replay CONFIG --unit U` prepares the config as `grausim run` does and times
#              UnitSimulator.simulate(job) (fast path, reference check, toggle counting);
#   Verilator: `grausim rtl CONFIG --units U` exports the unit and its vectors; scripts/bench/verilator_main.cpp
#              drives the unit module as tb_<unit>.v does and times the clocked loop (verilator -O3, C++ -O3, one
#              thread); a --trace build dumps every signal to a VCD for the traced block.
# Both fold every output code into the 64-bit digest of Sources/GRAUSim/Models/LayerJob.swift (OutputDigest) and
# count cycles as grausim's cycles.total; the script fails (exit 1) when digests or cycles differ, also against the
# digest of the exported golden output (<unit>_expected.txt).
#
# Usage: scripts/bench_vs_verilator.sh [-n PAIRS] [--quick] [--keep DIR] [--bin DIR]
#   -n PAIRS    paired runs per case and block (default 5); each run is one process: a warm-up, then one timed run
#   --quick     20 000 elements, 1 pair, traced 5 000 cycles, no Icarus (CI: checks the digests in < 3 minutes)
#   --keep DIR  work in DIR and keep it (exports, builds, configs); default: a temporary directory, removed
#   --bin DIR   use grausim and grausim-bench from DIR instead of building them (swift build -c release)
# Needs verilator (5.x), iverilog/vvp, python3 with numpy, make and a C++ compiler; uses ccache when on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

die() { printf 'bench_vs_verilator: error: %s\n' "$*" >&2; exit 1; }
log() { printf '== %s\n' "$*" >&2; }

pairs=5
quick=0
keep=""
bindir=""
while [ $# -gt 0 ]; do
  case "$1" in
    -n) [ $# -ge 2 ] || die "-n needs a value"; pairs=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --keep) [ $# -ge 2 ] || die "--keep needs a directory"; keep=$2; shift 2 ;;
    --bin) [ $# -ge 2 ] || die "--bin needs a directory"; bindir=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ "$pairs" =~ ^[1-9][0-9]*$ ]] || die "-n: expected a positive integer, got '$pairs'"

elements=1000000
vcd_cycles=100000
icarus_beats=20000
if [ "$quick" = 1 ]; then
  elements=20000
  pairs=1
  vcd_cycles=5000
  icarus_beats=0
fi

# Tools: fail loudly, naming the package.
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found on PATH (install: apt-get install $2)"; }
need verilator verilator
need iverilog iverilog
need vvp iverilog
need python3 python3
need make make
need g++ g++
python3 -c 'import numpy' 2>/dev/null || die "python3 cannot import numpy (install: apt-get install python3-numpy)"
if command -v ccache >/dev/null 2>&1; then export OBJCACHE=ccache; fi

if [ -z "$bindir" ]; then
  command -v swift >/dev/null || { [ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"; }
  need swift "the Swift toolchain"
  log "swift build -c release (grausim, grausim-bench)"
  swift build -c release --product grausim >&2
  swift build -c release --product grausim-bench >&2
  bindir=$(swift build -c release --show-bin-path)
fi
grausim="$bindir/grausim"
bench="$bindir/grausim-bench"
[ -x "$grausim" ] && [ -x "$bench" ] || die "no grausim and grausim-bench in $bindir"
harness="$repo/scripts/bench/verilator_main.cpp"

if [ -n "$keep" ]; then
  mkdir -p "$keep"
  work=$(cd "$keep" && pwd)
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/bench-vs-verilator.XXXXXX")
  trap 'rm -rf "$work" "${vcd_dir:-}"' EXIT
fi
# Both sides write their traced VCD to tmpfs when there is one, so the disk (and grausim's fsync, which
# `grausim run --vcd` does for a durable file) is not what the traced figures measure.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  vcd_dir=$(mktemp -d /dev/shm/bench-vs-verilator-vcd.XXXXXX)
  [ -n "$keep" ] && trap 'rm -rf "$vcd_dir"' EXIT
else
  vcd_dir="$work"
fi
start_all=$(date +%s.%N)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

cases=(grau_l1 mt_l1 mt_bs_l1 grau_l16)
declare -A unit=([grau_l1]=grau [mt_l1]=mt [mt_bs_l1]=mt_bs [grau_l16]=grau)
declare -A lanes=([grau_l1]=1 [mt_l1]=1 [mt_bs_l1]=1 [grau_l16]=16)

# The stimulus and one config per case (only accelerator.lanes and accelerator.units differ).
log "stimulus: $elements elements, xorshift32, 16-bit MAC values -> $work/stream.npy"
python3 - "$work" "$elements" <<'PY'
import json, sys
import numpy as np
work, n = sys.argv[1], int(sys.argv[2])
in_bits = 16
# xorshift32 (Marsaglia 13/17/5), seed 0x2545F491; the top in_bits bits of each state, as a signed value.
s = 0x2545F491
values = np.empty(n, dtype="<i4")
for i in range(n):
    s ^= (s << 13) & 0xFFFFFFFF
    s ^= s >> 17
    s ^= (s << 5) & 0xFFFFFFFF
    values[i] = (s >> (32 - in_bits)) - (1 << (in_bits - 1))
# Shape (1, H, W) with H, W <= 2^16 (docs/config.md).
w = next(w for w in range(min(n, 65536), 0, -1) if n % w == 0 and n // w <= 65536)
np.save(f"{work}/stream.npy", values.reshape(1, n // w, w))
for case, unit, lanes in [("grau_l1", "grau", 1), ("mt_l1", "mt", 1), ("mt_bs_l1", "mt_bs", 1), ("grau_l16", "grau", 16)]:
    config = {
        "description": f"scripts/bench_vs_verilator.sh: {case}",
        "accelerator": {"lanes": lanes, "in_bits": in_bits, "units": [unit], "grau": {"segments": 6}},
        "network": {"name": "bench", "layers": [{
            "name": "act", "channels": 1, "height": n // w, "width": w, "activation": "gelu", "out_bits": 8,
            "signed": True, "out_scale": 0.0625, "trace": "stream.npy"}]},
        "stimulus": {"seed": 1, "kind": "trace", "trace_dir": "."},
    }
    with open(f"{work}/{case}.json", "w") as f:
        json.dump(config, f, indent=2)
PY

# The digest of a golden output file (<unit>_expected.txt: `<edge> <lane> <value>` in stream order).
golden_digest() {
  python3 - "$1" <<'PY'
import sys
h = 0xCBF29CE484222325
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) == 3:
        h = ((h ^ (int(f[2]) & 0xFFFFFFFFFFFFFFFF)) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
print(f"0x{h:016x}")
PY
}

# Export and build every case (two Verilator builds at a time: the -O3 one and the --trace one).
vflags=(--cc --exe --build -O3 --x-assign fast --x-initial fast --threads 1 --prefix Vunit -Wno-fatal
  -MAKEFLAGS "OPT_FAST=-O3 OPT_GLOBAL=-O3 OPT_SLOW=-O3")
declare -A golden
for c in "${cases[@]}"; do
  u=${unit[$c]}
  log "$c: grausim rtl --units $u --max-elements $elements; verilator builds"
  "$grausim" rtl "$work/$c.json" --out "$work/rtl_$c" --units "$u" --max-elements "$elements" >/dev/null \
    || die "$c: grausim rtl failed"
  dir="$work/rtl_$c/$u"
  t0=$(date +%s.%N)
  (verilator "${vflags[@]}" --top-module "$u" -Mdir "$work/vl_${c}_fast" -o bench "$dir/$u.v" "$harness" \
    >"$work/vl_${c}_fast.log" 2>&1) &
  fast_pid=$!
  (verilator "${vflags[@]}" --trace -CFLAGS -DBENCH_TRACE --top-module "$u" -Mdir "$work/vl_${c}_trace" -o bench \
    "$dir/$u.v" "$harness" >"$work/vl_${c}_trace.log" 2>&1) &
  trace_pid=$!
  wait "$fast_pid" || { tail -20 "$work/vl_${c}_fast.log" >&2; die "$c: the verilator -O3 build failed"; }
  wait "$trace_pid" || { tail -20 "$work/vl_${c}_trace.log" >&2; die "$c: the verilator --trace build failed"; }
  log "$c: built in $(python3 -c "print(f'{$(date +%s.%N) - $t0:.1f}')") s"
  golden[$c]=$(golden_digest "$dir/${u}_expected.txt")
done

# key=value from a line of grausim-bench replay or verilator_main.
kv() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }
results="$work/results.tsv"
: >"$results"

run_grausim() { # case mode -> the replay's result line
  local c=$1 mode=$2 out
  if [ "$mode" = untraced ]; then
    out=$("$bench" replay "$work/$c.json" --unit "${unit[$c]}" --samples 1) || die "$c: grausim-bench replay failed"
  else
    out=$("$bench" replay "$work/$c.json" --unit "${unit[$c]}" --samples 1 --vcd "$vcd_dir/grausim.vcd" \
      --vcd-cycles "$vcd_cycles" --traced-only) || die "$c: grausim-bench replay --vcd failed"
  fi
  grep "^$mode " <<<"$out" || die "$c: no '$mode' line from grausim-bench replay"
}
run_verilator() { # case mode elements -> the harness's result line
  local c=$1 mode=$2 n=$3 out
  local u=${unit[$c]}
  if [ "$mode" = untraced ]; then
    out=$("$work/vl_${c}_fast/bench" "$work/rtl_$c/$u" "$u" --elements "$n") || die "$c: the Verilator run failed"
  else
    out=$("$work/vl_${c}_trace/bench" "$work/rtl_$c/$u" "$u" --elements "$n" --vcd "$vcd_dir/verilator.vcd") \
      || die "$c: the traced Verilator run failed"
  fi
  grep '^result ' <<<"$out" || die "$c: no result line from the Verilator harness"
}

for mode in untraced traced; do
  for c in "${cases[@]}"; do
    log "$c: $pairs $mode pairs"
    for ((p = 1; p <= pairs; p++)); do
      # Alternate which side goes first, pair by pair.
      if ((p % 2 == 1)); then
        g=$(run_grausim "$c" "$mode")
        n=$(kv "$g" elements)
        v=$(run_verilator "$c" "$mode" "$n")
      else
        # The element count of pair 1's grausim run (traced: the stream cut to about vcd_cycles cycles).
        v=$(run_verilator "$c" "$mode" "$n")
        g=$(run_grausim "$c" "$mode")
      fi
      gb=0
      vb=0
      if [ "$mode" = traced ]; then
        gb=$(kv "$g" vcd_bytes)
        vb=$(stat -c %s "$vcd_dir/verilator.vcd")
        rm -f "$vcd_dir/grausim.vcd" "$vcd_dir/verilator.vcd"
      fi
      gc=$(kv "$g" cycles) vc=$(kv "$v" cycles) gd=$(kv "$g" digest) vd=$(kv "$v" digest)
      [ "$gc" = "$vc" ] || die "$c ($mode, pair $p): cycles differ: grausim $gc, Verilator $vc"
      [ "$gd" = "$vd" ] || die "$c ($mode, pair $p): output digests differ: grausim $gd, Verilator $vd"
      [ "$(kv "$g" elements)" = "$(kv "$v" elements)" ] || die "$c ($mode): element counts differ"
      if [ "$mode" = untraced ] && [ "$gd" != "${golden[$c]}" ]; then
        die "$c: digest $gd differs from the exported golden output's ${golden[$c]}"
      fi
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$c" "$p" "$(kv "$g" cycles_per_s)" \
        "$(kv "$v" cycles_per_s)" "$gc" "$gd" "$gb" "$vb" >>"$results"
    done
  done
done

# Icarus Verilog: the exported testbench itself (tb_<unit>.v) on the first icarus_beats beats, one run each.
icarus="$work/icarus.tsv"
: >"$icarus"
if [ "$icarus_beats" -gt 0 ]; then
  for c in "${cases[@]}"; do
    u=${unit[$c]}
    n=$((icarus_beats * ${lanes[$c]}))
    log "$c: Icarus Verilog, $n elements"
    "$grausim" rtl "$work/$c.json" --out "$work/ic_$c" --units "$u" --max-elements "$n" >/dev/null \
      || die "$c: grausim rtl (Icarus) failed"
    (
      cd "$work/ic_$c/$u"
      iverilog -g2005 -o tb.vvp -s "tb_$u" "$u.v" "tb_$u.v" || exit 1
      t0=$(date +%s.%N)
      vvp -n tb.vvp >/dev/null || exit 1
      t1=$(date +%s.%N)
      cmp -s "$u.out" "${u}_expected.txt" || { echo "differs" >&2; exit 2; }
      last=$(tail -1 "$u.out" | cut -d' ' -f1)
      printf '%s\t%s\t%s\t%s\n' "$c" "$n" "$last" "$(python3 -c "print($t1 - $t0)")" >>"$icarus"
    ) || die "$c: the Icarus run failed or its output differs from ${u}_expected.txt"
  done
fi

# End-to-end process wall time, for context: `grausim run` of the case's config, and the Verilator binary
# (loading the vectors, then one run without a warm-up).
e2e="$work/e2e.tsv"
: >"$e2e"
e2e_runs=$((pairs < 3 ? pairs : 3))
now() { date +%s.%N; }
for c in "${cases[@]}"; do
  u=${unit[$c]}
  log "$c: end-to-end wall time, $e2e_runs runs each"
  for ((p = 1; p <= e2e_runs; p++)); do
    t0=$(now)
    "$grausim" run "$work/$c.json" --threads 1 --quiet || die "$c: grausim run failed"
    t1=$(now)
    "$work/vl_${c}_fast/bench" "$work/rtl_$c/$u" "$u" --warmup 0 >/dev/null || die "$c: the Verilator run failed"
    t2=$(now)
    printf '%s\t%s\t%s\n' "$c" "$(python3 -c "print($t1 - $t0)")" "$(python3 -c "print($t2 - $t1)")" >>"$e2e"
  done
done
total=$(python3 -c "print(f'{$(now) - $start_all:.0f}')")
load="load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end ($(nproc) cores)"

python3 - "$results" "$icarus" "$e2e" "$pairs" "$elements" "$vcd_cycles" "$icarus_beats" "$total" "$load" <<'PY'
import statistics, sys
results, icarus, e2e = sys.argv[1:4]
pairs, elements, vcd_cycles, icarus_beats, total = map(int, sys.argv[4:9])
load = sys.argv[9]
cases = ["grau_l1", "mt_l1", "mt_bs_l1", "grau_l16"]
rows = [l.rstrip("\n").split("\t") for l in open(results) if l.strip()]

def block(mode, title):
    print(title)
    print("CASE grausim_cps verilator_cps ratio")
    spreads = []
    for c in cases:
        r = [x for x in rows if x[0] == mode and x[1] == c]
        g = [float(x[3]) for x in r]
        v = [float(x[4]) for x in r]
        ratios = [a / b for a, b in zip(g, v)]
        print(f"{c} {statistics.median(g):.0f} {statistics.median(v):.0f} {statistics.median(ratios):.2f}")
        spreads.append((c, min(ratios), max(ratios), r[0][5], r[0][6], r[0][7], r[0][8]))
    print("spread (min-max of the ratio over the pairs):")
    for c, lo, hi, *_ in spreads:
        print(f"  {c} {lo:.2f}-{hi:.2f}")
    return spreads

print(f"stimulus: {elements} elements (xorshift32, seed 0x2545f491, 16-bit MAC values), 1 channel, GELU, s8; "
      f"{pairs} paired run{'s' if pairs != 1 else ''} per case (each run: one process, one warm-up, one timed run); ratio = median of the "
      f"pairs' grausim/Verilator ratios")
print()
block("untraced", "untraced: grausim UnitSimulator.simulate (fast path) vs Verilator -O3, cycles per second")
for c in cases:
    r = next(x for x in rows if x[0] == "untraced" and x[1] == c)
    print(f"  {c}: cycles {r[5]}, digest {r[6]} (equal on both sides and to the golden output)")
print()
sp = block("traced", f"traced: VCD of every signal, first {vcd_cycles} cycles (or the whole layer if shorter), "
           "cycles per second")
for c, _, _, cycles, digest, gb, vb in sp:
    print(f"  {c}: cycles {cycles}, digest {digest}, VCD bytes grausim {int(gb)}, Verilator {int(vb)}")
print()
ic = [l.rstrip("\n").split("\t") for l in open(icarus) if l.strip()]
if ic:
    print(f"Icarus Verilog (vvp of the exported tb_<unit>.v, first {icarus_beats} beats = {icarus_beats} x lanes "
          "elements, one run; wall time incl. start-up, $readmemh and writing the output):")
    print("CASE icarus_cps elements cycles seconds")
    for c, n, last, s in ic:
        print(f"{c} {int(last) / float(s):.0f} {n} {last} {float(s):.2f}")
    print()
rows_e = [l.rstrip("\n").split("\t") for l in open(e2e) if l.strip()]
runs = len([x for x in rows_e if x[0] == cases[0]])
print(f"end-to-end process wall time, s (median of {runs}; not in the ratio): grausim run CONFIG --threads 1 --quiet, "
      "Verilator binary incl. loading the vectors")
print("CASE grausim_run_s verilator_s")
for c in cases:
    r = [x for x in rows_e if x[0] == c]
    print(f"{c} {statistics.median(float(x[1]) for x in r):.2f} {statistics.median(float(x[2]) for x in r):.2f}")
print()
print(f"ok: digests and cycles agree in every run; total {total} s; {load}")
PY
