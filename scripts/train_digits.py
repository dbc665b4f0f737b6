#!/usr/bin/env python3
"""Trains the quantized digits networks of docs/networks-export.md and exports them for grausim (numpy + scikit-learn).

    scripts/train_digits.py [--out-data data/digits] [--out-configs configs] [--only MODEL ...] [--epochs N]

scikit-learn is used only for its bundled 8x8 digits (`load_digits`, no download); everything else is numpy.
Twelve models: an SFC-like MLP 64-256-256-256-10 with ReLU, Sigmoid and SiLU at 4 bits, 8 bits and mixed
precision, and a small CNV-like CNN (three 3x3 conv blocks, then dense) with the three functions at mixed precision.
Each is trained with quantization-aware training (straight-through estimator) of weights and activations in
exactly the integer form grausim evaluates (docs/networks-export.md):

    acc = W_int · a_prev + b_int                       (exact integers; a_prev are the previous layer's codes)
    z   = gamma_c · (acc · in_scale) + beta_c          (in_scale = weight scale × previous output scale)
    q   = clamp(round_half_away(f(z) / out_scale), qmin, qmax)     (zero point 0)

and exported to data/digits/<model>/ (int16 input codes, int8 weights, int32 biases) plus configs/digits-<model>.json.
The run is deterministic: a rerun on the same machine writes the same files bit for bit (BLAS is forced to one
thread before numpy loads; exported floats are cut to 9 significant digits). Another BLAS kernel or CPU may sum in
another order and train (the CNV models, in practice) to different weights; the committed files are the reference. Both the float network (activations unrounded, as grausim's "float") and the exact
integer network are evaluated on the test split and printed; scripts/digits_reference.py re-derives the latter
independently from the exported files.
"""
import os

# One BLAS thread: a multi-threaded float reduction may change its order, and with it the trained bits.
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import pathlib  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

SEED = 15
TEST_N = 360
CALIB_N = 256
IN_SCALE0 = 1.0 / 16  # digits pixels 0..16 are the input codes
IN_BITS_CHOICES = (12, 16, 20, 24, 28, 32)
FUNCTIONS = ("relu", "sigmoid", "silu")

# Per precision: weight bits per layer and output bits per activated layer (the last layer has none).
SFC_PRECISIONS = {
    "4": ([4, 4, 4, 4], [4, 4, 4]),
    "8": ([8, 8, 8, 8], [8, 8, 8]),
    "mixed": ([8, 4, 2, 8], [8, 4, 2]),
}
CNV_MIXED = ([8, 4, 4, 8], [8, 4, 2])
# Output range (in real units) each activation width spans: f(z) in [0, R] (ReLU) or [-0.28, R] (SiLU).
RANGE_BY_BITS = {8: 4.0, 4: 2.0, 2: 1.0}
# Weight clipping range in standard deviations per weight width (8 bits: the maximum).
WCLIP_STD = {4: 3.0, 2: 1.5}


# ----------------------------------------------------------------------------------------------------------- data


def load_splits():
    """Digits codes and labels, split into (train, test) stratified by class from SEED, and a calibration subset
    of the training split. Returns x (N, 8, 8) int16, y (N,) int16 and the three index arrays."""
    from sklearn.datasets import load_digits

    d = load_digits()
    x = d.images.astype(np.int16)
    assert np.array_equal(x, d.images), "digits pixels are integers 0..16"
    y = d.target.astype(np.int16)
    rng = np.random.default_rng(SEED)
    classes, counts = np.unique(y, return_counts=True)
    share = TEST_N * counts / counts.sum()
    take = np.floor(share).astype(int)
    for c in np.argsort(-(share - take), kind="stable")[: TEST_N - take.sum()]:
        take[c] += 1
    test = []
    for c, t in zip(classes, take):
        idx = np.flatnonzero(y == c)
        test.extend(rng.permutation(idx)[:t].tolist())
    test = np.sort(np.array(test))
    train = np.setdiff1d(np.arange(len(y)), test)
    train = rng.permutation(train)
    calib = np.sort(train[:CALIB_N])
    return x, y, train, test, calib


# ------------------------------------------------------------------------------------------- activation functions


