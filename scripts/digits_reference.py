#!/usr/bin/env python3
"""An independent NumPy evaluation of a grausim network config with weights (numpy + the standard library only).

    scripts/digits_reference.py [--json] CONFIG...

Reads a config of the issue-15 network format (docs/networks-export.md: `network.dataset` and layers of kind
`dense` / `conv2d` with integer `.npy` weights) and evaluates, on the test split, two networks:

- the **exact integer network**, bit for bit as grausim defines it: exact int64 MACs from the previous layer's
  codes, then per output channel c the exact quantized activation Q_c (docs/semantics.md §1)

      z = gamma_c * (float(acc) * in_scale) + beta_c        # Python floats (binary64), in exactly this order
      v = f(z) / out_scale                                  # f with math.exp (glibc, the libm Swift uses)
      q = clamp(round_half_away_from_zero(clamp(v, qmin - 1, qmax + 1)), qmin, qmax)    # zero point 0

  2x2 max-pool on the codes where a conv layer says `"pool": 2`; the last layer's int64 accumulators are the
  logits; top-1 = argmax, ties to the smallest index;
- the **float network**: the same integer weights and biases, each activation output the real v (no rounding,
  no clamp), MACs and pooling in float64.

Prints one line per config:

    CONFIG exact_top1=0.9889 float_top1=0.9917 n=360 exact_correct=356 float_correct=357

or with --json one JSON object per line: {"config", "exact_correct", "float_correct", "n", "exact_top1",
"float_top1"}. CI compares exact_correct with grausim's exact-Q_c accuracy. This file is written from the format's
definition, not from scripts/train_digits.py, on purpose: it is the second opinion.
"""
import argparse
import json
import math
import os
import sys

import numpy as np

ACTIVATIONS = ("relu", "sigmoid", "silu")
INT_DTYPES = ("<i1", "<i2", "<i4", "<i8", "|i1")


class ConfigError(Exception):
    """A config or data file that does not describe a valid network; the message names the config and key."""


# ------------------------------------------------------------------------------------------------ scalar Q_c


def activation(name, z):
    """grausim's ActivationFunction (Sources/GRAUSim/Numerics/ActivationFunction.swift) on one Python float."""
    if name == "relu":
        return z if z > 0 else 0.0
    if z >= 0:
        s = 1 / (1 + math.exp(-z))
    else:
        e = math.exp(z)
        s = e / (1 + e)
    if name == "sigmoid":
        return s
    if math.isinf(z):  # silu(±inf) = ±inf·σ: grausim resolves it to +inf / 0
        return z if z > 0 else 0.0
    return z * s


def round_half_away(v):
    """IEEE roundToIntegralTiesToAway of a finite float, as an int."""
    t = math.trunc(v)
    frac = v - t  # exact in binary64
    if frac >= 0.5:
        return t + 1
    if frac <= -0.5:
        return t - 1
    return t


def q_c(acc, in_scale, gamma, beta, function, out_scale, qmin, qmax):
    """The exact quantized activation of one int accumulator (zero point 0)."""
    z = gamma * (float(acc) * in_scale) + beta
    v = activation(function, z) / out_scale
    if math.isnan(v):
        return qmin
    v = min(max(v, qmin - 1.0), qmax + 1.0)
    return min(max(round_half_away(v), qmin), qmax)


def real_activation(acc, in_scale, gamma, beta, function, out_scale):
    """The float network's activation output v = f(z) / out_scale of one float accumulator."""
    return activation(function, gamma * (acc * in_scale) + beta) / out_scale


# ------------------------------------------------------------------------------------------------ config reading


