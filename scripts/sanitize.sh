#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer: builds cimsim into its own folder (default
# build-asan; the Release build is untouched), runs the whole test suite against it (the CLI tests
# run the sanitized binary) and the main jobs, and fails on any report (docs/reliability.md).
# Environment: ASAN_BUILD_DIR (default build-asan), JOBS (default: all cores).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${ASAN_BUILD_DIR:-build-asan}
jobs=${JOBS:-$(nproc)}

if [ ! -f "$dir/build.ninja" ]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  # Warnings are the Release build's job (-Werror there): with the sanitizers' instrumentation
  # GCC 12 reports false -Wmaybe-uninitialized inside libstdc++'s <regex> (pulled in by Catch2).
  # -O1 -g1 (line tables: every report still names file and line) compiles 2.2x faster than
  # RelWithDebInfo's -O2 -g (8 s against 3.6 s for a model source, 27 s against 12 s for a CLI
  # test). Test files themselves (tests/CMakeLists.txt, CIMSIM_TEST_OPT) are compiled at -O0:
  # 9 s against 21 s for a CLI test under the sanitizers; the code they test stays at -O1.
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCIMSIM_WERROR=OFF "${launcher[@]}" \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" -DCIMSIM_TEST_OPT=-O0 \
    "-DCMAKE_CXX_FLAGS=$flags" "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined" >&2
fi
cmake --build "$dir" -j "$jobs" >&2

# No suppression. Debian's SystemC (QuickThreads) announces its coroutine switches through ASan's
# fiber hooks but left the main stack's bounds stale after the last switch back; ASan then
# skipped unpoisoning on the next throw ("ignoring requested __asan_handle_no_return") and made
# false stack-use-after-scope reports while the stack unwound, and LeakSanitizer's tracer,
# scanning the main thread's "stack" with those bounds, died on unmapped pages ("Tracer caught
# signal 11", about one mobilenet_v2 run in four). core::restore_main_stack_for_asan(), called
# after the simulation, re-announces the true bounds; docs/reliability.md has the details.
export ASAN_OPTIONS="halt_on_error=1:strict_string_checks=1:check_initialization_order=1:detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

ctest --test-dir "$dir" -j "$jobs" --output-on-failure

# The main jobs the tests above do not run: the other parallelisms, vgg16, the other verbs.
bin="$dir/cimsim"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# JOBS runs at a time (they are independent; each writes its own folder); any failure fails.
failed=0
running=0
run() {
  if [ "$running" -ge "$jobs" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
  echo "sanitize: cimsim $*" >&2
  "$bin" "$@" --quiet &
  running=$((running + 1))
}
# Both bundled chips on vgg8, resnet18 and mobilenet_v2 and resnet18 --parallelism hybrid are the
# golden tests (tests/regression/cases.txt), which ran this binary above.
for p in data model tensor; do
  run run --config configs/isscc28nm.yaml --net resnet18 --parallelism "$p" --out "$out/par-$p"
done
run run --config configs/isscc28nm.yaml --net vgg16 --out "$out/vgg16"  # layers split over time
run map --config configs/isscc28nm.yaml --net resnet50 --out "$out/map"
run macro --config configs/isaac32nm.yaml
run noc --config configs/isscc28nm.yaml --rate 0.1 --out "$out/noc"
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
[ "$failed" -eq 0 ] || { echo "sanitize: a main job failed (its report is above)" >&2; exit 1; }
"$bin" net resnet50 >/dev/null
"$bin" describe >/dev/null
# A bad input after a simulation must still exit 2 cleanly (the stats tree is destroyed while an
# exception unwinds: the case that once looked like a stack-buffer-overflow).
set +e
"$bin" run --config configs/isscc28nm.yaml --net vgg8 --out "$out/file" --quiet 2>/dev/null
touch "$out/a_file"
"$bin" run --config configs/isscc28nm.yaml --net vgg8 --out "$out/a_file" --quiet 2>"$out/err"
rc=$?
set -e
if [ $rc -ne 2 ] || grep -q Sanitizer "$out/err"; then
  cat "$out/err" >&2
  echo "sanitize: a refused --out did not exit 2 cleanly" >&2
  exit 1
fi
echo "sanitize: clean" >&2
