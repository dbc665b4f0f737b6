#!/usr/bin/env bash
# Writes every output grausim produces for every shipped config into one directory, so that two builds can be
# compared byte for byte (a refactor must change none of them):
#
#   scripts/snapshot_outputs.sh OUTDIR [GRAUSIM]      # GRAUSIM defaults to .build/release/grausim
#   diff -r before/ after/
#
# Per config: the run table (stdout), JSON and CSV reports, the default VCD and GTKWave save file, and the
# exported Verilog with testbench and vectors. Plus a small sweep, three fits (JSON; the printed fit time is
# dropped, it is a wall-clock figure) and every help text. Stderr (progress) is not compared.
set -euo pipefail
out=${1:?usage: snapshot_outputs.sh OUTDIR [GRAUSIM]}
grausim=${2:-.build/release/grausim}
cd "$(dirname "$0")/.."
[ -x "$grausim" ] || { echo "snapshot: $grausim is not an executable (swift build -c release)" >&2; exit 1; }
grausim=$(cd "$(dirname "$grausim")" && pwd)/$(basename "$grausim")
mkdir -p "$out"
out=$(cd "$out" && pwd)

for config in configs/*.json; do
  name=$(basename "$config" .json)
  dir="$out/$name"
  mkdir -p "$dir"
  echo "== $name" >&2
  "$grausim" run "$config" --json "$dir/run.json" --csv "$dir/run.csv" >"$dir/run.txt" 2>/dev/null
  "$grausim" run "$config" --quiet --max-elements 4096 --vcd "$dir/wave.vcd" 2>/dev/null
  "$grausim" run "$config" --quiet --max-elements 4096 --vcd "$dir/wave-l3.vcd" --vcd-lanes 0,3 \
    --vcd-window 100:400 2>/dev/null
  # Some configs cannot be exported (the message is part of the snapshot): keep the exit code and stderr.
  code=0
  "$grausim" rtl "$config" --out "$dir/rtl" --max-elements 64 >"$dir/rtl.txt" 2>"$dir/rtl.err" || code=$?
  echo "$code" >"$dir/rtl.code"
done

sweep="$out/sweep"
mkdir -p "$sweep"
"$grausim" sweep configs/yolo-tiny-mixed.json --vary accelerator.grau.segments=4,6 \
  --vary 'accelerator.grau.slopes=["pot","apot"]' --max-elements 2000 \
  --json "$sweep/sweep.json" --csv "$sweep/sweep.csv" >"$sweep/sweep.txt" 2>/dev/null

fit="$out/fit"
mkdir -p "$fit"
"$grausim" fit --function silu --segments 8 --slopes pot --in-bits 16 --in-scale 0.0005 --out-bits 8 \
  --out-scale 0.03 --signed --json "$fit/silu.json" | grep -v '^fit time:' >"$fit/silu.txt"
"$grausim" fit --function gelu --segments 6 --slopes apot --in-bits 12 --in-scale 0.004 --out-bits 8 \
  --out-scale 0.03 --signed --saturate --json "$fit/gelu.json" | grep -v '^fit time:' >"$fit/gelu.txt"
"$grausim" fit --function sigmoid --segments 4 --in-bits 16 --in-scale 0.001 --out-bits 4 --out-scale 0.0625 \
  --range -8000:8000 --objective maxabs --json "$fit/sigmoid.json" | grep -v '^fit time:' >"$fit/sigmoid.txt"

help="$out/help"
mkdir -p "$help"
"$grausim" --help >"$help/grausim.txt"
for command in fit run sweep rtl; do
  "$grausim" help "$command" >"$help/$command.txt"
done
# Every report embeds the tool version; the paths it writes are relative to this run, so nothing else varies.
echo "snapshot: $(find "$out" -type f | wc -l) files in $out" >&2
