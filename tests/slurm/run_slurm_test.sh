#!/usr/bin/env bash
# `cimsim sweep --slurm` against a real one-node Slurm: starts munged, slurmctld and slurmd on
# localhost with everything (slurm.conf, munge key, state, logs) in a temporary folder, submits
# a sweep as a job array, resubmits after losing a point, collects, and checks that the merged
# CSV equals a local run's. Stops the daemons it started (and only those) on exit. Bounded:
# every wait has a timeout; the whole test takes about 20 s.
#   tests/slurm/run_slurm_test.sh [path/to/cimsim]
# Needs Debian's slurm-wlm and munge (scripts/setup.sh --cluster) and root (slurmd runs jobs as
# their submitter and needs to). Exit 0 pass, 1 fail, 77 skipped (not root / not installed).
set -euo pipefail
cd "$(dirname "$0")/../.."
cimsim=$(realpath "${1:-build/cimsim}")
for tool in munged slurmctld slurmd sbatch sinfo squeue; do
  command -v "$tool" >/dev/null || { echo "slurm test: skipped ($tool not installed; scripts/setup.sh --cluster)"; exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "slurm test: skipped (needs root)"; exit 77; }

T=$(mktemp -d /tmp/cimsim-slurm-XXXXXX)
chmod 755 "$T"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$T"
}
trap cleanup EXIT
fail() {
  echo "slurm test: FAIL: $*" >&2
  for f in "$T"/*.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done
  exit 1
}
wait_for() {  # wait_for SECONDS CMD...: polls CMD every 0.2 s
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

# munge: a fresh key and socket of our own.
dd if=/dev/urandom of="$T/munge.key" bs=1024 count=1 status=none
chmod 400 "$T/munge.key"
munged -F -f --key-file="$T/munge.key" --socket="$T/munge.sock" --pid-file="$T/munged.pid" \
  --log-file="$T/munged.log" --seed-file="$T/munged.seed" >"$T/munged.out.log" 2>&1 &
pids+=($!)
wait_for 10 test -S "$T/munge.sock" || fail "munged did not start"

# Slurm: ports picked from the PID so that two test runs do not collide.
port=$((20000 + ($$ % 20000)))
host=$(hostname -s)
mkdir -p "$T/state" "$T/spool"
cat > "$T/slurm.conf" <<CONF
ClusterName=cimsimtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/munge.sock
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=cimsim Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$T/slurm.conf"
slurmctld -D -i -f "$SLURM_CONF" >"$T/slurmctld.out.log" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$T/slurmd.out.log" 2>&1 &
pids+=($!)
wait_for 30 bash -c "sinfo -h -N -o %T | grep -Eq '^(idle|mixed)'" || fail "the node did not come up"

# The sweep: tiny_cnn over 3 x 2 points.
mkdir -p "$T/work"
cat > "$T/work/s.yaml" <<YAML
config: $PWD/configs/isscc28nm.yaml
net: $PWD/tests/data/tiny_cnn.yaml
images: 1
parameters:
  chip.tiles_x: [2, 3, 4]
  chip.dram.bandwidth_GBps: [12.8, 25.6]
metrics: [summary.latency_ns, summary.energy_per_image_uJ]
YAML
out="$T/work/out"
submit() {  # submits the job array and waits for it (at most 120 s)
  "$cimsim" sweep "$T/work/s.yaml" --out "$out" --slurm --chunk 4 --partition cimsim \
    --time 00:05:00 --quiet
  [ -x "$out/slurm/job.sh" ] || fail "no job script"
  timeout 120 sbatch --wait --quiet "$out/slurm/job.sh" || fail "the job array failed or timed out"
}
submit
grep -q '^#SBATCH --array=0-1$' "$out/slurm/job.sh" || fail "expected 2 array tasks for 6 points in chunks of 4"
[ "$(ls "$out/points" | grep -c '\.json$')" -eq 6 ] || fail "expected 6 point files"

# Resubmitting runs only the unfinished points: lose one, submit again, one task of one point.
rm "$(ls -d "$out"/points/*.json | head -1)"
submit
grep -q '^#SBATCH --array=0-0$' "$out/slurm/job.sh" || fail "the resubmission should cover one task"
[ "$(grep -cE '^[0-9]+ [0-9a-f]{16}$' "$out/slurm/points.txt")" -eq 1 ] || fail "the resubmission should list one point"

"$cimsim" sweep "$T/work/s.yaml" --out "$out" --collect --quiet || fail "--collect reported unfinished or failed points"
"$cimsim" sweep "$T/work/s.yaml" --out "$T/work/local" --quiet -j 2 || fail "the local sweep failed"
cmp "$out/sweep.csv" "$T/work/local/sweep.csv" || fail "the collected CSV differs from a local run's"
[ "$(grep -c ',ok,' "$out/sweep.csv")" -eq 6 ] || fail "expected 6 ok rows"
echo "slurm test: pass (6 points in a 2-task job array, 1 resubmitted, collected CSV = local CSV)"
