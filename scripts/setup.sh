#!/usr/bin/env bash
# Sets up cimsim on a fresh Debian 12 machine: installs the Debian packages that are missing
# (and only those), configures and builds. Safe and fast to re-run.
#   scripts/setup.sh            install + configure + build (Release, into build/), and put
#                               cimsim on PATH (a symlink in /usr/local/bin)
#   scripts/setup.sh --plots    the same, plus Debian's python3-matplotlib and python3-yaml for
#                               the plotting scripts (scripts/plot_*.py, run with /usr/bin/python3)
#   scripts/setup.sh --dev      the same, plus the checkers CI runs (clang-format, clang-tidy)
#   scripts/setup.sh --cluster  the same, plus Debian's slurm-wlm and munge (tests/slurm/: a
#                               one-node Slurm for the job-array test of `cimsim sweep --slurm`)
# Environment: BUILD_DIR (default build), JOBS (default: all cores).
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the tests load report.html and sweep.html in it, headless (docs/visualizing.md).
packages=(cmake g++ ninja-build pkg-config libsystemc-dev libyaml-cpp-dev libeigen3-dev catch2
          libfmt-dev libboost-dev libboost-program-options-dev nlohmann-json3-dev chromium
          libzip-dev python3-numpy python3-torch python3-sklearn)
for arg in "$@"; do
  case "$arg" in
    --plots) packages+=(python3 python3-matplotlib python3-yaml) ;;
    --dev) packages+=(clang-format clang-tidy) ;;
    --cluster) packages+=(slurm-wlm munge) ;;
    *) echo "setup: unknown option $arg (expected --plots, --dev or --cluster)" >&2; exit 2 ;;
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

# `cimsim` on PATH: a symlink to this build in /usr/local/bin (~/.local/bin when that is not
# writable). Through the symlink the binary still finds configs/ and workloads/ of this tree.
bin_dir=/usr/local/bin
[ -w "$bin_dir" ] || bin_dir="$HOME/.local/bin"
mkdir -p "$bin_dir"
ln -sfn "$(cd "$build_dir" && pwd)/cimsim" "$bin_dir/cimsim"
echo "setup: cimsim -> $bin_dir/cimsim" >&2
