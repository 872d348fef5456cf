#!/usr/bin/env bash
# Include rules CI enforces (.ci/run): the code is layered in rooms, and a room may include only
# itself and the rooms listed for it below. A room is a top-level folder (app, mapper, tests) or
# a folder under sim/. Lower rooms never include higher ones, so e.g. the mapper and the PE model
# can be built and tested without the chip run (docs/architecture.md draws the layers).
#
# Rule table (room: rooms it may include besides itself). A new folder must get a line here,
# otherwise the check fails and names it.
#
#   sim/core      : -                      config, errors, stats, SystemC support
#   sim/arch      : sim/core               hardware descriptions shared by mapper, PE and chip
#   sim/tech      : sim/core               technology node, supplies and scaling laws
#   sim/adc       : sim/core sim/tech      converters (ADC, DAC, S+H)
#   sim/crossbar  : sim/core sim/adc sim/tech
#                                          array parameters and array physics
#   sim/noc       : sim/core               interconnect
#   sim/workload  : sim/core               networks and their readers
#   sim/pe        : sim/core sim/arch sim/tech sim/adc sim/crossbar
#   mapper        : sim/core sim/arch sim/noc sim/workload
#   sim/functional: sim/core sim/arch sim/tech sim/adc sim/crossbar sim/workload sim/pe mapper
#                                          the functional run: values through the mapped arrays
#   sim/chip      : everything above        the chip run (SystemC) and its reports
#   sim/report    : everything above        report.html and sweep.html (inline SVG)
#   app           : everything              the command-line program
#   tests         : everything
#   fuzz          : everything              libFuzzer harnesses (scripts/fuzz.sh)
#
# Only project includes ("room/...") are checked; system and library includes (<...>) are free.
# Usage: scripts/check_includes.sh      (exit 1 and one line per offending include when not)
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A allowed=(
  [sim/core]=""
  [sim/arch]="sim/core"
  [sim/tech]="sim/core"
  [sim/adc]="sim/core sim/tech"
  [sim/crossbar]="sim/core sim/adc sim/tech"
  [sim/noc]="sim/core"
  [sim/workload]="sim/core"
  [sim/pe]="sim/core sim/arch sim/tech sim/adc sim/crossbar"
  [mapper]="sim/core sim/arch sim/noc sim/workload"
  [sim/functional]="sim/core sim/arch sim/tech sim/adc sim/crossbar sim/workload sim/pe mapper"
  [sim/chip]="sim/core sim/arch sim/tech sim/adc sim/crossbar sim/noc sim/workload sim/pe mapper"
  [sim/report]="sim/core sim/arch sim/tech sim/adc sim/crossbar sim/noc sim/workload sim/pe mapper sim/chip"
  [app]="sim/core sim/arch sim/tech sim/adc sim/crossbar sim/noc sim/workload sim/pe mapper sim/functional sim/chip sim/report"
  [tests]="sim/core sim/arch sim/tech sim/adc sim/crossbar sim/noc sim/workload sim/pe mapper sim/functional sim/chip sim/report app"
  [fuzz]="sim/core sim/arch sim/tech sim/adc sim/crossbar sim/noc sim/workload sim/pe mapper sim/functional sim/chip sim/report app"
)

# The room of a path: sim/<x> for files under sim/, else the top-level folder.
room_of() {
  case "$1" in
    sim/*/*) local r=${1#sim/}; echo "sim/${r%%/*}" ;;
    */*) echo "${1%%/*}" ;;
    *) echo "" ;;
  esac
}

bad=0
while IFS= read -r f; do
  from=$(room_of "$f")
  [ -n "$from" ] || continue
  if [ -z "${allowed[$from]+set}" ]; then
    echo "check_includes: $f: room '$from' has no line in the rule table of scripts/check_includes.sh" >&2
    bad=1
    continue
  fi
  while IFS=: read -r line inc; do
    to=$(room_of "$inc")
    [ -n "$to" ] && [ "$to" != "$from" ] || continue
    [ -n "${allowed[$to]+set}" ] || continue  # not a project path (e.g. "catch2/...")
    case " ${allowed[$from]} " in
      *" $to "*) ;;
      *)
        echo "check_includes: $f:$line: $from may not include $inc (allowed: ${allowed[$from]:-none})" >&2
        bad=1
        ;;
    esac
  done < <(grep -n -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
             sed -E 's@^([0-9]+):[^"]*"([^"]+)".*@\1:\2@' || true)
done < <(git ls-files '*.cpp' '*.h' '*.hpp' '*.cc')

[ $bad -eq 0 ] || exit 1
echo "check_includes: every include follows the rule table" >&2
