#!/usr/bin/env python3
"""Writes a grausim network config (the format of docs/networks-export.md) from a small JSON manifest of an
exported quantized model (PyTorch/Brevitas or anything else); numpy + the standard library.

    scripts/make_network_config.py MANIFEST -o configs/my-net.json [--evaluate]

The manifest names the integer weight/bias .npy files, the scales and either per-channel gamma/beta or the
BatchNorm statistics, which the script folds:

    gamma_c = bn_weight_c / sqrt(bn_var_c + eps)          (binary64, math.sqrt)
    beta_c  = bn_bias_c - bn_mean_c * gamma_c

and writes in_scale = weight_scale × (previous layer's out_scale, or input_scale for the first layer). A per-channel
weight scale s_c (an array) is folded into gamma: in_scale uses s_ref = max_c s_c and gamma_c is multiplied by
s_c / s_ref. `in_bits: "auto"` (the default) evaluates the exact network on the calibration and test data
(scripts/digits_reference.py) and takes the smallest W in {12, 16, 20, 24, 28, 32} that holds every MAC result.
Paths in the manifest are relative to the manifest; paths in the config are written relative to the config.
--evaluate prints the exact and float top-1 of the written config.
"""
import argparse
import json
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import digits_reference as ref  # noqa: E402

IN_BITS_CHOICES = (12, 16, 20, 24, 28, 32)
LAYER_KEYS = {"name", "kind", "weights", "bias", "stride", "padding", "pool", "activation", "out_bits", "signed",
              "weight_scale", "in_scale", "out_scale", "gamma", "beta", "bn"}
BN_KEYS = {"mean", "var", "weight", "bias", "eps"}
TOP_KEYS = {"name", "description", "input_scale", "in_bits", "dataset", "layers", "accelerator", "stimulus"}


class ManifestError(Exception):
    pass


def _vector(v, n, where, base):
    """A number, a list of n numbers or a path to a float/int .npy of shape (n,), as a list of floats."""
    if isinstance(v, str):
        path = os.path.join(base, v)
        try:
            v = np.load(path, allow_pickle=False)
        except Exception as e:  # noqa: BLE001
            raise ManifestError(f"{where}: cannot read '{path}' ({e})") from None
        if v.shape != (n,):
            raise ManifestError(f"{where}: expected shape ({n},), got {v.shape} in '{path}'")
        v = v.astype(np.float64).tolist()
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = [float(v)] * n
    if not isinstance(v, list) or len(v) != n or not all(isinstance(x, (int, float)) for x in v):
        raise ManifestError(f"{where}: expected a number, {n} numbers or a .npy path")
    v = [float(x) for x in v]
    if not all(math.isfinite(x) for x in v):
        raise ManifestError(f"{where}: expected finite numbers")
    return v