def f_train(name, z):
    """f(z) and f'(z) with numpy (training only; the exported evaluation uses math.exp)."""
    if name == "relu":
        return np.maximum(z, 0.0), (z > 0).astype(z.dtype)
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    if name == "sigmoid":
        return s, s * (1 - s)
    return z * s, s + z * s * (1 - s)


def f_exact(name, z):
    """grausim's ActivationFunction with glibc's exp through math.exp (elementwise), binary64."""
    if name == "relu":
        return np.where(z > 0, z, 0.0)
    e = np.vectorize(math.exp, otypes=[np.float64])(-np.abs(z)) if z.size else np.zeros_like(z)
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return s if name == "sigmoid" else z * s


def round_away(v):
    """Round half away from zero, exactly (v - trunc(v) is exact in binary64)."""
    t = np.trunc(v)
    return t + np.sign(v) * (np.abs(v - t) >= 0.5)


def code_range(bits, signed):
    return (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)


# ----------------------------------------------------------------------------------------------------- conv tools


def im2col(a, k, pad, stride):
    """(B, C, H, W) -> (B, Ho, Wo, C*k*k), column order c*k*k + u*k + v (the weights' reshape order)."""
    b, c, h, w = a.shape
    ho, wo = (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1
    ap = np.pad(a, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    cols = np.empty((b, ho, wo, c, k, k), dtype=a.dtype)
    for u in range(k):
        for v in range(k):
            cols[:, :, :, :, u, v] = ap[:, :, u : u + stride * ho : stride, v : v + stride * wo : stride].transpose(
                0, 2, 3, 1
            )
    return cols.reshape(b, ho, wo, c * k * k)


def col2im(dcols, shape, k, pad, stride):
    b, c, h, w = shape
    ho, wo = dcols.shape[1], dcols.shape[2]
    d = dcols.reshape(b, ho, wo, c, k, k)
    dap = np.zeros((b, c, h + 2 * pad, w + 2 * pad))
    for u in range(k):
        for v in range(k):
            dap[:, :, u : u + stride * ho : stride, v : v + stride * wo : stride] += d[:, :, :, :, u, v].transpose(
                0, 3, 1, 2
            )
    return dap[:, :, pad : pad + h, pad : pad + w]


def pool2(a):
    """2x2 max-pool, stride 2, floor; returns the pooled array and the argmax mask for the backward pass."""
    b, c, h, w = a.shape
    ho, wo = h // 2, w // 2
    blk = a[:, :, : 2 * ho, : 2 * wo].reshape(b, c, ho, 2, wo, 2).transpose(0, 1, 2, 4, 3, 5).reshape(b, c, ho, wo, 4)
    arg = blk.argmax(axis=-1)
    return np.take_along_axis(blk, arg[..., None], -1)[..., 0], arg


def unpool2(d, arg, shape):
    b, c, h, w = shape
    ho, wo = d.shape[2], d.shape[3]
    blk = np.zeros((b, c, ho, wo, 4))
    np.put_along_axis(blk, arg[..., None], d[..., None], -1)
    out = np.zeros(shape)
    out[:, :, : 2 * ho, : 2 * wo] = blk.reshape(b, c, ho, wo, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(b, c, 2 * ho, 2 * wo)
    return out


# ---------------------------------------------------------------------------------------------------------- model


def make_layers(arch, function, precision, rng):
    """The layer list of one model, with float parameters initialised from rng."""
    if arch == "sfc":
        wbits, abits = SFC_PRECISIONS[precision]
        shapes = [("fc1", "dense", 64, 256), ("fc2", "dense", 256, 256), ("fc3", "dense", 256, 256), ("fc4", "dense", 256, 10)]
        extra = [{}] * 4
    else:
        wbits, abits = CNV_MIXED
        shapes = [("conv1", "conv2d", 1, 16), ("conv2", "conv2d", 16, 32), ("conv3", "conv2d", 32, 64), ("fc4", "dense", 256, 10)]
        extra = [{"k": 3, "pad": 1, "stride": 1, "pool": 2}, {"k": 3, "pad": 1, "stride": 1, "pool": 2},
                 {"k": 3, "pad": 1, "stride": 1, "pool": 0}, {}]
    layers = []
    for i, ((name, kind, fin, fout), ex) in enumerate(zip(shapes, extra)):
        last = i == len(shapes) - 1
        fan_in = fin * (ex["k"] ** 2 if kind == "conv2d" else 1)
        wshape = (fout, fin, ex["k"], ex["k"]) if kind == "conv2d" else (fout, fin)
        L = {"name": name, "kind": kind, "wbits": wbits[i], **ex,
             "w": rng.normal(0, math.sqrt(2 / fan_in), wshape), "b": np.zeros(fout)}
        if last:
            L["act"] = "none"
        else:
            bits = abits[i]
            signed = function == "silu"
            L.update(act=function, bits=bits, signed=signed, gamma=np.ones(fout), beta=np.zeros(fout))
            qmin, qmax = code_range(bits, signed)
            if function == "sigmoid":
                L["out_scale"] = 1.0 / qmax
            else:
                L["out_scale"] = RANGE_BY_BITS[bits] / qmax
            L["qmin"], L["qmax"] = qmin, qmax
        layers.append(L)
    return layers


def weight_scale(w, bits):
    qmax = (1 << (bits - 1)) - 1
    clip = np.abs(w).max() if bits >= 8 else min(np.abs(w).max(), WCLIP_STD[bits] * w.std())
    return float(clip / qmax), qmax


def forward(layers, x, train=True):
    """QAT forward on real inputs x (codes × 1/16). Returns logits and the cache for backward."""
    a = x
    s_prev = IN_SCALE0
    cache = []
    for L in layers:
        sw, qmax = weight_scale(L["w"], L["wbits"])
        wq = np.clip(round_away(L["w"] / sw), -qmax, qmax) * sw
        in_scale = sw * s_prev
        bq = round_away(L["b"] / in_scale) * in_scale
        c = {"in_shape": a.shape, "wq": wq}
        if L["kind"] == "conv2d":
            if a.ndim == 2:
                a = a.reshape(-1, 1, 8, 8)
                c["in_shape"] = a.shape
            cols = im2col(a, L["k"], L["pad"], L["stride"])
            acc = (cols @ wq.reshape(wq.shape[0], -1).T + bq).transpose(0, 3, 1, 2)
            c["cols"] = cols
            bshape = (1, -1, 1, 1)
        else:
            if a.ndim > 2:
                a = a.reshape(a.shape[0], -1)
            acc = a @ wq.T + bq
            c["a"] = a
            bshape = (1, -1)
        if L["act"] == "none":
            cache.append(c)
            return acc, cache
        c["acc"] = acc
        z = L["gamma"].reshape(bshape) * acc + L["beta"].reshape(bshape)
        y, dy = f_train(L["act"], z)
        v = y / L["out_scale"]
        q = np.clip(round_away(v), L["qmin"], L["qmax"])
        c["dz"] = dy * ((v >= L["qmin"] - 0.5) & (v <= L["qmax"] + 0.5)) / L["out_scale"]
        a = q * L["out_scale"]
        c["bshape"] = bshape
        if L.get("pool"):
            c["pre_pool"] = a.shape
            a, c["arg"] = pool2(a)
        s_prev = L["out_scale"]
        cache.append(c)


def backward(layers, cache, dlogits):
    grads = [None] * len(layers)
    d = dlogits
    for i in range(len(layers) - 1, -1, -1):
        L, c = layers[i], cache[i]
        g = {}
        if L["act"] != "none":
            if L.get("pool"):
                d = unpool2(d, c["arg"], c["pre_pool"])
            # d is dLoss/d(output real value) = dLoss/dq * out_scale; dq/dz through the STE
            dz = d * c["dz"] * L["out_scale"]
            ax = (0, 2, 3) if L["kind"] == "conv2d" else (0,)
            g["gamma"] = (dz * c["acc"]).sum(axis=ax)
            g["beta"] = dz.sum(axis=ax)
            d = dz * L["gamma"].reshape(c["bshape"])
        wq = c["wq"]
        if L["kind"] == "conv2d":
            dflat = d.transpose(0, 2, 3, 1)
            g["b"] = dflat.sum(axis=(0, 1, 2))
            cols = c["cols"]
            g["w"] = (dflat.reshape(-1, dflat.shape[-1]).T @ cols.reshape(-1, cols.shape[-1])).reshape(wq.shape)
            if i > 0:
                dcols = dflat @ wq.reshape(wq.shape[0], -1)
                d = col2im(dcols, c["in_shape"], L["k"], L["pad"], L["stride"])
        else:
            g["b"] = d.sum(axis=0)
            g["w"] = d.T @ c["a"]
            if i > 0:
                d = (d @ wq).reshape(c["in_shape"])
        grads[i] = g
    return grads


def train(layers, x, y, rng, epochs, batch=64, lr=3e-3):
    m = {id(L) * 8 + j: np.zeros_like(L[k]) for L in layers for j, k in enumerate(("w", "b", "gamma", "beta")) if k in L}
    v = {key: np.zeros_like(val) for key, val in m.items()}
    t = 0
    b1, b2, eps = 0.9, 0.999, 1e-8
    steps = epochs * ((len(x) + batch - 1) // batch)
    for epoch in range(epochs):
        order = rng.permutation(len(x))
        for s in range(0, len(x), batch):
            idx = order[s : s + batch]
            logits, cache = forward(layers, x[idx])
            logits = logits - logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(len(idx)), y[idx]] -= 1
            grads = backward(layers, cache, p / len(idx))
            t += 1
            rate = lr * 0.5 * (1 + math.cos(math.pi * t / steps))  # cosine decay
            for L, g in zip(layers, grads):
                for j, k in enumerate(("w", "b", "gamma", "beta")):
                    if k not in L:
                        continue
                    key = id(L) * 8 + j
                    m[key] = b1 * m[key] + (1 - b1) * g[k]
                    v[key] = b2 * v[key] + (1 - b2) * g[k] ** 2
                    mh = m[key] / (1 - b1**t)
                    vh = v[key] / (1 - b2**t)
                    L[k] = L[k] - rate * mh / (np.sqrt(vh) + eps)


# --------------------------------------------------------------------------------------------------------- export


def short(x):
    """x to 9 significant digits: a BLAS kernel summing in another order changes trained floats in their last bits,
    which this hides (the exported value *is* the network, so nothing is lost), and the JSON stays short."""
    return float(f"{float(x):.9g}")


def export(layers):
    """The integer network: per layer integer weights/bias and the Q_c parameters as Python floats."""
    out = []
    s_prev = IN_SCALE0
    for L in layers:
        sw, qmax = weight_scale(L["w"], L["wbits"])
        w_int = np.clip(round_away(L["w"] / sw), -qmax, qmax).astype(np.int64)
        in_scale = short(sw * s_prev)
        b_int = round_away(L["b"] / in_scale).astype(np.int64)
        e = {"name": L["name"], "kind": L["kind"], "w": w_int, "b": b_int, "act": L["act"]}
        if L["kind"] == "conv2d":
            e.update(stride=L["stride"], padding=L["pad"], pool=L["pool"])
        if L["act"] != "none":
            e.update(bits=L["bits"], signed=L["signed"], in_scale=in_scale, out_scale=float(L["out_scale"]),
                     gamma=[short(g) for g in L["gamma"]], beta=[short(b) for b in L["beta"]])
            s_prev = L["out_scale"]
        out.append(e)
    return out


def int_forward(net, codes, exact=True):
    """The exported network on input codes: exact integers and Q_c (exact=True), or the float network. Returns
    logits and every layer's MAC results (for in_bits)."""
    a = codes.astype(np.int64 if exact else np.float64)
    macs = []
    for e in net:
        w = e["w"] if exact else e["w"].astype(np.float64)
        b = e["b"] if exact else e["b"].astype(np.float64)
        if e["kind"] == "conv2d":
            k = w.shape[2]
            cols = im2col(a, k, e["padding"], e["stride"])
            acc = (cols @ w.reshape(w.shape[0], -1).T + b).transpose(0, 3, 1, 2)
            bshape = (1, -1, 1, 1)
        else:
            a = a.reshape(a.shape[0], -1)
            acc = a @ w.T + b
            bshape = (1, -1)
        macs.append(acc)
        if e["act"] == "none":
            return acc, macs
        g = np.array(e["gamma"]).reshape(bshape)
        be = np.array(e["beta"]).reshape(bshape)
        z = g * (acc.astype(np.float64) * e["in_scale"]) + be
        v = f_exact(e["act"], z) / e["out_scale"]
        if exact:
            qmin, qmax = code_range(e["bits"], e["signed"])
            v = np.clip(v, qmin - 1, qmax + 1)
            a = np.clip(round_away(v), qmin, qmax).astype(np.int64)
        else:
            a = v
        if e.get("pool"):
            a, _ = pool2(a)


def top1(logits, labels):
    return int((np.argmax(logits, axis=1) == labels).sum())


def choose_in_bits(macs_lists):
    lo = min(int(m.min()) for macs in macs_lists for m in macs)
    hi = max(int(m.max()) for macs in macs_lists for m in macs)
    for w in IN_BITS_CHOICES:
        if -(1 << (w - 1)) <= lo and hi <= (1 << (w - 1)) - 1:
            return w
    raise SystemExit(f"train_digits.py: MAC results {lo}..{hi} do not fit 32 bits")


def dumps_config(cfg):
    """JSON with two-space indent, arrays of scalars (gamma, beta, units) on one line."""
    flat = {}

    def mark(o):
        if isinstance(o, dict):
            return {k: mark(v) for k, v in o.items()}
        if isinstance(o, list) and all(not isinstance(v, (dict, list)) for v in o):
            key = f"@@{len(flat)}@@"
            flat[key] = json.dumps(o, ensure_ascii=False)
            return key
        if isinstance(o, list):
            return [mark(v) for v in o]
        return o

    text = json.dumps(mark(cfg), indent=2, ensure_ascii=False)
    for key, val in flat.items():
        text = text.replace(f'"{key}"', val)
    return text + "\n"


FUNCTION_TITLE = {"relu": "ReLU", "sigmoid": "Sigmoid", "silu": "SiLU"}


def describe(arch, function, precision, float_acc, exact_acc, n):
    if arch == "sfc":
        wb, ab = SFC_PRECISIONS[precision]
        shape = "SFC-like MLP 64-256-256-256-10"
    else:
        wb, ab = CNV_MIXED
        shape = "CNV-like CNN conv3x3(16)+pool, conv3x3(32)+pool, conv3x3(64), dense 256-10"
    if precision == "mixed":
        prec = f"mixed precision (weights {'/'.join(map(str, wb))} bits, hidden outputs {'/'.join(map(str, ab))} bits)"
    else:
        prec = f"{precision}-bit weights and activations"
    return (f"{shape} on scikit-learn's 8x8 digits, {FUNCTION_TITLE[function]}, {prec}; quantization-aware trained "
            f"by scripts/train_digits.py (seed {SEED}). Test top-1 on {n} held-out images: float network "
            f"{float_acc:.4f}, exact integer network (Q_c) {exact_acc:.4f}.")


def write_model(model, arch, function, precision, net, x, y, test, calib, float_acc, exact_acc, in_bits,
                out_data, out_configs):
    d = out_data / model
    d.mkdir(parents=True, exist_ok=True)
    shape = (-1, 64) if arch == "sfc" else (-1, 1, 8, 8)
    np.save(d / "calib_x.npy", x[calib].reshape(shape).astype("<i2"))
    np.save(d / "test_x.npy", x[test].reshape(shape).astype("<i2"))
    np.save(d / "test_y.npy", y[test].astype("<i2"))
    rel = os.path.relpath(d, out_configs)
    layers = []
    for e in net:
        wdt = "<i1" if np.abs(e["w"]).max() <= 127 else "<i2"
        np.save(d / f"{e['name']}.w.npy", e["w"].astype(wdt))
        np.save(d / f"{e['name']}.b.npy", e["b"].astype("<i4"))
        j = {"name": e["name"], "kind": e["kind"], "weights": f"{rel}/{e['name']}.w.npy",
             "bias": f"{rel}/{e['name']}.b.npy"}
        if e["kind"] == "conv2d":
            j.update(stride=e["stride"], padding=e["padding"])
            if e["pool"]:
                j["pool"] = e["pool"]
        j["activation"] = e["act"]
        if e["act"] != "none":
            j.update(out_bits=e["bits"], signed=e["signed"], in_scale=e["in_scale"], out_scale=e["out_scale"],
                     gamma=e["gamma"], beta=e["beta"])
        layers.append(j)
    cfg = {
        "description": describe(arch, function, precision, float_acc, exact_acc, len(test)),
        "accelerator": {"lanes": 1, "in_bits": in_bits, "units": ["grau", "mt", "mt_bs"],
                        "grau": {"segments": 6, "slopes": "pot", "pre_shift": "auto", "stages": "auto"}},
        "network": {
            "name": f"digits-{model}",
            "dataset": {"calibration": f"{rel}/calib_x.npy", "test": f"{rel}/test_x.npy",
                        "test_labels": f"{rel}/test_y.npy"},
            "layers": layers,
        },
        "stimulus": {"seed": 1},
    }
    path = out_configs / f"digits-{model}.json"
    text = dumps_config(cfg)
    assert json.loads(text) == cfg
    path.write_text(text)
    return path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    root = pathlib.Path(__file__).resolve().parent.parent
    ap.add_argument("--out-data", type=pathlib.Path, default=root / "data" / "digits")
    ap.add_argument("--out-configs", type=pathlib.Path, default=root / "configs")
    ap.add_argument("--only", nargs="*", help="model names (default: all twelve)")
    ap.add_argument("--epochs", type=int, default=30)
    args = ap.parse_args(argv)
    x, y, train_idx, test, calib = load_splits()
    models = [(f"sfc-{f}-{p}", "sfc", f, p) for p in ("4", "8", "mixed") for f in FUNCTIONS]
    models += [(f"cnv-{f}-mixed", "cnv", f, "mixed") for f in FUNCTIONS]
    if args.only:
        unknown = set(args.only) - {m[0] for m in models}
        if unknown:
            sys.exit(f"train_digits.py: unknown model(s) {sorted(unknown)}; known: {[m[0] for m in models]}")
        models = [m for m in models if m[0] in args.only]
    args.out_configs.mkdir(parents=True, exist_ok=True)
    print(f"{'model':<18} {'qat_train':>9} {'float_top1':>10} {'exact_top1':>10} {'exact_correct':>13} "
          f"{'in_bits':>7} {'seconds':>7}")
    for model, arch, function, precision in models:
        t0 = time.time()
        rng = np.random.default_rng(hash_name(model))
        layers = make_layers(arch, function, precision, rng)
        xt = x[train_idx].astype(np.float64) * IN_SCALE0
        xt = xt.reshape(-1, 64) if arch == "sfc" else xt.reshape(-1, 1, 8, 8)
        train(layers, xt, y[train_idx].astype(np.int64), rng, args.epochs)
        qat_train = top1(forward(layers, xt)[0], y[train_idx])
        net = export(layers)
        shape = (-1, 64) if arch == "sfc" else (-1, 1, 8, 8)
        tx, cx = x[test].reshape(shape), x[calib].reshape(shape)
        fl, _ = int_forward(net, tx, exact=False)
        ex, macs_t = int_forward(net, tx)
        _, macs_c = int_forward(net, cx)
        in_bits = choose_in_bits([macs_t, macs_c])
        n = len(test)
        fa, ea = top1(fl, y[test]) / n, top1(ex, y[test]) / n
        path = write_model(model, arch, function, precision, net, x, y, test, calib, fa, ea, in_bits,
                           args.out_data, args.out_configs)
        # The exported config, read back: the exact network from exactly the numbers grausim reads.
        cfg = json.loads(path.read_text())
        for e, j in zip(net, cfg["network"]["layers"]):
            for k in ("in_scale", "out_scale", "gamma", "beta"):
                if k in j:
                    assert j[k] == e[k], (model, e["name"], k)
        print(f"{model:<18} {qat_train / len(train_idx):>9.4f} {fa:>10.4f} {ea:>10.4f} {top1(ex, y[test]):>13d} "
              f"{in_bits:>7d} {time.time() - t0:>7.1f}", flush=True)


def hash_name(name):
    """A seed from the model name (stable across runs, unlike hash())."""
    h = SEED
    for ch in name.encode():
        h = (h * 131 + ch) % (1 << 61)
    return h


if __name__ == "__main__":
    main()
