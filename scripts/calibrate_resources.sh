#!/bin/sh
# Calibrates grausim's resource model against yosys synth_xilinx (docs/resources.md).
#
#   scripts/calibrate_resources.sh            synthesize the whole sweep (about 20-30 min on 2 cores) and write
#                                             data/calibration/yosys.csv
#   scripts/calibrate_resources.sh --reuse    reuse .build/calibration/*.stat: only recompute the estimates
#                                             (after changing the model; the CSV test demands this)
#   scripts/calibrate_resources.sh --grid     synthesize the design-space grid (125 designs, 62 held out; about
#                                             50 min on 2 cores) and write data/calibration/grid.csv
#   scripts/calibrate_resources.sh --grid --report
#                                             only recompute the grid's estimates (cached stat files or the CSV)
#   scripts/calibrate_resources.sh --fit      refit on both CSVs (no synthesis) and print the held-out errors
#   scripts/calibrate_resources.sh --features PATH
#                                             per row of both CSVs, the model's primitive counts (what its LUT
#                                             coefficients multiply) beside yosys's LUTs, as CSV, to explore the fit
#
# Extra arguments go to `grausim-bench calibrate` (--jobs N, --only SUBSTRING, --work DIR).
set -eu
cd "$(dirname "$0")/.."
command -v yosys >/dev/null 2>&1 || { echo "error: yosys not found: apt-get install -y yosys" >&2; exit 66; }
mkdir -p data/calibration
exec swift run -c release grausim-bench calibrate --work .build/calibration "$@"
