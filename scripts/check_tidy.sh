#!/usr/bin/env bash
# clang-tidy over every C++ source with the project's checks (.clang-tidy, tests/.clang-tidy);
# any finding fails (WarningsAsErrors). Headers are checked through the sources that include
# them (HeaderFilterRegex). CI runs it (.ci/run) after the build, which writes
# build/compile_commands.json (CMAKE_EXPORT_COMPILE_COMMANDS).
# Usage: scripts/check_tidy.sh [-jN] [FILE...]   (default: -j2, every source; exit 1 on findings)
#        TIDY_ONLY=REGEX scripts/check_tidy.sh   (only the sources REGEX matches, in batches)
# Every source: checked in batches of TIDY_BATCH (default 8) sources of one folder and one set of
# flags, each batch one translation unit (scripts/tidy_batches.py): about 4x faster, since most of
# clang-tidy's time is the third-party headers, walked once per translation unit. A batch that
# does not compile as one (two of its sources define the same name in their own anonymous
# namespaces) is checked again source by source; so are FILEs given on the command line.
# bugprone-suspicious-include (a .cpp file included) is off in the batches only: they include
# .cpp files by design. Time on this 2-core machine: docs/architecture.md, "Style".
set -euo pipefail
cd "$(dirname "$0")/.."
command -v run-clang-tidy >/dev/null || { echo "check_tidy: run-clang-tidy missing (scripts/setup.sh --dev)" >&2; exit 2; }
[ -f build/compile_commands.json ] || { echo "check_tidy: build/compile_commands.json missing (configure and build first)" >&2; exit 2; }
jobs=2
if [[ ${1:-} == -j* ]]; then jobs=${1#-j}; shift; fi

# Sources not checked, each with why (none now; a line per file, e.g. '^dir/file\.cpp$').
skip='^$'

start=$(date +%s)
not_built=()
log=build/clang-tidy.log
strip() { sed -E 's/\x1b\[[0-9;]*m//g'; }
# run-clang-tidy takes regexes over the compile database's absolute paths: one anchored per file.
# clang does not know GCC's -Wshadow=local from the compile commands: not a finding.
one_by_one() {
  local regexes=() f
  for f in "$@"; do regexes+=("^$(pwd)/${f//./\\.}\$"); done
  run-clang-tidy -p build -j "$jobs" -quiet -extra-arg=-Wno-unknown-warning-option "${regexes[@]}" 2>&1 | strip >>"$log" || true
}
: >"$log"
if [ $# -gt 0 ]; then
  files=("$@")
  one_by_one "${files[@]}"
else
  mapfile -t files < <(git ls-files '*.cpp' | grep -Ev "$skip" | grep -E "${TIDY_ONLY:-.}")
  out=build/tidy
  batch_list=$(/usr/bin/python3 scripts/tidy_batches.py build "$out" "${TIDY_BATCH:-8}" "${files[@]}")
  mapfile -t batches <<<"$batch_list"
  mapfile -t not_built <"$out/not_built.txt"
  # shellcheck disable=SC2016  # $1 and $2 are the inner shell's
  printf '%s\n' "${batches[@]}" | xargs -P "$jobs" -I{} sh -c \
    'clang-tidy -p "$1" --quiet -checks=-bugprone-suspicious-include -extra-arg=-Wno-unknown-warning-option "$2" >"$2.log" 2>&1 || true' \
    _ "$out" {}
  again=()
  while IFS=$'\t' read -r batch members; do
    if grep -q '\[clang-diagnostic-error\]' "$batch.log"; then
      read -r -a m <<<"$members"
      again+=("${m[@]}")
    else
      strip <"$batch.log" >>"$log"
    fi
  done <"$out/members.txt"
  if [ ${#again[@]} -gt 0 ]; then
    echo "check_tidy: ${#again[@]} sources of batches that do not compile as one, checked one by one" >&2
    one_by_one "${again[@]}"
  fi
fi
# fuzz/ is compiled only by scripts/fuzz.sh (clang, libFuzzer), in its own folder: not checked.
if [ ${#not_built[@]} -gt 0 ]; then
  echo "check_tidy: not in build/compile_commands.json, not checked: ${not_built[*]}" >&2
fi
if ! grep -qE '(warning|error): |Stack dump|PLEASE submit' "$log"; then
  echo "check_tidy: $(( ${#files[@]} - ${#not_built[@]} )) sources clean ($(( $(date +%s) - start )) s, -j$jobs)" >&2
else
  grep -E '(warning|error): |Stack dump|PLEASE submit' "$log" | sort -u >&2 || true
  echo "check_tidy: findings above (full log: $log)" >&2
  exit 1
fi
