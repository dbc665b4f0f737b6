#!/usr/bin/env python3
"""Writes the sample traces in traces/ and the .npy test fixtures in Tests/Fixtures/ with numpy itself, so
grausim's .npy reader is tested against files numpy wrote. Values follow closed formulas that the Swift tests
recompute (see Tests/GRAUSimTests/Workload/NpyReaderTests.swift). Re-run from the repository root:

    python3 scripts/make_traces.py
"""
import os
import numpy as np

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
fixtures = os.path.join(root, "Tests", "Fixtures")
traces = os.path.join(root, "traces")
os.makedirs(fixtures, exist_ok=True)
os.makedirs(traces, exist_ok=True)


def pattern(c, h, w):
    """v[c,h,w] = (1000c + 10h + w) * (-1)^(c+h+w)"""
    v = np.zeros((c, h, w), dtype=np.int64)
    for i in range(c):
        for j in range(h):
            for k in range(w):
                v[i, j, k] = (1000 * i + 10 * j + k) * (1 if (i + j + k) % 2 == 0 else -1)
    return v


p = pattern(4, 3, 3)
np.save(os.path.join(fixtures, "trace_i2.npy"), p.astype("<i2"))
# Real-valued MAC results: every value sits exactly on .5, so rounding half away from zero is visible.
np.save(os.path.join(fixtures, "trace_f4.npy"), (p + np.where(p >= 0, 0.5, -0.5)).astype("<f4"))
# Flat int32 with values beyond 16 bits: (i - 18) * 5000 for i in 0..<36, clamped by the reader.
np.save(os.path.join(fixtures, "trace_i4_flat.npy"), ((np.arange(36) - 18) * 5000).astype("<i4"))
with open(os.path.join(fixtures, "trace_v2.npy"), "wb") as f:
    np.lib.format.write_array(f, p.astype("<i2"), version=(2, 0))
# Malformed for the reader: Fortran order, an unsupported dtype, big-endian, wrong shape.
np.save(os.path.join(fixtures, "bad_fortran.npy"), np.asfortranarray(p.astype("<i2")))
np.save(os.path.join(fixtures, "bad_dtype.npy"), p.astype("<u8"))
np.save(os.path.join(fixtures, "bad_bigendian.npy"), p.astype(">i2"))
np.save(os.path.join(fixtures, "bad_shape.npy"), np.zeros((3, 3, 4), dtype="<i2"))

# A sample trace for users: 16 channels of 8x8 real-valued MAC results, N(0, 4096) LSB with per-channel offsets.
rng = np.random.default_rng(2024)
sample = rng.normal(0.0, 4096.0, size=(16, 8, 8)) + rng.normal(0.0, 400.0, size=(16, 1, 1))
np.save(os.path.join(traces, "sample-16x8x8-f4.npy"), sample.astype("<f4"))
np.save(os.path.join(traces, "sample-16x8x8-i2.npy"), np.clip(np.round(sample), -32768, 32767).astype("<i2"))
print("wrote fixtures and traces")
