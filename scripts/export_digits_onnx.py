#!/usr/bin/python3
"""Exports the trained digits model (tests/data/digits/weights.npz, from scripts/train_digits.py)
as tests/data/digits/digits_cnn.onnx, with its weights as float initializers (w_q x scale), so a
functional run of the ONNX model reads the same integers as one of workloads/digits_cnn.yaml with
the .npz (tests/cli/accuracy_test.cpp checks that both give the same outputs).
Run: /usr/bin/python3 scripts/export_digits_onnx.py [DIGITS_DIR]
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from train_digits import DigitsCnn  # noqa: E402  (the one definition of the model)


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "tests", "data", "digits")
    w = np.load(os.path.join(d, "weights.npz"))
    model = DigitsCnn().eval()
    with torch.no_grad():
        for name in ("conv1", "conv2", "fc"):
            real = w[name].astype(np.float64) * float(w[name + ".scale"][0])
            getattr(model, name).weight.copy_(torch.from_numpy(real.astype(np.float32)))
    out = os.path.join(d, "digits_cnn.onnx")
    torch.onnx.export(model, torch.zeros(1, 1, 8, 8), out, input_names=["x"],
                      output_names=["logits"], opset_version=13)
    print(f"export_digits_onnx: wrote {out}")


if __name__ == "__main__":
    main()
