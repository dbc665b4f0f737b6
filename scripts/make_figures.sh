#!/usr/bin/env bash
# Regenerates the figures of docs/sweeps.md from sweeps of the shipped configs, with grausim's own SVG writer:
#
#   scripts/make_figures.sh [GRAUSIM]      # GRAUSIM defaults to .build/release/grausim; about 5 minutes
#
# docs/images/yolo-tiny-mse-vs-k.svg        MSE against K, PoT and APoT (yolo-tiny, ReLU/LeakyReLU)
# docs/images/yolo-tiny-silu-mse-vs-k.svg   the same for the SiLU network
# docs/images/yolo-tiny-lut-vs-precision.svg  LUT-equivalents against every layer's precision, MT sized to match,
#                                             where GRAU overtakes each MT variant marked
# docs/images/yolo-tiny-mixed-pareto.svg    mean |error| against LUT-equivalents over K and slopes, mixed precision
# Each sweep simulates the first 20000 elements of every layer (fits use the full calibration draw), and every
# figure is checked with scripts/check_svg.py.
set -euo pipefail
cd "$(dirname "$0")/.."
grausim=${1:-.build/release/grausim}
[ -x "$grausim" ] || { echo "make_figures: $grausim is not an executable (swift build -c release)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=docs/images
limit=(--max-elements 20000 --quiet)
for net in yolo-tiny yolo-tiny-silu; do
  "$grausim" sweep configs/$net.json --vary accelerator.grau.segments=2...12 --vary accelerator.grau.slopes=pot,apot \
    --set 'accelerator.units=["grau"]' "${limit[@]}" --json "$work/$net-k.json"
  "$grausim" plot "$work/$net-k.json" --x accelerator.grau.segments --y mse --log-y --out "$out/$net-mse-vs-k.svg"
done
"$grausim" sweep configs/yolo-tiny.json --zip --vary 'network.layers[*].out_bits=2,3,4,5,6,7,8' \
  --vary accelerator.mt.max_bits=2,3,4,5,6,7,8 "${limit[@]}" --json "$work/precision.json"
"$grausim" plot "$work/precision.json" --x 'network.layers[*].out_bits' --y lut_equivalent --crossing grau --log-y \
  --out "$out/yolo-tiny-lut-vs-precision.svg"
"$grausim" sweep configs/yolo-tiny-mixed.json --vary accelerator.grau.segments=2...10 \
  --vary accelerator.grau.slopes=pot,apot "${limit[@]}" --json "$work/mixed.json"
"$grausim" plot "$work/mixed.json" --pareto lut_equivalent,mean_abs --log-x --out "$out/yolo-tiny-mixed-pareto.svg"
python3 scripts/check_svg.py "$out"/yolo-tiny-*.svg
