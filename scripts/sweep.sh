#!/usr/bin/env bash
# Example sweep: GRAU segments K x slope mode on YOLOv3-tiny, one JSON and CSV report per point.
#
#   scripts/sweep.sh [config] [outdir]
#
# Every point is the same config with --set overrides, so the reports differ only in what was swept; each report
# embeds its resolved config. Limit elements per layer for a quick sweep (remove for the full network).
set -euo pipefail
config=${1:-configs/yolo-tiny.json}
out=${2:-sweep-out}
grausim=${GRAUSIM:-.build/release/grausim}
mkdir -p "$out"
for slopes in pot apot; do
  for k in 4 6 8 10; do
    name="k${k}-${slopes}"
    echo "== $name"
    "$grausim" run "$config" \
      --set accelerator.grau.segments=$k \
      --set accelerator.grau.slopes=$slopes \
      --set 'accelerator.units=["grau","mt_bs"]' \
      --set stimulus.max_elements_per_layer=20000 \
      --json "$out/$name.json" --csv "$out/$name.csv"
  done
done
# One summary line per point: total GRAU MSE and cycles (python3 is only used to read the JSON).
python3 - "$out" <<'PY'
import json, pathlib, sys
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    t = json.loads(p.read_text())["totals"]["units"]["grau"]
    print(f"{p.stem:12s} mse={t['error']['mse']:.4f} max_abs={t['error']['max_abs']} cycles={t['cycles']['total']}")
PY
