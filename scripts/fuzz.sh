#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/) with Debian's clang into their own build folder and runs
# each for a bounded time, one process per target, FUZZ_JOBS of them at once (docs/reliability.md).
#   scripts/fuzz.sh                 every target, FUZZ_SECONDS each (default 60)
#   scripts/fuzz.sh mapping sweep   only those targets
# First every committed regression input (fuzz/regressions/<target>/) is replayed: any failure
# stops the script. Then each target fuzzes, seeded from fuzz/corpus/<target>/ and the bundled
# configs/workloads, with fuzz/yaml.dict; the growing corpus stays in $FUZZ_DIR/corpus (not
# committed). A finding leaves its input in $FUZZ_DIR/findings/<target>/ and the script exits 1:
# copy the input to fuzz/regressions/<target>/ with the fix.
# Environment: FUZZ_DIR (default build-fuzz), FUZZ_SECONDS (default 60), FUZZ_RSS_MB (2048),
# FUZZ_TIMEOUT_S (10: an input slower than that is a finding), FUZZ_LOG (summary lines appended),
# FUZZ_MAX_LEN (4096 bytes: the largest input tried), FUZZ_JOBS (1: targets fuzzed at once).
# Speed: an execution's cost is mostly YAML parsing under ASan, linear in the input's size; with
# inputs of up to 16 kB the corpus drifts to large inputs and the network reader ran ~140/s on a
# loaded core, at 4 kB 2.7x faster (docs/reliability.md). The committed seeds of fuzz/corpus/ are
# the bundled configs without comments and the first ~3.8 kB of the large networks (transformer
# blocks, residual and depthwise blocks), so every layer type and config section fits.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dir=${FUZZ_DIR:-build-fuzz}
seconds=${FUZZ_SECONDS:-60}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(config network mapping sweep)

if [ ! -f "$dir/build.ninja" ]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S fuzz -B "$dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" >&2
fi
cmake --build "$dir" -j "${JOBS:-$(nproc)}" >&2

seeds() {  # the seed folders of a target
  case "$1" in
    config) echo "$root/configs $root/configs/presets" ;;
    network) echo "$root/workloads $root/tests/data" ;;
    mapping) echo "" ;;
    sweep) echo "$root/configs/sweeps" ;;
  esac
}

replay_dirs() {  # the committed inputs of a target: its regressions and corpus
  local d
  for d in "fuzz/regressions/$1" "fuzz/corpus/$1"; do [ -d "$d" ] && echo "$d"; done
  return 0
}

# Replay the regressions (and the committed corpus) of every target first: each must pass.
for t in "${targets[@]}"; do
  bin="$dir/fuzz_$t"
  [ -x "$bin" ] || { echo "fuzz: unknown target $t" >&2; exit 2; }
  mapfile -t replay < <(replay_dirs "$t")
  inputs=()
  [ ${#replay[@]} -eq 0 ] || mapfile -t inputs < <(find "${replay[@]}" -type f ! -name '.*' | sort)
  if [ ${#inputs[@]} -gt 0 ]; then
    "$bin" -runs=1 -timeout="${FUZZ_TIMEOUT_S:-10}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" \
      "${inputs[@]}" >"$dir/replay_$t.log" 2>&1 || {
      echo "fuzz: $t: a regression input fails again (see $dir/replay_$t.log)" >&2
      exit 1
    }
  fi
done

fuzz_one() {  # fuzzes target $1 for $seconds; exit 1 on a finding
  local t=$1 bin="$dir/fuzz_$1" corpus="$dir/corpus/$1" findings="$dir/findings/$1" rc=0 runs line
  local replay
  mapfile -t replay < <(replay_dirs "$t")
  mkdir -p "$corpus" "$findings"
  # shellcheck disable=SC2046
  if ! "$bin" "$corpus" "${replay[@]}" $(seeds "$t") -dict=fuzz/yaml.dict \
      -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT_S:-10}" \
      -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -max_len="${FUZZ_MAX_LEN:-4096}" -print_final_stats=1 \
      -artifact_prefix="$findings/" >"$dir/fuzz_$t.log" 2>&1; then
    echo "fuzz: $t: FINDING, input in $findings/ (log $dir/fuzz_$t.log)" >&2
    tail -n 40 "$dir/fuzz_$t.log" >&2
    rc=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/fuzz_$t.log" | grep -o '[0-9]*$' \
         || echo 0)
  line="fuzz: $t: ${runs} executions in ${seconds} s, corpus $(find "$corpus" -type f | wc -l) inputs"
  echo "$line" >&2
  [ -z "${FUZZ_LOG:-}" ] || echo "$(date -u +%FT%TZ) $line" >>"$FUZZ_LOG"
  return $rc
}

# FUZZ_JOBS targets at a time (default 1: one core); CI runs two on its two cores.
jobs=${FUZZ_JOBS:-1}
status=0
running=0
for t in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
  fuzz_one "$t" &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
exit $status
