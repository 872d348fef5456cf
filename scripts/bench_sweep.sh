#!/usr/bin/env bash
# Sweep speed benchmark: configs/sweeps/bench_100.yaml (100 points, resnet18 and vgg8 on
# isscc28nm, 4 keys) from scratch with -j 2, then the same command again (every point reused).
# Target: the fresh sweep in <= 60 s on a 2-core machine.
#   scripts/bench_sweep.sh [path/to/cimsim]      (default build/cimsim)
set -euo pipefail
cd "$(dirname "$0")/.."
cimsim=${1:-build/cimsim}
out=$(mktemp -d /tmp/cimsim-bench-sweep-XXXXXX)
trap 'rm -rf "$out"' EXIT
start=$(date +%s.%N)
TIMEFORMAT='%U %S'
{ time "$cimsim" sweep configs/sweeps/bench_100.yaml -j 2 --quiet --out "$out/s"; } 2>"$out/cpu"
mid=$(date +%s.%N)
"$cimsim" sweep configs/sweeps/bench_100.yaml -j 2 --quiet --out "$out/s"
end=$(date +%s.%N)
ok=$(grep -c ',ok,' "$out/s/sweep.csv")
fresh=$(echo "$mid - $start" | bc)
rerun=$(echo "$end - $mid" | bc)
cpu=$(awk '{print $1 + $2}' "$out/cpu")
# On a shared machine the wall time includes other jobs' load; CPU time / 2 is what the sweep
# takes on 2 idle cores.
printf 'bench_sweep: %d points ok, fresh %.1f s wall (%.1f s CPU, so %.1f s on 2 idle cores; load %s), rerun %.2f s\n' \
  "$ok" "$fresh" "$cpu" "$(echo "$cpu / 2" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)" "$rerun"
[ "$ok" -eq 100 ] || { echo "bench_sweep: expected 100 ok points" >&2; exit 1; }
