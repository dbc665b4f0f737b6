#!/usr/bin/env bash
# Writes every output grausim produces for every shipped config into one directory, so that two builds can be
# compared byte for byte (a refactor must change none of them):
#
#   scripts/snapshot_outputs.sh OUTDIR [GRAUSIM]      # GRAUSIM defaults to .build/release/grausim
#   diff -r before/ after/
#
# Per config: the run table (stdout), JSON and CSV reports, the --wide report written with -o, the default VCD and
# GTKWave save file, and the exported Verilog with testbench and vectors. Plus a small sweep (whole, and as three merged shards), three fits
# (JSON; the printed fit time is dropped, it is a wall-clock figure) and every help text. Stderr (progress) is not
# compared.
set -euo pipefail
out=${1:?usage: snapshot_outputs.sh OUTDIR [GRAUSIM]}
grausim=${2:-.build/release/grausim}
cd "$(dirname "$0")/.."
[ -x "$grausim" ] || { echo "snapshot: $grausim is not an executable (swift build -c release)" >&2; exit 1; }
grausim=$(cd "$(dirname "$grausim")" && pwd)/$(basename "$grausim")
mkdir -p "$out"
out=$(cd "$out" && pwd)

root=$(pwd)
# Every command runs inside its output directory with relative paths, so no absolute path reaches a file.
for config in configs/*.json; do
  name=$(basename "$config" .json)
  mkdir -p "$out/$name"
  echo "== $name" >&2
  (
    cd "$out/$name"
    c="$root/$config"
    "$grausim" run "$c" --json run.json --csv run.csv >run.txt 2>/dev/null
    "$grausim" run "$c" --wide --quiet -o wide 2>/dev/null
    # A network with weights classifies whole images: no element limit on its runs.
    limit=(--max-elements 4096)
    grep -q '"dataset"' "$c" && limit=()
    "$grausim" run "$c" --quiet "${limit[@]}" --vcd wave.vcd 2>/dev/null
    # (A one-lane config has no lane 3: the exit code is then part of the snapshot.)
    "$grausim" run "$c" --quiet "${limit[@]}" --vcd wave-l3.vcd --vcd-lanes 0,3 --vcd-window 100:400 \
      2>/dev/null || echo $? >wave-l3.code
    # Some configs cannot be exported (the message is part of the snapshot): keep the exit code and stderr.
    code=0
    # (rtl prints the absolute paths it wrote: the directory of this run is cut from them.)
    "$grausim" rtl "$c" --out rtl --max-elements 64 >rtl.raw 2>rtl.err || code=$?
    sed "s#$(pwd)/##" rtl.raw >rtl.txt && rm rtl.raw
    echo "$code" >rtl.code
  )
done

mkdir -p "$out/sweep" "$out/fit" "$out/help"
(
  cd "$out/sweep"
  "$grausim" sweep "$root/configs/yolo-tiny-mixed.json" --vary accelerator.grau.segments=4,6 \
    --vary 'accelerator.grau.slopes=["pot","apot"]' --max-elements 2000 \
    --json sweep.json --csv sweep.csv >sweep.txt 2>/dev/null
  for i in 1 2 3; do
    "$grausim" sweep "$root/configs/yolo-tiny-mixed.json" --vary accelerator.grau.segments=4,6 \
      --vary 'accelerator.grau.slopes=["pot","apot"]' --max-elements 2000 --shard $i/3 --json shard-$i.json --quiet
  done
  "$grausim" merge shard-1.json shard-2.json shard-3.json --json merged.json --csv merged.csv >merged.txt 2>/dev/null
)
(
  cd "$out/fit"
  "$grausim" fit --function silu --segments 8 --slopes pot --in-bits 16 --in-scale 0.0005 --out-bits 8 \
    --out-scale 0.03 --signed --json silu.json | grep -v '^fit time:' >silu.txt
  "$grausim" fit --function gelu --segments 6 --slopes apot --in-bits 12 --in-scale 0.004 --out-bits 8 \
    --out-scale 0.03 --signed --saturate --json gelu.json | grep -v '^fit time:' >gelu.txt
  "$grausim" fit --function sigmoid --segments 4 --in-bits 16 --in-scale 0.001 --out-bits 4 --out-scale 0.0625 \
    --range -8000:8000 --objective maxabs --json sigmoid.json | grep -v '^fit time:' >sigmoid.txt
)
"$grausim" --help >"$out/help/grausim.txt"
for command in fit run sweep merge plot rtl; do
  "$grausim" help "$command" >"$out/help/$command.txt"
done
echo "snapshot: $(find "$out" -type f | wc -l) files in $out" >&2
