#!/usr/bin/python3
"""Exports the ONNX zoo cimsim imports (docs/workloads.md, "ONNX import").

Uses Debian's python3-torch, python3-torchvision and python3-onnx; weights are random (nothing is
downloaded). Run with Debian's interpreter:

  /usr/bin/python3 scripts/export_onnx.py --out DIR [--shapes-only] [--tiny] [MODEL ...]

MODEL is any of: resnet18 resnet50 vgg16 alexnet mobilenet_v2 vit_b_16 bert_base lstm
(default: all). --shapes-only exports the parameters as graph inputs instead of initializers
(torch.onnx.export(export_params=False)): the file holds the graph and every shape but no
weight values, a few hundred kB instead of up to 550 MB; cimsim reads both the same way.
--tiny shrinks bert_base and lstm (2 layers, d 64, 4 heads, sequence 16; hidden 32, sequence 8)
for fast tests.
"""
import argparse
import math
import os
import sys

import torch
import torch.nn as nn
import torchvision

OPSET = 13


class BertLayer(nn.Module):
    """One post-LN BERT encoder layer in plain PyTorch (as in the BERT paper / HF BertLayer)."""

    def __init__(self, d, heads, ff):
        super().__init__()
        self.heads, self.dh = heads, d // heads
        self.q, self.k, self.v = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)
        self.o = nn.Linear(d, d)
        self.ln1 = nn.LayerNorm(d)
        self.ff1, self.ff2 = nn.Linear(d, ff), nn.Linear(ff, d)
        self.ln2 = nn.LayerNorm(d)

    def split(self, x):  # [B, T, d] -> [B, h, T, dh]
        b, t, _ = x.shape
        return x.view(b, t, self.heads, self.dh).transpose(1, 2)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.split(self.q(x)), self.split(self.k(x)), self.split(self.v(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.dh)
        ctx = torch.matmul(torch.softmax(scores, dim=-1), v)
        ctx = ctx.transpose(1, 2).reshape(b, t, d)
        x = self.ln1(x + self.o(ctx))
        return self.ln2(x + self.ff2(nn.functional.gelu(self.ff1(x))))


class BertEncoder(nn.Module):
    """BERT-base encoder: the input is the embedded sequence [1, T, d] (no embedding lookup)."""

    def __init__(self, layers=12, d=768, heads=12, ff=3072):
        super().__init__()
        self.layers = nn.ModuleList(BertLayer(d, heads, ff) for _ in range(layers))

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class Lstm(nn.Module):
    """2-layer LSTM returning its output sequence only (not the final states)."""

    def __init__(self, hidden):
        super().__init__()
        self.lstm = nn.LSTM(hidden, hidden, num_layers=2)

    def forward(self, x):
        return self.lstm(x)[0]


def models(tiny):
    tv = torchvision.models
    bert = dict(layers=2, d=64, heads=4, ff=256, seq=16) if tiny else dict(
        layers=12, d=768, heads=12, ff=3072, seq=128)
    lstm = dict(hidden=32, seq=8) if tiny else dict(hidden=512, seq=32)
    img = torch.randn(1, 3, 224, 224)
    return {
        "resnet18": (lambda: tv.resnet18(weights=None), img),
        "resnet50": (lambda: tv.resnet50(weights=None), img),
        "vgg16": (lambda: tv.vgg16(weights=None), img),
        "alexnet": (lambda: tv.alexnet(weights=None), img),
        "mobilenet_v2": (lambda: tv.mobilenet_v2(weights=None), img),
        "vit_b_16": (lambda: tv.vit_b_16(weights=None), img),
        "bert_base": (lambda: BertEncoder(bert["layers"], bert["d"], bert["heads"], bert["ff"]),
                      torch.randn(1, bert["seq"], bert["d"])),
        # 2-layer LSTM over a sequence [T, batch 1, features].
        "lstm": (lambda: Lstm(lstm["hidden"]),
                 torch.randn(lstm["seq"], 1, lstm["hidden"])),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="output directory (created if missing)")
    ap.add_argument("--shapes-only", action="store_true",
                    help="parameters as graph inputs (no weight values): small files")
    ap.add_argument("--tiny", action="store_true", help="small bert_base and lstm for tests")
    ap.add_argument("models", nargs="*", help="models to export (default: all)")
    args = ap.parse_args()
    zoo = models(args.tiny)
    names = args.models or list(zoo)
    for name in names:
        if name not in zoo:
            sys.exit(f"export_onnx: unknown model '{name}'; expected one of {', '.join(zoo)}")
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(0)
    for name in names:
        make, example = zoo[name]
        model = make().eval()
        path = os.path.join(args.out, name + ".onnx")
        # Gradients stay enabled: with them off, torchvision's attention takes a fused fast path
        # (aten::_native_multi_head_attention) that ONNX cannot express.
        torch.onnx.export(model, example, path, opset_version=OPSET,
                          export_params=not args.shapes_only, do_constant_folding=True,
                          input_names=["input"], output_names=["output"])
        print(f"{path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
