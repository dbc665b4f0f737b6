#!/usr/bin/env bash
# A segment-count sweep as a user scripts it: one `grausim run --set ... --csv` per K, the per-layer CSVs joined
# into one table with the K in front.
#
#   scripts/sweep_segments.sh [-c CONFIG] [-k "4 6 8"] [-n MAX_ELEMENTS] [-o OUT.csv] [GRAUSIM]
#
# Defaults: configs/yolo-tiny.json, K = 4 6 8 10, every element, sweep_segments.csv, .build/release/grausim.
# The same numbers come from `grausim sweep CONFIG --vary accelerator.grau.segments=...` (network totals, with the
# work shared between points); this script shows the per-layer rows a run's CSV has.
set -euo pipefail
cd "$(dirname "$0")/.."
config=configs/yolo-tiny.json
segments="4 6 8 10"
limit=()
out=sweep_segments.csv
while getopts "c:k:n:o:" opt; do
  case $opt in
    c) config=$OPTARG ;;
    k) segments=$OPTARG ;;
    n) limit=(--max-elements "$OPTARG") ;;
    o) out=$OPTARG ;;
    *) echo "usage: $0 [-c CONFIG] [-k \"4 6 8\"] [-n MAX_ELEMENTS] [-o OUT.csv] [GRAUSIM]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
grausim=${1:-.build/release/grausim}
[ -x "$grausim" ] || { echo "sweep_segments: $grausim is not an executable (swift build -c release)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
first=1
for k in $segments; do
  "$grausim" run "$config" --set accelerator.grau.segments="$k" "${limit[@]}" --csv "$work/k$k.csv" --quiet
  if [ $first -eq 1 ]; then
    printf 'segments,%s\n' "$(head -1 "$work/k$k.csv")" >"$work/all.csv"
    first=0
  fi
  tail -n +2 "$work/k$k.csv" | sed "s/^/$k,/" >>"$work/all.csv"
  echo "K=$k: $(($(wc -l <"$work/k$k.csv") - 1)) rows" >&2
done
mv "$work/all.csv" "$out"
echo "wrote $out" >&2