def _load_int(path, what, cfg_path):
    if not os.path.isfile(path):
        raise ConfigError(f"{cfg_path}: {what}: no such file '{path}'")
    try:
        arr = np.load(path, allow_pickle=False)
    except Exception as e:  # noqa: BLE001 - any unreadable file is the same user error
        raise ConfigError(f"{cfg_path}: {what}: '{path}' is not a readable .npy file ({e})") from None
    if arr.dtype.str not in INT_DTYPES:
        raise ConfigError(f"{cfg_path}: {what}: expected an integer .npy (<i1, <i2, <i4, <i8), got {arr.dtype.str}")
    return arr.astype(np.int64)


def _number(layer, key, where, positive=False):
    v = layer.get(key)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or (positive and v <= 0):
        raise ConfigError(f"{where}.{key}: expected a finite number{' > 0' if positive else ''}, got {v!r}")
    return float(v)


def _per_channel(layer, key, channels, where, default):
    v = layer.get(key, default)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = [v] * channels
    if not isinstance(v, list) or len(v) != channels:
        raise ConfigError(f"{where}.{key}: expected a number or an array of {channels} numbers")
    for x in v:
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
            raise ConfigError(f"{where}.{key}: expected finite numbers, got {x!r}")
    return [float(x) for x in v]


def load_network(cfg_path):
    """The config's network: (layers, test codes, test labels), everything checked."""
    with open(cfg_path) as f:
        cfg = json.load(f)
    base = os.path.dirname(os.path.abspath(cfg_path))
    net = cfg.get("network", {})
    ds = net.get("dataset")
    if not isinstance(ds, dict):
        raise ConfigError(f"{cfg_path}: network.dataset: expected an object with test and test_labels")
    x = _load_int(os.path.join(base, ds["test"]), "network.dataset.test", cfg_path)
    y = _load_int(os.path.join(base, ds["test_labels"]), "network.dataset.test_labels", cfg_path)
    if y.ndim != 1 or len(y) != len(x):
        raise ConfigError(f"{cfg_path}: network.dataset.test_labels: expected shape ({len(x)},), got {y.shape}")
    layers = []
    shape = x.shape[1:]  # per image: (features,) or (C, H, W)
    raw = net.get("layers", [])
    if not raw:
        raise ConfigError(f"{cfg_path}: network.layers: expected at least one layer")
    for i, L in enumerate(raw):
        where = f"{cfg_path}: network.layers[{i}]"
        kind = L.get("kind")
        w = _load_int(os.path.join(base, L["weights"]), f"network.layers[{i}].weights", cfg_path)
        out = w.shape[0]
        b = np.zeros(out, dtype=np.int64)
        if "bias" in L:
            b = _load_int(os.path.join(base, L["bias"]), f"network.layers[{i}].bias", cfg_path)
            if b.shape != (out,):
                raise ConfigError(f"{where}.bias: expected shape ({out},), got {b.shape}")
        e = {"name": L.get("name", f"layer{i}"), "kind": kind, "w": w, "b": b}
        if kind == "dense":
            features = int(np.prod(shape))
            if w.ndim != 2 or w.shape[1] != features:
                raise ConfigError(f"{where}.weights: expected shape ({out}, {features}), got {w.shape}")
            shape = (out,)
        elif kind == "conv2d":
            if len(shape) != 3:
                raise ConfigError(f"{where}: conv2d needs a (C, H, W) input, got {shape}")
            c, h, wd = shape
            if w.ndim != 4 or w.shape[1] != c or w.shape[2] != w.shape[3]:
                raise ConfigError(f"{where}.weights: expected shape (out, {c}, k, k), got {w.shape}")
            k = w.shape[2]
            s, p, pool = L.get("stride", 1), L.get("padding", 0), L.get("pool", 0)
            if not (isinstance(s, int) and s >= 1 and isinstance(p, int) and p >= 0 and pool in (0, 2)):
                raise ConfigError(f"{where}: expected stride >= 1, padding >= 0, pool 2 or absent")
            ho, wo = (h + 2 * p - k) // s + 1, (wd + 2 * p - k) // s + 1
            if ho < 1 or wo < 1:
                raise ConfigError(f"{where}: a {k}x{k} kernel does not fit the {h}x{wd} input")
            e.update(k=k, stride=s, padding=p, pool=pool)
            if pool:
                ho, wo = ho // 2, wo // 2
            shape = (out, ho, wo)
        else:
            raise ConfigError(f"{where}.kind: expected 'dense' or 'conv2d', got {kind!r}")
        act = L.get("activation")
        last = i == len(raw) - 1
        if last:
            if act != "none" or kind != "dense":
                raise ConfigError(f"{where}: the last layer must be dense with activation 'none'")
            e["act"] = "none"
        else:
            if act not in ACTIVATIONS:
                raise ConfigError(f"{where}.activation: expected one of {', '.join(ACTIVATIONS)}, got {act!r}")
            bits = L.get("out_bits")
            if not isinstance(bits, int) or not 1 <= bits <= 16:
                raise ConfigError(f"{where}.out_bits: expected an integer in 1...16, got {bits!r}")
            signed = L.get("signed", False)
            qmin, qmax = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
            if L.get("zero_point", 0) != 0:
                raise ConfigError(f"{where}.zero_point: networks with weights need zero point 0")
            e.update(act=act, qmin=qmin, qmax=qmax, in_scale=_number(L, "in_scale", where, True),
                     out_scale=_number(L, "out_scale", where, True),
                     gamma=_per_channel(L, "gamma", out, where, 1.0), beta=_per_channel(L, "beta", out, where, 0.0))
        layers.append(e)
    if y.min(initial=0) < 0 or y.max(initial=0) >= shape[0]:
        raise ConfigError(f"{cfg_path}: network.dataset.test_labels: expected labels in 0...{shape[0] - 1}")
    in_bits = cfg.get("accelerator", {}).get("in_bits", 16)
    return layers, x, y, in_bits


