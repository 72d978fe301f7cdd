#!/usr/bin/env bash
# A sweep run on a real Slurm cluster exactly as the README says (one array task per run, then
# a merge job that depends on the array) must give the same results.csv and aggregate.csv,
# byte for byte, as a local `sdsim sweep`. The cluster is a one-node Slurm (Debian's slurm-wlm:
# slurmctld + slurmd on this machine, private ports and state in WORK_DIR) authenticated by
# munge; everything started here is stopped on exit.
# Usage: sweep_slurm.sh SDSIM SOURCE_DIR WORK_DIR   (as root: Slurm's daemons and munge's key)
set -euo pipefail
sdsim=$1 src=$2 work=$3
fail() { echo "sweep:slurm: $*" >&2; exit 1; }
for cmd in slurmctld slurmd sbatch squeue sinfo munged munge unmunge; do
  command -v "$cmd" >/dev/null 2>&1 || fail "$cmd is missing: install slurm-wlm and munge (bash .ci/deps)"
done
[[ $(id -u) -eq 0 ]] || fail "must run as root (it starts slurmctld, slurmd and munged)"

rm -rf "$work" && mkdir -p "$work"/{state,spool,log}
work=$(cd "$work" && pwd)
conf="$work/slurm.conf"
started_munge=0
cleanup() {
  for pidfile in "$work/slurmd.pid" "$work/slurmctld.pid"; do
    [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  if [[ $started_munge -eq 1 && -f /run/munge/munged.pid ]]; then
    kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
  fi
  sleep 1
}
trap cleanup EXIT

# munge: Slurm's authentication. A running munged is used as it is; else one is started with a
# fresh key (1024 random bytes, owned by munge, mode 0400).
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
  if [[ ! -s /etc/munge/munge.key ]]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge:munge /etc/munge /etc/munge/munge.key /run/munge /var/lib/munge /var/log/munge
  chmod 0400 /etc/munge/munge.key
  chmod 0700 /etc/munge /var/lib/munge /var/log/munge
  chmod 0755 /run/munge
  su -s /bin/sh munge -c munged || fail "munged did not start (see /var/log/munge/munged.log)"
  started_munge=1
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
fi
munge -n | unmunge | grep -q "STATUS: *Success" || fail "munge does not authenticate"

node=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) / 2 ))
cat > "$conf" <<EOF
ClusterName=sdsim-test
SlurmctldHost=$node
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SchedulerType=sched/backfill
NodeName=$node CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$conf"
slurmctld -f "$conf" || fail "slurmctld did not start ($work/log/slurmctld.log)"
slurmd -f "$conf" || fail "slurmd did not start ($work/log/slurmd.log)"
for _ in $(seq 120); do
  state=$(sinfo -h -N -o %t 2>/dev/null | head -1 || true)
  [[ $state == idle ]] && break
  sleep 0.5
done
[[ ${state:-} == idle ]] || fail "the node is not idle after 60 s (state '${state:-none}'): $(tail -5 "$work/log/slurmd.log")"

# The README's commands, word for word, from a folder laid out like the repository.
mkdir -p "$work/repo/build" && cd "$work/repo"
ln -s "$src/scenarios" scenarios
ln -s "$sdsim" build/sdsim
S=scenarios/queueing/sweeps/notebook-small.yaml OUT=$PWD/results/qu
N=$(build/sdsim sweep $S --list | wc -l)
J=$(sbatch --parsable --array=0-$((N-1)) --wrap "build/sdsim sweep $S --out $OUT --only \$SLURM_ARRAY_TASK_ID")
M=$(sbatch --parsable --dependency=afterany:$J --wrap "build/sdsim sweep $S --out $OUT --merge $OUT --junit $OUT/report.xml")
echo "array job $J ($N tasks), merge job $M"

for _ in $(seq 600); do
  [[ -z $(squeue -h -j "$J,$M" 2>/dev/null) ]] && break
  sleep 0.5
done
[[ -z $(squeue -h -j "$J,$M" 2>/dev/null) ]] || fail "jobs still queued after 300 s: $(squeue)"
[[ -f $OUT/results.csv ]] || fail "the merge job wrote no results.csv: $(cat slurm-"$M".out 2>/dev/null)"
grep -q 'tests="'"$N"'"' "$OUT/report.xml" || fail "report.xml does not hold $N runs"

build/sdsim sweep $S --jobs 2 --out "$work/local" --quiet
for f in results.csv aggregate.csv; do
  cmp "$OUT/$f" "$work/local/$f" || fail "$f from Slurm differs from the local sweep's"
done
echo "Slurm array ($N tasks) + merge job == local --jobs 2, byte for byte"
