#!/usr/bin/env bash
# Regenerates the golden regression files (tests/regression/NAME/report.json and layers.csv)
# from tests/regression/cases.txt with the built build/cimsim. Run it only when a change is meant
# to move a reported figure, and say in the commit message which figures moved and why.
#   scripts/regen_golden.sh [NAME...]     (default: every case)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CIMSIM:-build/cimsim}
[ -x "$bin" ] || { echo "regen_golden: build first (scripts/setup.sh)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while read -r name args; do
  case "$name" in ''|'#'*) continue ;; esac
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  # shellcheck disable=SC2086
  "$bin" run $args --quiet --out "$tmp/$name"
  mkdir -p "tests/regression/$name"
  cp "$tmp/$name/report.json" "$tmp/$name/layers.csv" "tests/regression/$name/"
  echo "regen_golden: $name" >&2
done <tests/regression/cases.txt