# --------------------------------------------------------------------------------------------------- evaluation


def mac(e, a):
    """acc of one layer on a batch (int64 for int64 a, float64 for float64 a): dense on the flattened input
    (C-major for a conv input), conv2d as a sum over the k*k kernel taps of zero-padded, strided input slices."""
    w = e["w"].astype(a.dtype)
    b = e["b"].astype(a.dtype)
    if e["kind"] == "dense":
        return a.reshape(a.shape[0], -1) @ w.T + b
    n, c, h, wd = a.shape
    k, s, p = e["k"], e["stride"], e["padding"]
    ho, wo = (h + 2 * p - k) // s + 1, (wd + 2 * p - k) // s + 1
    ap = np.zeros((n, c, h + 2 * p, wd + 2 * p), dtype=a.dtype)
    ap[:, :, p : p + h, p : p + wd] = a
    acc = np.zeros((n, w.shape[0], ho, wo), dtype=a.dtype)
    for u in range(k):
        for v in range(k):
            patch = ap[:, :, u : u + s * (ho - 1) + 1 : s, v : v + s * (wo - 1) + 1 : s]  # (n, c, ho, wo)
            acc += np.einsum("ncyx,oc->noyx", patch, w[:, :, u, v])
    return acc + b[None, :, None, None]


def pool(a):
    n, c, h, w = a.shape
    ho, wo = h // 2, w // 2
    a = a[:, :, : 2 * ho, : 2 * wo]
    return np.maximum(np.maximum(a[:, :, 0::2, 0::2], a[:, :, 0::2, 1::2]),
                      np.maximum(a[:, :, 1::2, 0::2], a[:, :, 1::2, 1::2]))


