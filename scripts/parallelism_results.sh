#!/usr/bin/env bash
# Simulates resnet18, vgg16 and alexnet under every mapping.parallelism (pipeline, data, model,
# tensor, hybrid) on one chip that holds each network without reload groups, and prints a
# Markdown table per network (docs/parallelism.md, "Results").
#   scripts/parallelism_results.sh [OUT_DIR]      (default results/parallelism; relative paths
#                                                  here and in CIMSIM are from the repository root)
# Environment: CIMSIM (default build/cimsim), NETS, STRATEGIES (space-separated subsets),
# IMAGES (default 2, as `cimsim run`), ONE_IMAGE (NET:STRATEGY runs made with --images 1, default
# "vgg16:model vgg16:tensor": with 2 images vgg16 under model took 267 s, over our 2-minute
# budget per run), SKIP_RUNS=1 (only print the tables of an earlier run).
# Needs a build (scripts/setup.sh) and /usr/bin/python3. The runs are sequential (one core);
# the whole set takes about 7 minutes on a 2-core machine, most of it resnet18 and vgg16 under
# model and tensor. Per-run wall times go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

cimsim=${CIMSIM:-build/cimsim}
out=${1:-results/parallelism}
nets=${NETS:-resnet18 vgg16 alexnet}
strategies=${STRATEGIES:-pipeline data model tensor hybrid}
images=${IMAGES:-2}
one_image=${ONE_IMAGE-vgg16:model vgg16:tensor}
python=/usr/bin/python3

# The chip: configs/isscc28nm.yaml (ISSCC'22 macros of 512 x 8 INT8 weights, 8 per PE) with a
# 16 x 16 mesh of tiles of 32 PEs: 65536 macros = 268 M weights, so vgg16 (138 M) fits once
# with room for copies, and 256 tiles allow up to 8 binary cuts. See docs/parallelism.md §10.
config=configs/isscc28nm.yaml
chip_sets=(--set chip.tiles_x=16 --set chip.tiles_y=16 --set chip.tile.pes=32)

[ -x "$cimsim" ] || { echo "parallelism_results: $cimsim not found; run scripts/setup.sh" >&2; exit 1; }
mkdir -p "$out"

for net in $nets; do
  [ "${SKIP_RUNS:-0}" = 1 ] && break
  for p in $strategies; do
    dir="$out/$net-$p"
    n=$images
    case " $one_image " in *" $net:$p "*) n=1 ;; esac
    rm -rf "$dir" "$dir.map" "$dir.err"
    if ! "$cimsim" map --config "$config" "${chip_sets[@]}" --net "$net" --parallelism "$p" \
        --format json --out "$dir.map" >"$dir.map.json" 2>"$dir.err"; then
      echo "$net $p: map failed: $(head -n1 "$dir.err")" >&2
      continue
    fi
    start=$(date +%s.%N)
    if ! "$cimsim" run --config "$config" "${chip_sets[@]}" --net "$net" --parallelism "$p" \
        --images "$n" --quiet --format json --out "$dir" 2>"$dir.err"; then
      echo "$net $p: run failed: $(head -n1 "$dir.err")" >&2
      continue
    fi
    end=$(date +%s.%N)
    wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
    echo "$wall" >"$dir.wall_s"
    echo "$net $p: ${wall} s" >&2
  done
done

"$python" - "$out" "$nets" "$strategies" "$images" "$config" "${chip_sets[*]}" <<'EOF'
import json, os, sys
import yaml

out, nets, strategies, images, config, sets = sys.argv[1:7]
print(f"Each run: `cimsim run --config {config} {sets} --net NET --parallelism P --images N`")
print()

def bound_list(layers):
    """Interconnect-bound layers: named when few, else 'all but' the others."""
    names = [l["name"] for l in layers]
    bound = [l["name"] for l in layers if l["bound"] == "interconnect"]
    if not bound:
        return "none"
    if len(bound) * 2 <= len(names):
        return f"{len(bound)}/{len(names)}: " + ", ".join(bound)
    rest = [n for n in names if n not in bound]
    return f"{len(bound)}/{len(names)}: " + ("all but " + ", ".join(rest) if rest else "all")

for net in nets.split():
    print(f"**{net}**")
    print()
    print("| strategy | images | cuts | planner estimate [µs] | latency [µs] | throughput [images/s] | images / run time [images/s] | energy [µJ/image] | of it NoC [µJ] "
          "| TOPS/W | NoC packets / avg latency [cycles] | hottest link: utilization | interconnect-bound layers |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    choices = []
    for p in strategies.split():
        base = os.path.join(out, f"{net}-{p}")
        rep = os.path.join(base, "report.json")
        if not os.path.exists(rep):
            err = open(base + ".err").read().strip().splitlines()
            msg = (err[0] if err else "failed").replace("|", "\\|")
            print(f"| {p} | | | | {msg} | | | | | | | | |")
            continue
        m = json.load(open(base + ".map.json"))
        r = json.load(open(rep))
        s, n = r["summary"], r["noc"]
        assert s["reload_groups"] == 1, f"{net} {p}: {s['reload_groups']} reload groups"
        clock_MHz = yaml.safe_load(open(os.path.join(base, "config.resolved.yaml")))["chip"]["clock_MHz"]
        est = f"{m['planner']['cycles'] / clock_MHz:,.1f}" if "planner" in m else "—"
        noc_uJ = r["energy_per_image_by_group_pJ"]["noc"] * 1e-6
        print(f"| {p} | {r['run']['images']} | {m['levels']} | {est} | {s['latency_ns'] / 1e3:,.1f} | {s['throughput_images_per_s']:,.0f} "
              f"| {r['run']['images'] / s['run_time_ns'] * 1e9:,.0f} "
              f"| {s['energy_per_image_uJ']:,.1f} | {noc_uJ:,.1f} | {s['tops_per_w']:.2f} "
              f"| {n['packets']:,} / {n['avg_packet_latency_cycles']:,.0f} "
              f"| {n['hottest_link_utilization']:.2f} | {bound_list(r['layers'])} |")
        if p == "hybrid":
            choices = [f"{l['name']} {'/'.join(l['partition'])}" for l in m["layers"]]
    print()
    if choices:
        print("hybrid (types per cut, cut 0 first): " + ", ".join(choices))
        print()
EOF
