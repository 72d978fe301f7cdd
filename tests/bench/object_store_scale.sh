#!/usr/bin/env bash
# Benchmark: how the object store's cost grows with objects and with data nodes.
#   objects: 1e4 vs 1e5 objects (4 KB, 3 copies, 30 data nodes, a node crash, disk failures);
#            goal: 1e5 within 11x the CPU of 1e4 (linear is 10x; the per-interval
#            availability gauge used to walk every object: about 28x).
#   nodes:   300 vs 3000 data nodes with 1000 objects; goal: 3000 nodes within 20x the CPU of
#            300 (the ring's set-up used to re-sort every point per added node: about 35x).
# CPU time (user + sys) of the whole run, median of RUNS runs (default 1), and peak RSS.
# A measurement, not a test: it exits 0 whatever the ratio, unless a run fails.
#
#   object_store_scale.sh <sdsim binary> <source dir> <bench programs dir>
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 <sdsim binary> <source dir> <bench programs dir>" >&2
  exit 2
fi
SDSIM=$1
RUNS=${RUNS:-1}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sdsim-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cat >"$WORK/objects.yaml" <<'YAML'
name: object-store-bench-objects
model: object_store
seed: 1
params:
  copies: 3
  objects: 10000
  object_size: 4KB
  datanodes: 30
  disk_failures: {afr: 0.02, time_scale: 3000000, replace_after: 5s}
  repair: {bandwidth: 400MBps, streams: 8}
workload: {clients: 16, rate: 30/s, duration: 60s}
faults:
  - {at: 20s, crash: datanode-3}
YAML
cat >"$WORK/nodes.yaml" <<'YAML'
name: object-store-bench-nodes
model: object_store
seed: 1
params:
  copies: 3
  objects: 1000
  object_size: 64KB
  datanodes: 300
workload: {clients: 4, rate: 10/s, duration: 2s}
YAML

# measure <label> <scenario> <set...>: appends "<cpu s> <peak KB> <wall s>" to $WORK/<label>.
measure() {
  local label=$1 scenario=$2
  shift 2
  local sets=()
  for s in "$@"; do sets+=(--set "$s"); done
  /usr/bin/time -f "%U %S %M %e" -o "$WORK/last" "$SDSIM" run "$scenario" --quiet --out "$WORK/out-$label" \
    "${sets[@]}" >/dev/null || {
    echo "bench: $label failed" >&2
    exit 1
  }
  awk '{printf "%.2f %d %.2f\n", $1 + $2, $3, $4}' "$WORK/last" >>"$WORK/$label"
}

echo "object store scale benchmark: $RUNS run(s) each, alternating"
for ((i = 1; i <= RUNS; i++)); do
  measure objects-1e4 "$WORK/objects.yaml" params.objects=10000
  measure objects-1e5 "$WORK/objects.yaml" params.objects=100000
  measure nodes-300 "$WORK/nodes.yaml" params.datanodes=300
  measure nodes-3000 "$WORK/nodes.yaml" params.datanodes=3000
done

python3 - "$WORK" <<'PY'
import os, statistics, sys
work = sys.argv[1]
def med(label, col):
    return statistics.median(float(l.split()[col]) for l in open(f"{work}/{label}") if l.strip())
print()
print(f"{'figure':<34} {'CPU s':>8} {'reference':<22} {'CPU s':>8} {'ratio':>7} {'goal':>7}  verdict   peak MB")
for big, small, goal in (("objects-1e5", "objects-1e4", 11.0), ("nodes-3000", "nodes-300", 20.0)):
    b, s = med(big, 0), med(small, 0)
    ratio = b / s if s > 0 else float("inf")
    verdict = "met" if ratio <= goal else "NOT met"
    print(f"{big:<34} {b:>8.2f} {small:<22} {s:>8.2f} {ratio:>6.2f}x {goal:>6.1f}x  {verdict:<8} "
          f"{med(big, 1) / 1024:>7.1f}")
load, cores = os.getloadavg()[0], os.cpu_count() or 1
if load > cores:
    print(f"warning: load average {load:.1f} on {cores} cores: other work shared the machine, the figures are noisy")
PY