def activate(e, acc, exact):
    """Q_c (exact) or the real v, per element with Python floats; channel = axis 1."""
    out = np.empty(acc.shape, dtype=np.int64 if exact else np.float64)
    flat_acc = acc.reshape(acc.shape[0], acc.shape[1], -1)
    flat_out = out.reshape(flat_acc.shape)
    for ch in range(acc.shape[1]):
        args = (e["in_scale"], e["gamma"][ch], e["beta"][ch], e["act"], e["out_scale"])
        block = flat_acc[:, ch, :]
        if exact:
            cache = {}
            vals = []
            for x in block.ravel().tolist():
                q = cache.get(x)
                if q is None:
                    q = cache[x] = q_c(x, *args, e["qmin"], e["qmax"])
                vals.append(q)
        else:
            vals = [real_activation(x, *args) for x in block.ravel().tolist()]
        flat_out[:, ch, :] = np.array(vals).reshape(block.shape)
    return out


def forward(layers, x, exact=True):
    """Logits (int64 exact / float64 float) and the list of every layer's MAC results."""
    a = x.astype(np.int64) if exact else x.astype(np.float64)
    if exact:
        bound = max(int(np.abs(a).max(initial=0)), 1)
    macs = []
    for e in layers:
        if exact:
            # int64 MACs are exact as long as no partial sum can reach 2^63.
            fan_in = int(np.prod(e["w"].shape[1:]))
            worst = fan_in * int(np.abs(e["w"]).max(initial=0)) * bound + int(np.abs(e["b"]).max(initial=0))
            if worst >= 1 << 62:
                raise ConfigError(f"layer {e['name']}: MAC results could exceed int64")
        acc = mac(e, a)
        macs.append(acc)
        if e["act"] == "none":
            return acc, macs
        a = activate(e, acc, exact)
        if e["kind"] == "conv2d" and e.get("pool"):
            a = pool(a)
        if exact:
            bound = max(abs(e["qmin"]), abs(e["qmax"]))
    raise AssertionError("unreachable: the last layer has activation none")


def top1(logits):
    return np.argmax(logits, axis=1)  # ties: the first (smallest) index


def evaluate(cfg_path):
    layers, x, y, in_bits = load_network(cfg_path)
    ex, macs = forward(layers, x, exact=True)
    fl, _ = forward(layers, x, exact=False)
    lo = min(int(m.min()) for m in macs)
    hi = max(int(m.max()) for m in macs)
    return {"config": cfg_path, "exact_correct": int((top1(ex) == y).sum()),
            "float_correct": int((top1(fl) == y).sum()), "n": int(len(y)),
            "mac_min": lo, "mac_max": hi, "in_bits": in_bits}


def main(argv=None):
    ap = argparse.ArgumentParser(description="Independent NumPy evaluation of grausim networks with weights.")
    ap.add_argument("configs", nargs="+", metavar="CONFIG")
    ap.add_argument("--json", action="store_true", help="one JSON object per config")
    args = ap.parse_args(argv)
    status = 0
    for path in args.configs:
        try:
            r = evaluate(path)
        except (ConfigError, OSError, KeyError, ValueError) as e:
            msg = str(e) if isinstance(e, ConfigError) else f"{path}: {type(e).__name__}: {e}"
            print(f"error: {msg}", file=sys.stderr)
            status = 65
            continue
        n = r["n"]
        r["exact_top1"] = round(r["exact_correct"] / n, 4) if n else 0.0
        r["float_top1"] = round(r["float_correct"] / n, 4) if n else 0.0
        w = r["in_bits"]
        if r["mac_min"] < -(1 << (w - 1)) or r["mac_max"] > (1 << (w - 1)) - 1:
            print(f"warning: {path}: MAC results {r['mac_min']}..{r['mac_max']} exceed in_bits {w}", file=sys.stderr)
        if args.json:
            print(json.dumps({k: r[k] for k in ("config", "exact_correct", "float_correct", "n", "exact_top1",
                                               "float_top1")}))
        else:
            print(f"{path} exact_top1={r['exact_correct'] / n:.4f} float_top1={r['float_correct'] / n:.4f} n={n} "
                  f"exact_correct={r['exact_correct']} float_correct={r['float_correct']}")
    return status


if __name__ == "__main__":
    sys.exit(main())
