#!/usr/bin/env python3
"""Tests of scripts/digits_reference.py (numpy + the standard library; no scikit-learn):

    python3 scripts/test_digits_reference.py

(a) random tiny integer networks (dense; conv2d with padding, stride and 2x2 pool; ReLU, Sigmoid, SiLU; signed and
    unsigned codes of 1...8 bits) written to a temp dir as configs + .npy files, evaluated by digits_reference.py
    and by the deliberately naive loop implementation below: logits and top-1 must be equal;
(b) Q_c's rounding on ties and near-ties, and clear errors for bad files;
(c) every committed configs/digits-*.json evaluates without error, and its exact top-1 is the one its description
    states;
(d) scripts/make_network_config.py: a manifest of a committed model reproduces its config (accuracy, in_bits), and
    BatchNorm folding with per-channel weight scales gives z = BN(real MAC output).
Exits non-zero on the first failure.
"""
import decimal
import glob
import json
import math
import os
import re
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import digits_reference as ref  # noqa: E402

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print(f"FAIL: {what}", file=sys.stderr)


# ----------------------------------------------------------------------------- the naive second implementation


def naive_f(name, z):
    if name == "relu":
        return max(z, 0.0)
    s = 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
    return s if name == "sigmoid" else z * s


def naive_round(v):
    # Decimal(v) is the float's exact value; ROUND_HALF_UP rounds ties away from zero.
    return int(decimal.Decimal(v).quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP))


def naive_qc(acc, L, c):
    z = L["gamma"][c] * (float(acc) * L["in_scale"]) + L["beta"][c]
    v = naive_f(L["activation"], z) / L["out_scale"]
    bits = L["out_bits"]
    qmin, qmax = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if L["signed"] else (0, 2**bits - 1)
    v = min(max(v, qmin - 1), qmax + 1)
    return min(max(naive_round(v), qmin), qmax)


