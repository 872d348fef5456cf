#!/usr/bin/env bash
# clang-tidy over every C++ source with the project's checks (.clang-tidy, tests/.clang-tidy);
# any finding fails (WarningsAsErrors). Headers are checked through the sources that include
# them (HeaderFilterRegex). CI runs it (.ci/run) after the build, which writes
# build/compile_commands.json (CMAKE_EXPORT_COMPILE_COMMANDS).
# Usage: scripts/check_tidy.sh [-jN] [FILE...]   (default: -j2, every source; exit 1 on findings)
# Time on this 2-core machine: docs/architecture.md, "Style".
set -euo pipefail
cd "$(dirname "$0")/.."
command -v run-clang-tidy >/dev/null || { echo "check_tidy: run-clang-tidy missing (scripts/setup.sh --dev)" >&2; exit 2; }
[ -f build/compile_commands.json ] || { echo "check_tidy: build/compile_commands.json missing (configure and build first)" >&2; exit 2; }
jobs=2
if [[ ${1:-} == -j* ]]; then jobs=${1#-j}; shift; fi

# Sources not checked, each with why (none now; a line per file, e.g. '^dir/file\.cpp$').
skip='^$'

if [ $# -gt 0 ]; then files=("$@"); else mapfile -t files < <(git ls-files '*.cpp' | grep -Ev "$skip"); fi
# clang does not know GCC's -Wshadow=local from the compile commands: not a finding.
# run-clang-tidy takes regexes over the compile database's absolute paths: one anchored per file.
root=$(pwd)
regexes=()
for f in "${files[@]}"; do regexes+=("^${root}/${f//./\\.}\$"); done
start=$(date +%s)
status=0
run-clang-tidy -p build -j "$jobs" -quiet -extra-arg=-Wno-unknown-warning-option "${regexes[@]}" 2>&1 | sed -E 's/\x1b\[[0-9;]*m//g' \
  > build/clang-tidy.log || status=$?
if [ $status -eq 0 ] && ! grep -qE '(warning|error): ' build/clang-tidy.log; then
  echo "check_tidy: ${#files[@]} sources clean ($(( $(date +%s) - start )) s, -j$jobs)" >&2
else
  grep -E '(warning|error): ' build/clang-tidy.log | sort -u >&2 || true
  echo "check_tidy: findings above (full log: build/clang-tidy.log)" >&2
  exit 1
fi
