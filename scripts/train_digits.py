#!/usr/bin/python3
"""Trains workloads/digits_cnn.yaml on scikit-learn's 8x8 handwritten digits (1,797 images that
Debian's python3-sklearn ships; nothing is downloaded) and writes, under tests/data/digits/:

  weights.npz  INT8 weights per layer (symmetric, per layer: w_q = round(w / s), s = max|w| / 127)
               and NAME.scale (s, float64) -- the model cimsim's functional run programs
  test.npz     the held-out test split: x (N, 1, 8, 8) float32 in [0, 16], y (N,) int64
  calib.npz    64 training images (not from the test split) for activation calibration

Fixed seeds and a fixed split, so a rerun writes the same files (torch on one thread).
Run: /usr/bin/python3 scripts/train_digits.py [OUT_DIR]
"""
import os
import sys

import numpy as np
import torch
from sklearn.datasets import load_digits

SEED = 1
torch.manual_seed(SEED)
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


class DigitsCnn(torch.nn.Module):
    """The layers of workloads/digits_cnn.yaml, no biases (the arrays hold weights only)."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 16, 3, padding=1, bias=False)
        self.conv2 = torch.nn.Conv2d(16, 32, 3, padding=1, bias=False)
        self.fc = torch.nn.Linear(128, 10, bias=False)

    def forward(self, x):
        x = torch.nn.functional.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.nn.functional.max_pool2d(torch.relu(self.conv2(x)), 2)
        return self.fc(torch.flatten(x, 1))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "tests", "data", "digits")
    os.makedirs(out, exist_ok=True)
    d = load_digits()
    x = d.images.astype(np.float32).reshape(-1, 1, 8, 8)
    y = d.target.astype(np.int64)
    perm = np.random.RandomState(SEED).permutation(len(y))
    test_idx, train_idx = perm[:450], perm[450:]
    xt, yt = torch.from_numpy(x[train_idx]), torch.from_numpy(y[train_idx])

    model = DigitsCnn()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    gen = torch.Generator().manual_seed(SEED)
    for _ in range(40):
        order = torch.randperm(len(yt), generator=gen)
        for i in range(0, len(yt), 64):
            b = order[i:i + 64]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(xt[b] / 16.0), yt[b])
            loss.backward()
            opt.step()

    with torch.no_grad():
        pred = model(torch.from_numpy(x[test_idx]) / 16.0).argmax(1).numpy()
    acc = float((pred == y[test_idx]).mean())

    weights = {}
    for name in ("conv1", "conv2", "fc"):
        # The model was trained on x / 16; fold that input scale into the first layer's weights
        # so cimsim feeds the raw pixel values (0..16).
        w = getattr(model, name).weight.detach().numpy().astype(np.float64)
        if name == "conv1":
            w = w / 16.0
        s = np.abs(w).max() / 127.0
        weights[name] = np.clip(np.round(w / s), -127, 127).astype(np.int8)
        weights[name + ".scale"] = np.array([s], dtype=np.float64)
    np.savez(os.path.join(out, "weights.npz"), **weights)
    np.savez(os.path.join(out, "test.npz"), x=x[test_idx], y=y[test_idx])
    np.savez(os.path.join(out, "calib.npz"), x=x[train_idx[:64]], y=y[train_idx[:64]])
    print(f"train_digits: float test accuracy {acc:.4f} on {len(test_idx)} images; wrote {out}")


if __name__ == "__main__":
    main()
