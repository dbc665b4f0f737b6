#!/usr/bin/env python3
"""A design-space sweep driven from Python (standard library only): runs `grausim run --set ... --json` for every
combination of the given values and writes one CSV row per point and unit with the network totals.

    scripts/sweep.py [--config CONFIG] [--segments 4,6,8] [--slopes pot,apot] [--max-elements N]
                     [--grausim PATH] [--out sweep.csv]

`grausim sweep` does the same in one process and shares work between points; this script is the pattern to copy
when a sweep needs logic of its own between runs.
"""
import argparse
import csv
import itertools
import json
import pathlib
import subprocess
import sys
import tempfile

FIELDS = ["segments", "slopes", "unit", "elements", "cycles", "max_abs", "mean_abs", "mse", "exact_fraction",
          "lut", "ff", "energy_uj"]


def run_point(grausim, config, k, slopes, max_elements, work):
    out = pathlib.Path(work) / f"k{k}-{slopes}.json"
    cmd = [grausim, "run", config, "--set", f"accelerator.grau.segments={k}",
           "--set", f"accelerator.grau.slopes={slopes}", "--json", str(out), "--quiet"]
    if max_elements:
        cmd += ["--max-elements", str(max_elements)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"sweep.py: K={k} {slopes}: grausim exited {done.returncode}: {done.stderr.strip()}")
    report = json.loads(out.read_text())
    rows = []
    for unit in report["units"]:
        t = report["totals"]["units"][unit]
        e, r = t["error"], t.get("resources") or {}
        rows.append({
            "segments": k, "slopes": slopes, "unit": unit, "elements": t["elements"],
            "cycles": t["cycles"]["total"], "max_abs": e["max_abs"], "mean_abs": f"{e['mean_abs']:.4f}",
            "mse": f"{e['mse']:.4f}", "exact_fraction": f"{e['exact_fraction']:.6f}",
            "lut": round(r["lut"]) if "lut" in r else "", "ff": round(r["ff"]) if "ff" in r else "",
            "energy_uj": f"{t['energy']['joules'] * 1e6:.4f}" if t.get("energy") else "",
        })
    return rows


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
            rows += run_point(a.grausim, a.config, k, s, a.max_elements, work)
            print(f"K={k} {s}: {len(rows)} rows", file=sys.stderr)
    tmp = pathlib.Path(a.out).with_name("." + pathlib.Path(a.out).name + ".tmp")
    with open(tmp, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(rows)
    tmp.replace(a.out)
    print(f"wrote {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