def naive_forward(layers, arrays, image):
    """One image through the network with Python ints and loops. image: nested lists (C, H, W) or a flat list."""
    a = image
    for L in layers:
        w = arrays[L["weights"]].tolist()
        b = arrays[L["bias"]].tolist() if "bias" in L else [0] * len(w)
        if L["kind"] == "dense":
            flat = a if not isinstance(a[0], list) else [v for ch in a for row in ch for v in row]
            acc = [sum(w[o][i] * flat[i] for i in range(len(flat))) + b[o] for o in range(len(w))]
            if L["activation"] == "none":
                return acc
            a = [naive_qc(acc[o], L, o) for o in range(len(w))]
        else:
            s, p, k = L.get("stride", 1), L.get("padding", 0), len(w[0][0])
            cin, h, wd = len(a), len(a[0]), len(a[0][0])
            ho, wo = (h + 2 * p - k) // s + 1, (wd + 2 * p - k) // s + 1

            def at(i, y, x):
                y, x = y - p, x - p
                return a[i][y][x] if 0 <= y < h and 0 <= x < wd else 0

            out = []
            for o in range(len(w)):
                plane = []
                for y in range(ho):
                    row = []
                    for x in range(wo):
                        acc = b[o]
                        for i in range(cin):
                            for u in range(k):
                                for v in range(k):
                                    acc += w[o][i][u][v] * at(i, y * s + u, x * s + v)
                        row.append(naive_qc(acc, L, o))
                    plane.append(row)
                if L.get("pool"):
                    plane = [[max(plane[2 * y][2 * x], plane[2 * y][2 * x + 1], plane[2 * y + 1][2 * x],
                                  plane[2 * y + 1][2 * x + 1]) for x in range(wo // 2)] for y in range(ho // 2)]
                out.append(plane)
            a = out
    raise AssertionError("no final layer")


# ------------------------------------------------------------------------------------------ random networks


def random_network(rng, tmp, tag, conv):
    n = 7
    arrays = {}

    def save(name, arr):
        path = f"{tag}-{name}.npy"
        np.save(os.path.join(tmp, path), arr)
        arrays[path] = arr.astype(np.int64)
        return path

    if conv:
        h, wd = int(rng.integers(6, 10)), int(rng.integers(6, 10))
        x = rng.integers(0, 17, (n, 1, h, wd)).astype("<i2")
    else:
        x = rng.integers(0, 17, (n, 12)).astype("<i2")
    y = rng.integers(0, 4, n).astype("<i2")
    specs = []
    if conv:
        specs.append(("c1", "conv2d", 1, 3, {"padding": 1, "stride": 1, "pool": 2}))
        specs.append(("c2", "conv2d", 3, 4, {"padding": int(rng.integers(0, 2)), "stride": 2}))
    else:
        specs.append(("d1", "dense", 12, 9, {}))
        specs.append(("d2", "dense", 9, 6, {}))
    specs.append(("out", "dense", None, 4, {}))
    layers = []
    shape = x.shape[1:]
    code_rms = 9.5  # of the input codes 0..16
    for idx, (name, kind, cin, cout, extra) in enumerate(specs):
        if kind == "conv2d":
            w = rng.integers(-7, 8, (cout, cin, 3, 3)).astype("<i1")
            p, s = extra.get("padding", 0), extra.get("stride", 1)
            ho, wo = (shape[1] + 2 * p - 3) // s + 1, (shape[2] + 2 * p - 3) // s + 1
            if extra.get("pool"):
                ho, wo = ho // 2, wo // 2
            shape = (cout, ho, wo)
            fan = cin * 9
        else:
            fan = int(np.prod(shape))
            w = rng.integers(-100, 101, (cout, fan)).astype("<i2")
            shape = (cout,)
        L = {"name": name, "kind": kind, "weights": save(f"{name}.w", w)}
        if idx % 2 == 0 or name == "out":
            L["bias"] = save(f"{name}.b", rng.integers(-50, 51, cout).astype("<i4"))
        L.update(extra)
        if name == "out":
            L["activation"] = "none"
        else:
            act = ["relu", "sigmoid", "silu"][int(rng.integers(0, 3))]
            bits = int(rng.integers(1, 9))
            signed = act == "silu" and bits > 1
            L.update(activation=act, out_bits=bits, signed=signed,
                     # z about N(beta, (2 gamma)^2): the activations see both their sides
                     in_scale=float(2 / (np.sqrt(fan) * float(w.std()) * code_rms)),
                     out_scale=float(rng.uniform(0.5, 3) / (2 ** bits - 1)),
                     gamma=[float(g) for g in rng.uniform(0.5, 2, cout)],
                     beta=[float(b) for b in rng.normal(0, 0.5, cout)])
            code_rms = max(0.5, 0.4 * (2 ** bits - 1))
        layers.append(L)
    cfg = {"accelerator": {"in_bits": 24},
           "network": {"name": tag, "dataset": {"calibration": save("calib", x), "test": save("test", x),
                                                "test_labels": save("labels", y)}, "layers": layers}}
    path = os.path.join(tmp, f"{tag}.json")
    with open(path, "w") as f:
        json.dump(cfg, f)
    return path, cfg, arrays, x, y


def test_random_networks():
    rng = np.random.default_rng(2026)
    varied = 0
    with tempfile.TemporaryDirectory() as tmp:
        for t in range(24):
            conv = t % 2 == 1
            path, cfg, arrays, x, y = random_network(rng, tmp, f"net{t}", conv)
            layers, tx, ty, _ = ref.load_network(path)
            logits, _ = ref.forward(layers, tx, exact=True)
            naive = [naive_forward(cfg["network"]["layers"], arrays, img.tolist()) for img in x.astype(np.int64)]
            check(logits.tolist() == naive, f"random network {t} (conv={conv}): logits differ from the naive loops")
            naive_top1 = [max(range(len(r)), key=lambda i: (r[i], -i)) for r in naive]
            check(ref.top1(logits).tolist() == naive_top1, f"random network {t}: top-1 differs")
            # The float network agrees with the naive loop network's real version within rounding.
            fl, _ = ref.forward(layers, tx, exact=False)
            check(np.all(np.isfinite(fl)), f"random network {t}: float logits not finite")
            varied += len({tuple(r) for r in naive}) > 1
    # The random scales must exercise the activations, not saturate them into constant logits.
    check(varied >= 18, f"only {varied} of 24 random networks give image-dependent logits")


def test_rounding_and_errors():
    # Ties away from zero and the float just below one half.
    cases = [(2.5, 3), (-2.5, -3), (0.5, 1), (-0.5, -1), (0.49999999999999994, 0), (-0.49999999999999994, 0),
             (1.4999999999999998, 1), (7.0, 7)]
    for v, want in cases:
        check(ref.round_half_away(v) == want, f"round_half_away({v!r}) = {ref.round_half_away(v)}, want {want}")
        check(naive_round(v) == want, f"naive_round({v!r})")
    # Q_c saturates and clamps.
    check(ref.q_c(10**9, 1.0, 1.0, 0.0, "relu", 1.0, 0, 15) == 15, "Q_c saturates at qmax")
    check(ref.q_c(-1278, 0.001, 1.0, 0.0, "silu", 0.01, -8, 7) == -8, "SiLU minimum clamps at qmin")
    check(ref.q_c(-(10**9), 1.0, 1.0, 0.0, "silu", 0.01, -8, 7) == 0, "silu(-big) = 0")
    check(ref.q_c(-(10**9), 1.0, 1.0, 0.0, "sigmoid", 0.1, 0, 15) == 0, "sigmoid(-big) = 0")
    with tempfile.TemporaryDirectory() as tmp:
        rng = np.random.default_rng(7)
        path, cfg, _, x, _ = random_network(rng, tmp, "bad", False)

        def expect_error(mutate, fragment, what):
            c = json.loads(json.dumps(cfg))
            mutate(c, tmp)
            p = os.path.join(tmp, "bad-variant.json")
            with open(p, "w") as f:
                json.dump(c, f)
            try:
                ref.load_network(p)
            except ref.ConfigError as e:
                check(fragment in str(e) and p in str(e), f"{what}: message {e!s} lacks '{fragment}' or the path")
                return
            check(False, f"{what}: no error")

        def wrong_shape(c, tmp):
            np.save(os.path.join(tmp, "w-wrong.npy"), np.zeros((9, 11), dtype="<i2"))
            c["network"]["layers"][0]["weights"] = "w-wrong.npy"

        def float_weights(c, tmp):
            np.save(os.path.join(tmp, "w-float.npy"), np.zeros((9, 12)))
            c["network"]["layers"][0]["weights"] = "w-float.npy"

        def bad_labels(c, tmp):
            np.save(os.path.join(tmp, "y-bad.npy"), np.full(len(x), 4, dtype="<i2"))
            c["network"]["dataset"]["test_labels"] = "y-bad.npy"

        def last_activated(c, tmp):
            c["network"]["layers"][-1]["activation"] = "relu"

        expect_error(wrong_shape, "expected shape (9, 12)", "wrong weight shape")
        expect_error(float_weights, "integer .npy", "float weights")
        expect_error(bad_labels, "labels in 0...3", "label out of range")
        expect_error(last_activated, "last layer", "activated last layer")


def test_committed_configs():
    root = os.path.dirname(HERE)
    paths = sorted(glob.glob(os.path.join(root, "configs", "digits-*.json")))
    check(len(paths) >= 12, f"expected at least the 12 committed configs/digits-*.json, found {len(paths)}")
    for p in paths:
        try:
            r = ref.evaluate(p)
        except Exception as e:  # noqa: BLE001
            check(False, f"{p}: {type(e).__name__}: {e}")
            continue
        with open(p) as f:
            desc = json.load(f).get("description", "")
        m = re.search(r"exact integer network \(Q_c\) (0\.\d{4})", desc)
        check(m is not None, f"{p}: description does not state the exact accuracy")
        if m:
            check(f"{r['exact_correct'] / r['n']:.4f}" == m.group(1),
                  f"{p}: exact top-1 {r['exact_correct'] / r['n']:.4f} != description's {m.group(1)}")
        w = r["in_bits"]
        check(-(1 << (w - 1)) <= r["mac_min"] and r["mac_max"] < 1 << (w - 1), f"{p}: MAC results exceed in_bits")
        check(r["n"] > 0 and r["exact_correct"] > 0.8 * r["n"], f"{p}: implausible accuracy {r}")


def test_make_network_config():
    import contextlib
    import io

    import make_network_config as mk

    root = os.path.dirname(HERE)
    src = os.path.join(root, "configs", "digits-cnv-silu-mixed.json")
    with open(src) as f:
        cfg = json.load(f)
    cdir = os.path.dirname(src)
    with tempfile.TemporaryDirectory() as tmp:
        # (1) The committed model as a manifest (gamma/beta and in_scale given): same network, same in_bits.
        layers = []
        for L in cfg["network"]["layers"]:
            m = {k: v for k, v in L.items() if k not in ("weights", "bias")}
            m["weights"] = os.path.join(cdir, L["weights"])
            m["bias"] = os.path.join(cdir, L["bias"])
            layers.append(m)
        manifest = {"name": "roundtrip", "input_scale": 1 / 16, "layers": layers,
                    "dataset": {k: os.path.join(cdir, v) for k, v in cfg["network"]["dataset"].items()}}
        mpath = os.path.join(tmp, "m.json")
        with open(mpath, "w") as f:
            json.dump(manifest, f)
        out = os.path.join(tmp, "sub", "c.json")
        os.makedirs(os.path.dirname(out))
        with contextlib.redirect_stdout(io.StringIO()):
            code = mk.main([mpath, "-o", out])
        check(code == 0, f"make_network_config exited {code}")
        with open(out) as f:
            made = json.load(f)
        check(made["accelerator"]["in_bits"] == cfg["accelerator"]["in_bits"], "round trip: in_bits differs")
        a, b = ref.evaluate(src), ref.evaluate(out)
        check((a["exact_correct"], a["float_correct"]) == (b["exact_correct"], b["float_correct"]),
              f"round trip: accuracy {a} != {b}")
        for La, Lb in zip(cfg["network"]["layers"], made["network"]["layers"]):
            for k in ("in_scale", "out_scale", "gamma", "beta", "activation", "out_bits", "signed", "pool"):
                check(La.get(k) == Lb.get(k), f"round trip: {La['name']}.{k} differs")
        # (2) BN folding with a per-channel weight scale on a small dense layer.
        rng = np.random.default_rng(5)
        w = rng.integers(-7, 8, (5, 12)).astype("<i1")
        s_w = rng.uniform(0.01, 0.05, 5)
        bn = {"mean": rng.normal(0, 1, 5), "var": rng.uniform(0.5, 2, 5), "weight": rng.uniform(0.5, 2, 5),
              "bias": rng.normal(0, 1, 5)}
        for k, v in bn.items():
            np.save(os.path.join(tmp, f"bn.{k}.npy"), v)
        np.save(os.path.join(tmp, "w1.npy"), w)
        np.save(os.path.join(tmp, "w2.npy"), rng.integers(-7, 8, (3, 5)).astype("<i1"))
        x = rng.integers(0, 16, (4, 12)).astype("<i2")
        np.save(os.path.join(tmp, "x.npy"), x)
        np.save(os.path.join(tmp, "y.npy"), np.array([0, 1, 2, 0], dtype="<i2"))
        manifest = {"input_scale": 0.25, "in_bits": 16,
                    "dataset": {"calibration": "x.npy", "test": "x.npy", "test_labels": "y.npy"},
                    "layers": [{"name": "fc1", "kind": "dense", "weights": "w1.npy", "weight_scale": s_w.tolist(),
                                "bn": {**{k: f"bn.{k}.npy" for k in bn}, "eps": 1e-3}, "activation": "relu",
                                "out_bits": 4, "signed": False, "out_scale": 0.2},
                               {"name": "fc2", "kind": "dense", "weights": "w2.npy", "activation": "none"}]}
        with open(mpath, "w") as f:
            json.dump(manifest, f)
        with contextlib.redirect_stdout(io.StringIO()):
            code = mk.main([mpath, "-o", out])
        check(code == 0, f"make_network_config (BN) exited {code}")
        with open(out) as f:
            L = json.load(f)["network"]["layers"][0]
        real = (x.astype(np.float64) @ w.T.astype(np.float64)) * s_w * 0.25  # the float model's linear output
        want = (real - bn["mean"]) / np.sqrt(bn["var"] + 1e-3) * bn["weight"] + bn["bias"]
        acc = x.astype(np.int64) @ w.T.astype(np.int64)
        got = np.array(L["gamma"]) * (acc * L["in_scale"]) + np.array(L["beta"])
        check(np.allclose(got, want, rtol=1e-12, atol=1e-12), "BN folding: z differs from BN(real MAC output)")
        # (3) A manifest error names the file and the key.
        manifest["layers"][0]["wieght_scale"] = 1
        with open(mpath, "w") as f:
            json.dump(manifest, f)
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = mk.main([mpath, "-o", out])
        check(code == 65 and "wieght_scale" in err.getvalue() and mpath in err.getvalue(),
              f"manifest typo: exit {code}, {err.getvalue()!r}")


if __name__ == "__main__":
    for t in (test_rounding_and_errors, test_random_networks, test_committed_configs, test_make_network_config):
        before = len(FAILURES)
        t()
        print(f"{t.__name__}: {'ok' if len(FAILURES) == before else 'FAILED'}")
    sys.exit(1 if FAILURES else 0)
