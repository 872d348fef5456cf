#!/usr/bin/env bash
# Simulates networks under every mapping.parallelism (pipeline, data, model, tensor, hybrid) on
# the bundled chips and prints a Markdown table per chip and network (docs/parallelism.md §10):
# the closed-form estimate (sim/chip/plan_estimate.h, printed by `cimsim map`) next to the
# simulated interval and latency, energy, wall time, and what hybrid chose.
#   scripts/parallelism_results.sh [OUT_DIR]      (default results/parallelism; relative paths
#                                                  here and in CIMSIM are from the repository root)
# Environment: CIMSIM (default build/cimsim); CHIPS (default "isscc28nm isaac32nm": configs/NAME.yaml),
# NETS (default "resnet18 vgg8 vgg16 alexnet mobilenet_v2 resnet50"), STRATEGIES (subsets,
# space-separated), IMAGES (default 2, as `cimsim run`), SETS (extra --set arguments for every
# run, e.g. "--set chip.tiles_x=16 --set chip.tiles_y=16 --set chip.tile.pes=32" for the
# 16x16-tile chip of earlier versions of §10), SKIP_RUNS=1 (only print the tables of an earlier
# run). Needs a build (scripts/setup.sh) and /usr/bin/python3. The runs are sequential (one
# core). Per-run wall times go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

cimsim=${CIMSIM:-build/cimsim}
out=${1:-results/parallelism}
chips=${CHIPS:-isscc28nm isaac32nm}
nets=${NETS:-resnet18 vgg8 vgg16 alexnet mobilenet_v2 resnet50}
strategies=${STRATEGIES:-pipeline data model tensor hybrid}
images=${IMAGES:-2}
read -r -a sets <<<"${SETS:-}"
python=/usr/bin/python3

[ -x "$cimsim" ] || { echo "parallelism_results: $cimsim not found; run scripts/setup.sh" >&2; exit 1; }
mkdir -p "$out"

for chip in $chips; do
  for net in $nets; do
    [ "${SKIP_RUNS:-0}" = 1 ] && break 2
    for p in $strategies; do
      dir="$out/$chip-$net-$p"
      rm -rf "$dir" "$dir.map" "$dir.err"
      start=$(date +%s.%N)
      if ! "$cimsim" run --config "configs/$chip.yaml" "${sets[@]}" --net "$net" --parallelism "$p" \
          --images "$images" --quiet --format json --out "$dir" 2>"$dir.err"; then
        echo "$chip $net $p: run failed: $(head -n1 "$dir.err")" >&2
        continue
      fi
      end=$(date +%s.%N)
      wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
      echo "$wall" >"$dir.wall_s"
      echo "$chip $net $p: ${wall} s" >&2
      # The mapping again, with the run's report next to the estimate.
      "$cimsim" map --config "configs/$chip.yaml" "${sets[@]}" --net "$net" --parallelism "$p" \
        --report "$dir/report.json" --format json --out "$dir.map" >"$dir.map.json" 2>>"$dir.err"
    done
  done
done

"$python" - "$out" "$chips" "$nets" "$strategies" "${sets[*]:-}" <<'EOF'
import json, os, sys

out, chips, nets, strategies, sets = sys.argv[1:6]
print(f"Each run: `cimsim run --config configs/CHIP.yaml {sets} --net NET --parallelism P` "
      "(2 images); estimate: `cimsim map ... --report report.json`.")
print()
for chip in chips.split():
    for net in nets.split():
        rows, best_thr, best_lat, hyb = [], 0.0, None, None
        for p in strategies.split():
            base = os.path.join(out, f"{chip}-{net}-{p}")
            rep = os.path.join(base, "report.json")
            if not os.path.exists(rep):
                err = open(base + ".err").read().strip().splitlines() if os.path.exists(base + ".err") else []
                msg = (err[0] if err else "not run").replace("|", "\\|")
                rows.append(f"| {p} | {msg} | | | | | | | | |")
                continue
            r, m = json.load(open(rep)), json.load(open(base + ".map.json"))
            s, e = r["summary"], m["estimate"]
            wall = open(base + ".wall_s").read().strip()
            ei = e["interval_ns"] / s["interval_ns"] - 1
            el = e["latency_ns"] / s["latency_ns"] - 1
            thr = s["throughput_images_per_s"]
            lat = s["latency_ns"]
            if p == "hybrid":
                hyb = (thr, lat, m.get("hybrid_chose", ""))
            else:
                best_thr = max(best_thr, thr)
                best_lat = lat if best_lat is None else min(best_lat, lat)
            rows.append(f"| {p} | {m['levels']} | {s['reload_groups']} | {e['interval_ns'] / 1e3:,.1f} / {s['interval_ns'] / 1e3:,.1f} ({100 * ei:+.0f} %) "
                        f"| {e['latency_ns'] / 1e3:,.1f} / {lat / 1e3:,.1f} ({100 * el:+.0f} %) | {thr:,.0f} "
                        f"| {s['energy_per_image_uJ']:,.1f} | {s['tops_per_w']:.2f} | {wall} | {m.get('hybrid_chose', '')} |")
        print(f"**{net} on {chip}**")
        print()
        print("| strategy | cuts | reload groups | interval: estimate / simulated [µs] | latency: estimate / simulated [µs] "
              "| throughput [images/s] | energy [µJ/image] | TOPS/W | wall [s] | hybrid chose |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for row in rows:
            print(row)
        if hyb and best_lat:
            ok = hyb[0] >= best_thr and hyb[1] <= 1.05 * best_lat
            print()
            print(f"hybrid: throughput {hyb[0]:,.0f} vs best other {best_thr:,.0f}, latency {hyb[1] / 1e3:,.1f} vs best "
                  f"{best_lat / 1e3:,.1f} µs: target {'met' if ok else 'NOT met'}")
        print()
EOF