def build(manifest_path, config_path):
    with open(manifest_path) as f:
        m = json.load(f)
    base = os.path.dirname(os.path.abspath(manifest_path))
    out_dir = os.path.dirname(os.path.abspath(config_path))
    unknown = set(m) - TOP_KEYS
    if unknown:
        raise ManifestError(f"{manifest_path}: unknown key(s) {sorted(unknown)}; expected {sorted(TOP_KEYS)}")

    def rel(p):
        return os.path.relpath(os.path.join(base, p), out_dir)

    prev_scale = m.get("input_scale")
    if not isinstance(prev_scale, (int, float)) or not prev_scale > 0:
        raise ManifestError(f"{manifest_path}: input_scale: expected a number > 0 (the real value of input code 1)")
    ds = m.get("dataset", {})
    for k in ("calibration", "test", "test_labels"):
        if k not in ds:
            raise ManifestError(f"{manifest_path}: dataset.{k}: required (a .npy path)")
    layers = []
    for i, L in enumerate(m.get("layers", [])):
        where = f"{manifest_path}: layers[{i}]"
        unknown = set(L) - LAYER_KEYS
        if unknown:
            raise ManifestError(f"{where}: unknown key(s) {sorted(unknown)}; expected {sorted(LAYER_KEYS)}")
        w = np.load(os.path.join(base, L["weights"]), allow_pickle=False)
        out = w.shape[0]
        j = {"name": L.get("name", f"layer{i + 1}"), "kind": L.get("kind"), "weights": rel(L["weights"])}
        if "bias" in L:
            j["bias"] = rel(L["bias"])
        for k in ("stride", "padding", "pool"):
            if k in L:
                j[k] = L[k]
        j["activation"] = L.get("activation")
        if j["activation"] == "none":
            layers.append(j)
            continue
        for k in ("out_bits", "signed", "out_scale"):
            if k not in L:
                raise ManifestError(f"{where}.{k}: required for an activated layer")
        s = _vector(L.get("weight_scale"), out, f"{where}.weight_scale", base) if "weight_scale" in L else None
        if "in_scale" in L:
            in_scale, ratio = float(L["in_scale"]), [1.0] * out
        elif s is not None:
            s_ref = max(s)
            in_scale, ratio = s_ref * prev_scale, [sc / s_ref for sc in s]
        else:
            raise ManifestError(f"{where}: give weight_scale (or in_scale, the accumulator's scale)")
        if "bn" in L:
            if "gamma" in L or "beta" in L:
                raise ManifestError(f"{where}: give either bn or gamma/beta, not both")
            bn = L["bn"]
            unknown = set(bn) - BN_KEYS
            if unknown or not {"mean", "var"} <= set(bn):
                raise ManifestError(f"{where}.bn: expected mean, var and optional weight, bias, eps")
            mean = _vector(bn["mean"], out, f"{where}.bn.mean", base)
            var = _vector(bn["var"], out, f"{where}.bn.var", base)
            bw = _vector(bn.get("weight", 1.0), out, f"{where}.bn.weight", base)
            bb = _vector(bn.get("bias", 0.0), out, f"{where}.bn.bias", base)
            eps = float(bn.get("eps", 1e-5))
            gamma = [bw[c] / math.sqrt(var[c] + eps) for c in range(out)]
            beta = [bb[c] - mean[c] * gamma[c] for c in range(out)]
        else:
            gamma = _vector(L.get("gamma", 1.0), out, f"{where}.gamma", base)
            beta = _vector(L.get("beta", 0.0), out, f"{where}.beta", base)
        gamma = [g * r for g, r in zip(gamma, ratio)]
        j.update(out_bits=L["out_bits"], signed=L["signed"], in_scale=in_scale, out_scale=float(L["out_scale"]),
                 gamma=gamma, beta=beta)
        prev_scale = float(L["out_scale"])
        layers.append(j)
    acc = {"lanes": 1, "in_bits": 16, "units": ["grau", "mt", "mt_bs"],
           "grau": {"segments": 6, "slopes": "pot", "pre_shift": "auto", "stages": "auto"}}
    acc.update(m.get("accelerator", {}))
    cfg = {}
    if "description" in m:
        cfg["description"] = m["description"]
    cfg["accelerator"] = acc
    cfg["network"] = {"name": m.get("name", os.path.splitext(os.path.basename(config_path))[0]),
                      "dataset": {k: rel(ds[k]) for k in ("calibration", "test", "test_labels")},
                      "layers": layers}
    cfg["stimulus"] = m.get("stimulus", {"seed": 1})
    return cfg, m.get("in_bits", "auto")


def dumps(cfg):
    """Two-space JSON with arrays of numbers on one line."""
    flat = {}

    def mark(o):
        if isinstance(o, dict):
            return {k: mark(v) for k, v in o.items()}
        if isinstance(o, list) and all(not isinstance(v, (dict, list)) for v in o):
            flat[f"@@{len(flat)}@@"] = json.dumps(o)
            return f"@@{len(flat) - 1}@@"
        return [mark(v) for v in o] if isinstance(o, list) else o

    text = json.dumps(mark(cfg), indent=2)
    for k, v in flat.items():
        text = text.replace(f'"{k}"', v)
    return text + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description="Write a grausim network config from a model manifest.")
    ap.add_argument("manifest")
    ap.add_argument("-o", "--output", required=True, help="the config to write")
    ap.add_argument("--evaluate", action="store_true", help="print the exact and float top-1 of the result")
    args = ap.parse_args(argv)
    try:
        cfg, in_bits = build(args.manifest, args.output)
        os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
        with open(args.output, "w") as f:
            f.write(dumps(cfg))
        # Validate (and size in_bits) through the reference's own reader.
        layers, _, _, _ = ref.load_network(args.output)
        if in_bits == "auto":
            base = os.path.dirname(os.path.abspath(args.output))
            lo, hi = 0, 0
            for k in ("calibration", "test"):
                x = ref._load_int(os.path.join(base, cfg["network"]["dataset"][k]), f"network.dataset.{k}",
                                  args.output)
                _, macs = ref.forward(layers, x, exact=True)
                lo = min([lo] + [int(a.min()) for a in macs])
                hi = max([hi] + [int(a.max()) for a in macs])
            fits = [w for w in IN_BITS_CHOICES if -(1 << (w - 1)) <= lo and hi < (1 << (w - 1))]
            if not fits:
                raise ManifestError(f"{args.manifest}: MAC results {lo}..{hi} do not fit 32 bits")
            in_bits = fits[0]
        if not isinstance(in_bits, int) or not 2 <= in_bits <= 32:
            raise ManifestError(f"{args.manifest}: in_bits: expected an integer in 2...32 or \"auto\"")
        cfg["accelerator"]["in_bits"] = in_bits
        with open(args.output, "w") as f:
            f.write(dumps(cfg))
        print(f"wrote {args.output} (in_bits {in_bits})")
        if args.evaluate:
            return ref.main([args.output])
    except (ManifestError, ref.ConfigError, OSError, KeyError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 65
    return 0


if __name__ == "__main__":
    sys.exit(main())
