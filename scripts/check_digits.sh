#!/usr/bin/env bash
# The networks-with-weights check of CI (docs/networks.md): for every configs/digits-*.json, grausim's top-1 of the
# exact network (every layer Q_c) and of the float network must equal an independent NumPy evaluation of the same
# integer network (scripts/digits_reference.py, numpy only), image count for image count; and the reference's own
# tests (scripts/test_digits_reference.py) must pass.
#
#   scripts/check_digits.sh [GRAUSIM]      # GRAUSIM defaults to .build/release/grausim
set -euo pipefail
cd "$(dirname "$0")/.."
grausim=${1:-.build/release/grausim}
[ -x "$grausim" ] || { echo "check_digits: $grausim is not an executable (swift build -c release)" >&2; exit 1; }
python3 -c 'import numpy' || { echo "check_digits: numpy is missing (pip install numpy)" >&2; exit 1; }
configs=(configs/digits-*.json)
[ -e "${configs[0]}" ] || { echo "check_digits: no configs/digits-*.json" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/test_digits_reference.py
python3 scripts/digits_reference.py --json "${configs[@]}" >"$work/reference.jsonl"
for c in "${configs[@]}"; do
  "$grausim" run "$c" --quiet --json "$work/$(basename "$c")"
done
python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
rows = [json.loads(line) for line in open(f"{work}/reference.jsonl") if line.strip()]
assert rows, "the reference evaluated no config"
for r in rows:
    name = os.path.basename(r["config"])
    g = json.load(open(f"{work}/{name}"))["network_accuracy"]
    assert g["test_images"] == r["n"], (name, g["test_images"], r["n"])
    got = (g["exact"]["correct"], g["float"]["correct"])
    want = (r["exact_correct"], r["float_correct"])
    assert got == want, f"{name}: grausim exact/float correct {got}, NumPy reference {want}"
    units = " ".join(f"{u} {v['correct']}" for u, v in g["units"].items())
    print(f"ok: {name}: exact {got[0]}/{r['n']}, float {got[1]}/{r['n']} (both equal NumPy); {units}")
PY
