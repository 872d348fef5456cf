#!/usr/bin/env bash
# scripts/export_onnx.py end to end: exports the tiny BERT encoder and LSTM from PyTorch and checks
# cimsim's totals against the hand formulas (about 10 s, most of it importing torch).
# Skipped (exit 77) when Debian's python3-torch is not installed (scripts/setup.sh --export).
#   tiny bert: 2 layers, d 64, MLP 256, 16 tokens: stationary 2 x (4 x 16 x 64^2 + 2 x 16 x 64 x
#   256) = 1,572,864 MACs, activation x activation 2 x 2 x 16^2 x 64 = 65,536: 1,638,400.
#   tiny lstm: 2 layers, hidden 32, 8 steps: 2 x 8 x (32 + 32) x 4 x 32 = 131,072 MACs.
set -euo pipefail
src=$1 cimsim=$2
/usr/bin/python3 -c "import torch, torchvision, onnx" 2>/dev/null || {
  echo "python3-torch/torchvision/onnx missing: scripts/setup.sh --export installs them"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/python3 "$src/scripts/export_onnx.py" --out "$out" --shapes-only --tiny bert_base lstm \
  >/dev/null 2>&1
"$cimsim" net "$out/bert_base.onnx" | grep -q "MACs:        1,638,400"
"$cimsim" net "$out/bert_base.onnx" | grep -q "totals: .* (12 conv2d/linear)"
"$cimsim" net "$out/lstm.onnx" | grep -q "MACs:        131,072"
echo "export_onnx.py: tiny bert_base and lstm give the hand formulas"
