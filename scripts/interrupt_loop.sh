#!/usr/bin/env bash
# Interrupts `grausim run CONFIG --json out.json --csv out.csv` at random moments and checks what it leaves:
# never a temporary file, and out.json/out.csv either exactly as they were or exactly the complete report of an
# uninterrupted run (a run may finish its write just before the signal lands). A run that exits 0 must have
# written the complete report; one that was interrupted must exit 128 + the signal.
#
#   scripts/interrupt_loop.sh [-n ITERATIONS] [-s SEED] [-c CONFIG] [GRAUSIM]
#
# Defaults: 10 iterations, seed 1, configs/yolo-tiny.json, .build/release/grausim. The moments are drawn from the
# seed: half uniformly over the run's measured duration, half within 0.3 s of its end (where the outputs are
# written); signals rotate through SIGINT, SIGTERM and SIGHUP. Prints one line per try and a summary; exits 1 on
# the first violation.
set -euo pipefail
cd "$(dirname "$0")/.."
iterations=10
seed=1
config=configs/yolo-tiny.json
while getopts "n:s:c:" opt; do
  case $opt in
    n) iterations=$OPTARG ;;
    s) seed=$OPTARG ;;
    c) config=$OPTARG ;;
    *) echo "usage: $0 [-n ITERATIONS] [-s SEED] [-c CONFIG] [GRAUSIM]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
grausim=${1:-.build/release/grausim}
[ -x "$grausim" ] || { echo "interrupt_loop: $grausim is not an executable (swift build -c release)" >&2; exit 1; }
grausim=$(cd "$(dirname "$grausim")" && pwd)/$(basename "$grausim")
config=$(cd "$(dirname "$config")" && pwd)/$(basename "$config")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# Job control: background jobs get the default SIGINT (a non-interactive shell would start them with it ignored).
set -m

fail() { echo "interrupt_loop: FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }

start=$(now)
"$grausim" run "$config" --json ref.json --csv ref.csv --quiet >/dev/null
duration=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
echo "reference run: ${duration} s"

RANDOM=$seed
signals=(INT TERM HUP)
codes=(130 143 129)
unchanged=0
completed=0
for ((i = 0; i < iterations; i++)); do
  printf 'previous report %d\n' "$i" >out.json
  printf 'previous table %d\n' "$i" >out.csv
  cp out.json old.json
  cp out.csv old.csv
  if ((i % 2 == 0)); then
    delay=$(awk -v d="$duration" -v r=$((RANDOM % 1000)) 'BEGIN { printf "%.3f", d * r / 1000 }')
  else
    delay=$(awk -v d="$duration" -v r=$((RANDOM % 1000)) 'BEGIN { t = d - 0.3 + 0.35 * r / 1000; printf "%.3f", t < 0 ? 0 : t }')
  fi
  k=$((i % 3))
  "$grausim" run "$config" --json out.json --csv out.csv --quiet >/dev/null 2>err.txt &
  pid=$!
  sleep "$delay"
  kill -s "${signals[k]}" "$pid" 2>/dev/null || true
  status=0
  wait "$pid" || status=$?
  left=$(find . -name '.*tmp-*' | head -5)
  [ -z "$left" ] || fail "try $i (SIG${signals[k]} after ${delay} s): temporary files left: $left"
  if cmp -s out.json old.json && cmp -s out.csv old.csv; then
    state=unchanged
    unchanged=$((unchanged + 1))
    [ "$status" -eq "${codes[k]}" ] || fail "try $i: outputs unchanged but exit $status (expected ${codes[k]}): $(cat err.txt)"
  elif cmp -s out.json ref.json && cmp -s out.csv ref.csv; then
    state=complete
    completed=$((completed + 1))
    [ "$status" -eq 0 ] || [ "$status" -eq "${codes[k]}" ] || fail "try $i: exit $status: $(cat err.txt)"
  else
    fail "try $i (SIG${signals[k]} after ${delay} s, exit $status): out.json/out.csv are neither the previous files nor the complete report"
  fi
  printf 'try %2d: SIG%-4s after %6s s: exit %3d, outputs %s\n' "$i" "${signals[k]}" "$delay" "$status" "$state"
done
echo "ok: $iterations interrupted runs: $unchanged left the previous outputs, $completed had written the complete report; no temporary file"
