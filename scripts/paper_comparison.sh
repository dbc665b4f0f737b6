#!/bin/sh
# docs/paper-comparison.md: the GRAU paper's Table IV (Vivado) beside grausim's resource estimate beside yosys on
# grausim's own exported RTL of the same designs (configs/grau-paper.json, its "comparison" block).
#
#   scripts/paper_comparison.sh     synthesize every design whose cached yosys result (data/paper-comparison/,
#                                   keyed by the RTL's digest) is missing or stale, then write the document
#
# The pipelined 8-bit MT at W = 32 (255 comparator stages) takes yosys several minutes; the others seconds. The
# test suite regenerates the document from the cache and fails when the committed one differs.
set -eu
cd "$(dirname "$0")/.."
command -v yosys >/dev/null 2>&1 || { echo "error: yosys not found: apt-get install -y yosys" >&2; exit 66; }
exec swift run -c release grausim-bench paper configs/grau-paper.json --synthesize "$@"
