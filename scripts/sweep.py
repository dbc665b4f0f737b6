#!/usr/bin/env python3
"""A design-space sweep driven from Python (standard library only): runs `grausim run --set ... --csv` for every
combination of the given values and writes one CSV row per point and unit with the network totals (the run CSV's
TOTAL rows), in the columns `grausim sweep --csv` writes.

    scripts/sweep.py [--config CONFIG] [--segments 4,6,8] [--slopes pot,apot] [--max-elements N]
                     [--grausim PATH] [--out sweep.csv]

`grausim sweep` does the same in one process and shares work between points; this script is the pattern to copy
when a sweep needs logic of its own between runs.
"""
import argparse
import csv
import itertools
import pathlib
import subprocess
import sys
import tempfile

KEYS = ["accelerator.grau.segments", "accelerator.grau.slopes"]
# A run CSV's columns before the unit schema that run and sweep CSVs share (docs/report.md).
LAYER_COLUMNS = ["layer", "unit", "channels", "out_bits", "calibration_source", "calibration_samples"]


def run_point(grausim, config, k, slopes, max_elements, work):
    """The point's TOTAL rows of `grausim run --csv`, as rows of a sweep CSV: the swept values, the unit and the
    unit's columns (a run CSV and a sweep CSV share them), and an empty `error`."""
    out = pathlib.Path(work) / f"k{k}-{slopes}.csv"
    cmd = [grausim, "run", config, "--set", f"accelerator.grau.segments={k}",
           "--set", f"accelerator.grau.slopes={slopes}", "--csv", str(out), "--quiet"]
    if max_elements:
        cmd += ["--max-elements", str(max_elements)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"sweep.py: K={k} {slopes}: grausim exited {done.returncode}: {done.stderr.strip()}")
    with open(out, newline="") as f:
        table = list(csv.reader(f))
    header, rows = table[0], table[1:]
    assert header[:len(LAYER_COLUMNS)] == LAYER_COLUMNS, header[:len(LAYER_COLUMNS)]
    metrics = header[len(LAYER_COLUMNS):]
    totals = [[str(k), slopes, r[1]] + r[len(LAYER_COLUMNS):] + [""] for r in rows if r[0] == "TOTAL"]
    return metrics, totals


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--config", default="configs/yolo-tiny.json")
    p.add_argument("--segments", default="4,6,8")
    p.add_argument("--slopes", default="pot,apot")
    p.add_argument("--max-elements", type=int, default=None)
    p.add_argument("--grausim", default=".build/release/grausim")
    p.add_argument("--out", default="sweep.csv")
    a = p.parse_args()
    segments = [int(s) for s in a.segments.split(",")]
    slopes = a.slopes.split(",")
    with tempfile.TemporaryDirectory() as work:
        rows = []
        for k, s in itertools.product(segments, slopes):
            metrics, totals = run_point(a.grausim, a.config, k, s, a.max_elements, work)
            rows += totals
            print(f"K={k} {s}: {len(rows)} rows", file=sys.stderr)
    tmp = pathlib.Path(a.out).with_name("." + pathlib.Path(a.out).name + ".tmp")
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(KEYS + ["unit"] + metrics + ["error"])
        w.writerows(rows)
    tmp.replace(a.out)
    print(f"wrote {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
