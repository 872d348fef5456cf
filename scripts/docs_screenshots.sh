#!/usr/bin/env bash
# Regenerates the screenshots of docs/visualizing.md (docs/visualizing-*.png): runs cimsim, then
# loads the pages in headless, offline chromium (scripts/setup.sh installs it).
#   scripts/docs_screenshots.sh            (uses build/cimsim; BUILD_DIR to change)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BUILD_DIR:-build}/cimsim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shot() {  # page fragment width height out.png
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
    --host-resolver-rules='MAP * ~NOTFOUND' --hide-scrollbars --user-data-dir="$work/profile-$5" \
    --window-size="$3,$4" --screenshot="docs/$5" "file://$work/$1#$2" >/dev/null 2>&1
  echo "docs/$5"
}
"$bin" run --config configs/isscc28nm.yaml --net resnet18 --format html --quiet --out "$work/r18"
"$bin" run --config configs/isscc28nm.yaml --net resnet18 --format html --quiet --out "$work/r18-16" \
  --set chip.noc.flit_bits=16 --trace "$work/r18-16.trace.json"
cat >"$work/flits.yaml" <<YAML
config: $PWD/configs/isscc28nm.yaml
net: resnet18
parameters:
  chip.noc.flit_bits: [16, 32, 64, 128, 256]
  chip.dram.bandwidth_GBps: [3.2, 12.8]
metrics: [summary.latency_ns, summary.energy_per_image_uJ, summary.tops_per_w]
YAML
"$bin" sweep "$work/flits.yaml" -j "$(nproc)" --quiet --out "$work/sweep"
shot r18/report.html only=sec-breakdowns 1200 640 visualizing-breakdowns.png
shot r18/report.html only=sec-pipeline 1200 760 visualizing-pipeline.png
shot r18-16/report.html only=sec-pipeline 1200 760 visualizing-pipeline-flit16.png
shot r18-16/report.html only=sec-noc 1200 860 visualizing-noc-flit16.png
shot r18-16/report.html only=sec-over-time 1200 700 visualizing-over-time-flit16.png
shot sweep/sweep.html "" 1200 1480 visualizing-sweep.png
ls -la "$work/r18-16.trace.json"
