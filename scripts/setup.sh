#!/usr/bin/env bash
# Sets up cimsim on a fresh Debian 12 machine: installs the Debian packages that are missing
# (and only those), configures and builds. Safe and fast to re-run.
#   scripts/setup.sh            install + configure + build (Release, into build/)
#   scripts/setup.sh --plots    the same, plus Debian's python3-matplotlib and python3-yaml for
#                               the plotting scripts (scripts/plot_*.py, run with /usr/bin/python3)
#   scripts/setup.sh --dev      the same, plus the checkers CI runs (clang-format, clang-tidy) and
#                               Debian's clang with libFuzzer for scripts/fuzz.sh
# Environment: BUILD_DIR (default build), JOBS (default: all cores).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ ninja-build pkg-config libsystemc-dev libyaml-cpp-dev libeigen3-dev catch2
          libfmt-dev libboost-dev libboost-program-options-dev nlohmann-json3-dev)
for arg in "$@"; do
  case "$arg" in
    --plots) packages+=(python3 python3-matplotlib python3-yaml) ;;
    --dev) packages+=(clang-format clang-tidy clang libclang-rt-14-dev) ;;  # + fuzzers (libFuzzer)
    *) echo "setup: unknown option $arg (expected --plots or --dev)" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

build_dir=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}
if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
fi
cmake --build "$build_dir" -j "$jobs" >&2
