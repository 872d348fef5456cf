#!/usr/bin/env bash
# Style checks CI runs (.ci/run): every C++ source is clang-format clean (.clang-format).
# Usage: scripts/check_style.sh        (exit 1 and the offending files when not)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "check_style: clang-format missing (scripts/setup.sh --dev)" >&2; exit 2; }
bad=()
while IFS= read -r f; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done < <(git ls-files '*.cpp' '*.h' '*.hpp' '*.cc')
if [ ${#bad[@]} -gt 0 ]; then
  echo "check_style: not clang-format clean (run clang-format -i on them):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "check_style: clang-format clean" >&2
