#!/usr/bin/env bash
# scripts/plot_accuracy.py renders an accuracy sweep headlessly into a PNG (exit 77, skipped,
# without Debian's python3-matplotlib: scripts/setup.sh --plots).
set -euo pipefail
src=$1 cimsim=$2
/usr/bin/python3 -c "import matplotlib" 2>/dev/null || { echo "no python3-matplotlib"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$src"
"$cimsim" accuracy --config configs/isaac32nm.yaml --net digits_cnn \
  --weights tests/data/digits/weights.npz --data tests/data/digits/test.npz \
  --calib tests/data/digits/calib.npz --images 20 --trials 2 \
  --sweep chip.tile.pe.adc.bits=7,8 --sweep chip.tile.pe.array.analog.variation_sigma=0,0.1 \
  --csv "$out/acc.csv" --quiet
[ "$(wc -l <"$out/acc.csv")" -eq 5 ]
/usr/bin/python3 scripts/plot_accuracy.py "$out/acc.csv" --out "$out/acc.png" >/dev/null
head -c 8 "$out/acc.png" | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a"
[ "$(stat -c %s "$out/acc.png")" -gt 10000 ]
/usr/bin/python3 scripts/plot_accuracy.py "$out/acc.csv" --x no.such.key --out "$out/x.png" \
  2>"$out/err" && exit 1
grep -q "no column 'no.such.key'" "$out/err"
echo "plot_accuracy: rendered"
