#!/usr/bin/env bash
# Times the functional run (values through the mapped arrays, `cimsim accuracy`): the digits
# test split on both bundled chips, one ResNet-18 image on the digital-macro chip and on the
# analog chip with device variation and read noise. Median CPU time [s] of N runs (default 3).
#   scripts/bench_functional.sh [RUNS]       (needs a built build/cimsim)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
bin=build/cimsim
[ -x "$bin" ] || { echo "bench_functional: build first (scripts/setup.sh)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
digits="--net digits_cnn --weights tests/data/digits/weights.npz --data tests/data/digits/test.npz --calib tests/data/digits/calib.npz"
noise="--set chip.tile.pe.array.analog.variation_sigma=0.1 --set chip.tile.pe.array.analog.read_noise_sigma=0.02"
cases=("digits_test_split isscc28nm|--config configs/isscc28nm.yaml $digits"
       "digits_test_split isaac32nm|--config configs/isaac32nm.yaml $digits"
       "resnet18_1_image isscc28nm|--config configs/isscc28nm.yaml --net resnet18 --data random:1 --calib-images 1"
       "resnet18_1_image isaac32nm_noisy|--config configs/isaac32nm.yaml --net resnet18 --data random:1 --calib-images 1 $noise")
echo "| case | chip | median CPU time [s] | runs |"
echo "| --- | --- | --- | --- |"
for c in "${cases[@]}"; do
  name=${c%%|*} args=${c#*|}
  : >"$tmp/t"
  for _ in $(seq "$runs"); do
    # shellcheck disable=SC2086
    /usr/bin/time -f "%U %S" -o "$tmp/one" "$bin" accuracy $args --quiet
    awk '{print $1 + $2}' "$tmp/one" >>"$tmp/t"
  done
  set -- $name
  echo "| $1 | $2 | $(median <"$tmp/t") | $runs |"
done
