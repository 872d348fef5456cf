#!/usr/bin/python3
"""PyTorch fake-quant reference of the digits model, checked against cimsim's functional run.

Recomputes, with torch (float64 tensors holding integers, so every sum is exact) and the
quantization rules of docs/accuracy.md, the outputs of workloads/digits_cnn.yaml on a chip with
signed ACTIVATION_BITS-bit activations, and compares them with the `reference` and `chip`
columns of a `cimsim accuracy --dump` CSV. Exit 0 when every output agrees, 1 otherwise.

Usage: /usr/bin/python3 scripts/check_digits_reference.py DUMP.csv [DATA_DIR] [ACTIVATION_BITS]
"""
import csv
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F


def requant(real, hi, lo, scale):
    return torch.clamp(torch.floor(real / scale + 0.5), lo, hi)


def main():
    dump = sys.argv[1]
    data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(__file__), "..", "tests", "data", "digits")
    bits = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    hi, lo = 2 ** (bits - 1) - 1, -(2 ** (bits - 1))
    w = np.load(os.path.join(data, "weights.npz"))
    calib = np.load(os.path.join(data, "calib.npz"))["x"].astype(np.float64)
    test = np.load(os.path.join(data, "test.npz"))["x"].astype(np.float64)
    wt = {k: torch.from_numpy(w[k].astype(np.float64)) for k in ("conv1", "conv2", "fc")}
    ws = {k: float(w[k + ".scale"][0]) for k in ("conv1", "conv2", "fc")}

    s_in = float(np.abs(calib).max()) / hi
    scales = {}

    def forward(x, calibrating):
        q = requant(torch.from_numpy(x), hi, lo, s_in)
        s = s_in
        for name, relu in (("conv1", True), ("conv2", True), ("fc", False)):
            if name == "fc":
                acc = torch.flatten(q, 1) @ wt[name].T
            else:
                acc = F.conv2d(q, wt[name], padding=1)
            real = acc * (s * ws[name])
            if relu:
                real = torch.clamp(real, min=0.0)
            if calibrating:
                scales[name] = float(real.abs().max()) / hi
            s = scales[name]
            q = requant(real, hi, lo, s)
            if name != "fc":
                q = F.max_pool2d(q, 2)
        return q

    forward(calib, True)
    out = forward(test, False).numpy().astype(np.int64)

    bad = {"reference": 0, "chip": 0}
    n = 0
    with open(dump) as f:
        for row in csv.DictReader(f):
            k, i = int(row["image"]), int(row["output"])
            for col in bad:
                if int(row[col]) != out[k, i]:
                    bad[col] += 1
            n += 1
    if n != out.size:
        print(f"check_digits_reference: the dump has {n} outputs, expected {out.size}")
        return 1
    top1 = out.argmax(1)
    labels = np.load(os.path.join(data, "test.npz"))["y"]
    print(f"check_digits_reference: {n} outputs; PyTorch fake-quant top-1 "
          f"{(top1 == labels).mean():.4f}; differing from cimsim's reference: {bad['reference']}, "
          f"from cimsim's chip: {bad['chip']}")
    return 0 if bad["reference"] == 0 and bad["chip"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
