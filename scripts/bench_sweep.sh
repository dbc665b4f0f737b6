#!/usr/bin/env bash
# The sweep-reuse benchmark of docs/sweeps.md: wall time of one `grausim run` against a sweep over K, in paired
# runs (run, then sweep, N times), with the medians and their ratio:
#
#   scripts/bench_sweep.sh [-c CONFIG] [-k 2...16] [-n PAIRS] [-j JOBS] [GRAUSIM]
#
# Defaults: configs/yolo-tiny.json, K = 2...16 (15 points), 3 pairs, --jobs 1, .build/release/grausim. It also
# checks that the sweep's rows equal separate runs' TOTAL rows at the first, middle and last K (the sweep CSV and
# the run CSV share their columns), so a fast sweep cannot be a wrong one. Prints one line per pair and then
#   median run S s, median sweep S s, ratio R (P points)
set -euo pipefail
cd "$(dirname "$0")/.."
config=configs/yolo-tiny.json
range=2...16
pairs=3
jobs=1
while getopts "c:k:n:j:" opt; do
  case $opt in
    c) config=$OPTARG ;;
    k) range=$OPTARG ;;
    n) pairs=$OPTARG ;;
    j) jobs=$OPTARG ;;
    *) echo "usage: $0 [-c CONFIG] [-k 2...16] [-n PAIRS] [-j JOBS] [GRAUSIM]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
grausim=${1:-.build/release/grausim}
[ -x "$grausim" ] || { echo "bench_sweep: $grausim is not an executable (swift build -c release)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seconds() { python3 -c 'import sys, time; print(f"{time.time():.3f}")'; }
runs=()
sweeps=()
for i in $(seq 1 "$pairs"); do
  t0=$(seconds)
  "$grausim" run "$config" --quiet --csv "$work/run.csv"
  t1=$(seconds)
  "$grausim" sweep "$config" --vary accelerator.grau.segments="$range" --jobs "$jobs" --quiet --csv "$work/sweep.csv"
  t2=$(seconds)
  r=$(python3 -c "print(f'{$t1 - $t0:.2f}')")
  s=$(python3 -c "print(f'{$t2 - $t1:.2f}')")
  runs+=("$r")
  sweeps+=("$s")
  echo "pair $i: run $r s, sweep $s s" >&2
done
# The sweep's rows against separate runs at three of its K.
python3 - "$grausim" "$config" "$range" "$work" <<'PY'
import csv, subprocess, sys
grausim, config, span, work = sys.argv[1:]
lo, hi = (int(v) for v in span.split("..."))
sweep = list(csv.reader(open(f"{work}/sweep.csv")))
for k in sorted({lo, (lo + hi) // 2, hi}):
    out = f"{work}/k{k}.csv"
    subprocess.run([grausim, "run", config, "--set", f"accelerator.grau.segments={k}", "--quiet", "--csv", out],
                   check=True)
    run = list(csv.reader(open(out)))
    totals = [[str(k), r[1]] + r[6:] for r in run[1:] if r[0] == "TOTAL"]
    rows = [r[:-1] for r in sweep[1:] if r[0] == str(k)]
    assert rows == totals, f"K={k}: the sweep's rows differ from a separate run's TOTAL rows"
print(f"ok: the sweep's rows equal separate runs at K = {sorted({lo, (lo + hi) // 2, hi})}", file=sys.stderr)
PY
points=$(($(tail -n +2 "$work/sweep.csv" | cut -d, -f1 | sort -u | wc -l)))
python3 - "$points" "${runs[*]}" "${sweeps[*]}" <<'PY'
import statistics, sys
points, runs, sweeps = int(sys.argv[1]), [float(v) for v in sys.argv[2].split()], [float(v) for v in sys.argv[3].split()]
r, s = statistics.median(runs), statistics.median(sweeps)
print(f"median run {r:.2f} s, median sweep {s:.2f} s, ratio {s / r:.2f} ({points} points; "
      f"run {min(runs):.2f}-{max(runs):.2f} s, sweep {min(sweeps):.2f}-{max(sweeps):.2f} s)")
PY
