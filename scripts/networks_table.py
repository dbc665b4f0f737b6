#!/usr/bin/env python3
"""Writes the generated part of docs/networks.md from grausim runs (standard library only).

    scripts/networks_table.py [--grausim .build/release/grausim] [--check]

For every configs/digits-*.json it runs grausim (JSON reports) with the configured units (GRAU PoT, pipelined MT,
binary-search MT) and again for GRAU APoT and for both slope modes with the published flow
(`accelerator.grau.fitter=float_round`). It then writes three tables between the markers of docs/networks.md:
top-1 in the paper's shape (rows: units; columns: SFC 4-bit / 8-bit / mixed x ReLU / Sigmoid / SiLU, CNV mixed),
the cost of each unit beside its accuracy (LUT, FF, cycles, energy of the whole network), and top-1 against the
segment count K for the SiLU networks (a `grausim sweep` over K and the fitter). With --check it fails when the
committed page differs from what it would write (nothing is written).
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "networks.md")
BEGIN = "<!-- networks_table.py: begin -->"
END = "<!-- networks_table.py: end -->"
COLUMNS = [(f"sfc-{f}-{p}", f"SFC {p} {f}") for p in ("4", "8", "mixed") for f in ("relu", "sigmoid", "silu")]
COLUMNS += [(f"cnv-{f}-mixed", f"CNV mixed {f}") for f in ("relu", "sigmoid", "silu")]
VARIANTS = [
    ("base", []),
    ("apot", ["--set", "accelerator.grau.slopes=apot", "--set", 'accelerator.units=["grau"]']),
    ("pot-float", ["--set", "accelerator.grau.fitter=float_round", "--set", 'accelerator.units=["grau"]']),
    ("apot-float", ["--set", "accelerator.grau.fitter=float_round", "--set", "accelerator.grau.slopes=apot",
                    "--set", 'accelerator.units=["grau"]']),
]
K_RANGE = "2...8"


def run(grausim, args):
    done = subprocess.run([grausim] + args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"networks_table: grausim {' '.join(args)} failed:\n{done.stderr}")


def reports(grausim, work):
    out = {}
    for model, _ in COLUMNS:
        config = os.path.join(ROOT, "configs", f"digits-{model}.json")
        for name, extra in VARIANTS:
            path = os.path.join(work, f"{model}-{name}.json")
            run(grausim, ["run", config, "--quiet", "--json", path] + extra)
            out[(model, name)] = json.load(open(path))
    return out


def percent(correct, n):
    return f"{100 * correct / n:.1f}"


def accuracy_table(r):
    rows = [
        ("float network", lambda m: r[(m, "base")]["network_accuracy"]["float"]["correct"]),
        ("exact Q_c", lambda m: r[(m, "base")]["network_accuracy"]["exact"]["correct"]),
        ("GRAU PoT, optimal fitter", lambda m: r[(m, "base")]["network_accuracy"]["units"]["grau"]["correct"]),
        ("GRAU APoT, optimal fitter", lambda m: r[(m, "apot")]["network_accuracy"]["units"]["grau"]["correct"]),
        ("GRAU PoT, float_round", lambda m: r[(m, "pot-float")]["network_accuracy"]["units"]["grau"]["correct"]),
        ("GRAU APoT, float_round", lambda m: r[(m, "apot-float")]["network_accuracy"]["units"]["grau"]["correct"]),
        ("MT pipelined", lambda m: r[(m, "base")]["network_accuracy"]["units"]["mt"]["correct"]),
        ("MT binary search", lambda m: r[(m, "base")]["network_accuracy"]["units"]["mt_bs"]["correct"]),
    ]
    n = {m: r[(m, "base")]["network_accuracy"]["test_images"] for m, _ in COLUMNS}
    lines = ["| top-1 % | " + " | ".join(label for _, label in COLUMNS) + " |",
             "|---|" + "---|" * len(COLUMNS)]
    for label, get in rows:
        lines.append(f"| {label} | " + " | ".join(percent(get(m), n[m]) for m, _ in COLUMNS) + " |")
    images = sorted(set(n.values()))
    calibration = sorted({r[(m, "base")]["network_accuracy"]["calibration_images"] for m, _ in COLUMNS})
    lines.append("")
    lines.append(f"Test images per network: {', '.join(map(str, images))}; parameters fitted on "
                 f"{', '.join(map(str, calibration))} calibration images (one image is "
                 f"{100 / images[0]:.2f} points).")
    return lines


def cost_table(r):
    lines = ["| network | unit | top-1 % | LUT | FF | LUTRAM | cycles | energy (uJ) |", "|---|---|---|---|---|---|---|---|"]
    for model, label in COLUMNS:
        if not model.endswith("-mixed"):
            continue
        for unit, variant, name in [("grau", "base", "GRAU PoT"), ("grau", "apot", "GRAU APoT"), ("mt", "base", "MT"),
                                    ("mt_bs", "base", "MT binary search")]:
            rep = r[(model, variant)]
            t = rep["totals"]["units"][unit]
            acc = rep["network_accuracy"]
            res = t["resources"]
            lines.append(
                f"| {label} | {name} | {percent(acc['units'][unit]['correct'], acc['test_images'])} | "
                f"{res['lut']:.0f} | {res['ff']:.0f} | {res['lutram']:.0f} | {t['cycles']['total']} | "
                f"{t['energy']['joules'] * 1e6:.3f} |")
    return lines


def k_table(grausim, work):
    lines = []
    for model in ("sfc-silu-4", "cnv-silu-mixed"):
        config = os.path.join(ROOT, "configs", f"digits-{model}.json")
        path = os.path.join(work, f"k-{model}.csv")
        run(grausim, ["sweep", config, "--quiet", "--set", 'accelerator.units=["grau"]',
                      "--vary", f"accelerator.grau.segments={K_RANGE}",
                      "--vary", "accelerator.grau.fitter=optimal,float_round", "--csv", path])
        rows = list(csv.DictReader(open(path)))
        ks = sorted({int(row["accelerator.grau.segments"]) for row in rows})
        lines.append(f"| {model} | " + " | ".join(f"K = {k}" for k in ks) + " |")
        lines.append("|---|" + "---|" * len(ks))
        for fitter in ("optimal", "float_round"):
            cells = []
            for k in ks:
                row = next(x for x in rows if x["accelerator.grau.segments"] == str(k)
                           and x["accelerator.grau.fitter"] == fitter)
                cells.append(f"{100 * float(row['top1']):.1f}" if row["top1"] else row["error"] or "failed")
            lines.append(f"| {fitter} | " + " | ".join(cells) + " |")
        lines.append("")
    return lines


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--grausim", default=os.path.join(ROOT, ".build", "release", "grausim"))
    p.add_argument("--check", action="store_true", help="fail if docs/networks.md is not what this would write")
    a = p.parse_args()
    if not os.access(a.grausim, os.X_OK):
        sys.exit(f"networks_table: {a.grausim} is not an executable (swift build -c release)")
    with tempfile.TemporaryDirectory() as work:
        r = reports(a.grausim, work)
        body = ["", "### Top-1 on the test images", ""] + accuracy_table(r)
        body += ["", "### What each unit costs beside its accuracy (mixed-precision networks, whole network)", ""]
        body += cost_table(r)
        body += ["", f"### Top-1 against K for SiLU (GRAU PoT; K = {K_RANGE})", ""] + k_table(a.grausim, work)
    text = open(DOC).read()
    if BEGIN not in text or END not in text:
        sys.exit(f"networks_table: docs/networks.md lacks the markers {BEGIN} … {END}")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    new = head + BEGIN + "\n" + "\n".join(body).rstrip() + "\n" + END + tail
    if a.check:
        if new != text:
            sys.exit("networks_table: docs/networks.md is out of date (run scripts/networks_table.py)")
        print("ok: docs/networks.md is what scripts/networks_table.py writes")
        return
    tmp = DOC + ".tmp"
    with open(tmp, "w") as f:
        f.write(new)
    os.replace(tmp, DOC)
    print("wrote docs/networks.md")


if __name__ == "__main__":
    main()
