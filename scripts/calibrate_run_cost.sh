#!/usr/bin/env bash
# Compares grausim's run-cost estimate (`grausim run --estimate`) with what the run measures: wall time and peak
# resident memory (GNU time), for each unit variant alone and for wide and deep designs. The constants in
# Sources/GRAUSim/Run/RunCost.swift come from this table; rerun it after changing the kernel or the models.
#
#   scripts/calibrate_run_cost.sh [GRAUSIM]      # GRAUSIM defaults to .build/release/grausim
#
# Prints: case, estimated s, measured s, ratio, estimated MB, measured MB, ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
grausim=${1:-.build/release/grausim}
[ -x "$grausim" ] || { echo "calibrate_run_cost: $grausim is not an executable (swift build -c release)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "calibrate_run_cost: needs GNU time (apt-get install time)" >&2; exit 1; }
config=Tests/Fixtures/tiny.json
cases=(
  "grau-l4|--set accelerator.units=[\"grau\"] --set network.layers[0].height=60000"
  "grau-l64|--set accelerator.units=[\"grau\"] --set accelerator.lanes=64 --set network.layers[0].width=5 --set network.layers[0].height=60000 --set network.layers[0].channels=20"
  "grau_serial-l16|--set accelerator.units=[\"grau_serial\"] --set accelerator.lanes=16 --set network.layers[0].height=30000"
  "mt8-l4|--set accelerator.units=[\"mt\"] --set network.layers[0].height=30000"
  "mt8-l1024|--set accelerator.units=[\"mt\"] --set accelerator.lanes=1024"
  "mt8-l4096|--set accelerator.units=[\"mt\"] --set accelerator.lanes=4096"
  "mt12-l4|--set accelerator.units=[\"mt\"] --set accelerator.in_bits=16 --set accelerator.mt.max_bits=12 --set network.layers[0].out_bits=12"
  "mt14-l4|--set accelerator.units=[\"mt\"] --set accelerator.in_bits=16 --set accelerator.mt.max_bits=14 --set network.layers[0].out_bits=14"
  "mt_serial-l16|--set accelerator.units=[\"mt_serial\"] --set accelerator.lanes=16 --set network.layers[0].height=3000"
  "mt_bs-l16|--set accelerator.units=[\"mt_bs\"] --set accelerator.lanes=16 --set network.layers[0].width=5 --set network.layers[0].height=60000 --set network.layers[0].channels=20"
  "all-l16|--set accelerator.lanes=16 --set network.layers[0].height=30000"
  "yolo-tiny|--config configs/yolo-tiny.json"
)
printf '%-16s %9s %9s %6s %9s %9s %6s\n' case est_s meas_s ratio est_MB meas_MB ratio
for c in "${cases[@]}"; do
  name=${c%%|*}
  read -r -a args <<<"${c#*|}"
  cfg=$config
  if [ "${args[0]}" = "--config" ]; then cfg=${args[1]}; args=("${args[@]:2}"); fi
  est=$("$grausim" run "$cfg" "${args[@]}" --threads 1 --estimate | tail -1)
  est_s=$(sed -E 's/.*about ([0-9.]+) (s|min|h) .*/\1 \2/' <<<"$est" | awk '{m=($2=="min")?60:($2=="h")?3600:1; print $1*m}')
  est_mb=$(sed -E 's/.* and ([0-9.]+) (MB|GB) of memory/\1 \2/' <<<"$est" | awk '{print ($2=="GB")?$1*1000:$1}')
  meas=$( { /usr/bin/time -f '%e %M' "$grausim" run "$cfg" "${args[@]}" --threads 1 --quiet >/dev/null; } 2>&1 | tail -1)
  meas_s=${meas% *}
  meas_mb=$(awk '{print $2/1000}' <<<"$meas")
  printf '%-16s %9s %9s %6.2f %9s %9.0f %6.2f\n' "$name" "$est_s" "$meas_s" "$(awk "BEGIN{print $est_s/($meas_s+0.001)}")" \
    "$est_mb" "$meas_mb" "$(awk "BEGIN{print $est_mb/$meas_mb}")"
done
