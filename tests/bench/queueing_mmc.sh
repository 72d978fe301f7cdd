#!/usr/bin/env bash
# Benchmark: sdsim against the same M/M/c queue written directly on SimGrid
# (queueing_mmc_direct.cpp). Both run scenarios/queueing/mmc.yaml's system
# (M/M/10, lambda 8/s, mean service 1 s, 200,000 requests, warm-up 1000 s), alternating, RUNS
# times each (default 3); median wall time, peak RSS and CPU time are reported. A measurement,
# not a test: it exits 0 whatever the ratio, unless a program fails to run.
#
#   queueing_mmc.sh <sdsim binary> <source dir> <bench programs dir>
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [[ $# -ne 3 ]]; then
  echo "usage: $0 <sdsim binary> <source dir> <bench programs dir>" >&2
  exit 2
fi
SDSIM=$1 SRC=$2 DIRECT=$3/queueing_mmc_direct
RUNS=${RUNS:-3}
GOAL=1.3

# The system, pinned on both sides so the two programs run the same queue even if mmc.yaml's
# numbers change.
SERVERS=10 LAMBDA=8 SERVICE=1 REQUESTS=200000 WARMUP=1000 SEED=1

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sdsim-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

SCENARIO=$SRC/scenarios/queueing/mmc.yaml
if [[ ! -f $SCENARIO ]]; then
  SCENARIO=$WORK/mmc.yaml
  cat >"$SCENARIO" <<'EOF'
name: queueing-mmc
model: queueing
seed: 1
params: {servers: 10, service: {distribution: exponential, mean: 1s}}
workload: {arrival: poisson, rate: 8/s, requests: 200000, warmup: 1000s}
EOF
fi

SDSIM_ARGS=(run "$SCENARIO" --quiet --seed "$SEED"
  --set "params.servers=$SERVERS" --set params.service.distribution=exponential
  --set "params.service.mean=${SERVICE}s" --set workload.arrival=poisson --set workload.clients=1
  --set "workload.rate=$LAMBDA/s" --set "workload.requests=$REQUESTS"
  --set "workload.warmup=${WARMUP}s")
DIRECT_ARGS=(--servers=$SERVERS --lambda=$LAMBDA --service=$SERVICE --requests=$REQUESTS
  --warmup=$WARMUP --seed=$SEED)

# measure <label> <stdout file> <command...>: appends "<wall s> <peak KB> <user s> <sys s>" to
# $WORK/<label>.
measure() {
  local label=$1 out=$2
  shift 2
  local rc=0
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f "%e %M %U %S" -o "$WORK/last" "$@" >"$out" || rc=$?
  else
    python3 -c '
import resource, subprocess, sys, time
t = time.monotonic()
with open(sys.argv[2], "w") as out:
    rc = subprocess.run(sys.argv[3:], stdout=out).returncode
wall = time.monotonic() - t
with open(sys.argv[1], "w") as f:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"{wall:.2f} {ru.ru_maxrss} {ru.ru_utime:.2f} {ru.ru_stime:.2f}", file=f)
sys.exit(rc)' "$WORK/last" "$out" "$@" || rc=$?
  fi
  # sdsim exits 1 when an expectation fails: still a complete run, worth timing.
  if [[ $rc -eq 1 && $label == sdsim* ]]; then
    echo "bench: note: sdsim reported a failed expectation (exit 1)" >&2
  elif [[ $rc -ne 0 ]]; then
    echo "bench: '$*' failed (exit $rc)" >&2
    exit 1
  fi
  tail -n 1 "$WORK/last" >>"$WORK/$label"
}

echo "sdsim benchmark: M/M/$SERVERS, lambda $LAMBDA/s, service $SERVICE s, $REQUESTS requests," \
  "warm-up $WARMUP s; $RUNS runs each, alternating"
echo "scenario: $SCENARIO"
for ((i = 1; i <= RUNS; i++)); do
  echo "  round $i/$RUNS"
  measure sdsim "$WORK/sdsim.out" "$SDSIM" "${SDSIM_ARGS[@]}" --out "$WORK/run-sdsim"
  measure direct "$WORK/direct.out" "$DIRECT" "${DIRECT_ARGS[@]}"
  measure sdsim-norequests "$WORK/sdsim-nr.out" "$SDSIM" "${SDSIM_ARGS[@]}" \
    --set output.requests=false --out "$WORK/run-sdsim-nr"
done

python3 - "$WORK" "$GOAL" <<'EOF'
import json, os, statistics, sys

work, goal = sys.argv[1], float(sys.argv[2])

# Medians over the runs: wall s, peak MB, CPU s (user + sys; less disturbed by other load).
def runs(label):
    rows = [line.split() for line in open(f"{work}/{label}") if line.strip()]
    return (statistics.median(float(r[0]) for r in rows),
            statistics.median(float(r[1]) for r in rows) / 1024,
            statistics.median(float(r[2]) + float(r[3]) for r in rows))

direct_wall, direct_mb, direct_cpu = runs("direct")
print()
goal_title = f"goal <= {goal}x"
print(f"{'sdsim run':<32} {'sdsim wall s':>12} {'direct wall s':>13} {'ratio':>7}  {goal_title:<14}"
      f" {'sdsim peak MB':>13} {'direct peak MB':>14} {'CPU ratio':>9}")
verdicts = []
for label, title in (("sdsim", "default (writes requests.csv)"),
                     ("sdsim-norequests", "output.requests=false")):
    wall, mb, cpu = runs(label)
    ratio = wall / direct_wall if direct_wall > 0 else float("inf")
    verdict = "goal met" if ratio <= goal else "goal NOT met"
    verdicts.append(verdict)
    print(f"{title:<32} {wall:>12.2f} {direct_wall:>13.2f} {ratio:>6.2f}x  {verdict:<14}"
          f" {mb:>13.1f} {direct_mb:>14.1f} {cpu / direct_cpu:>8.2f}x")
for label in ("sdsim", "direct", "sdsim-norequests"):
    walls = " ".join(line.split()[0] for line in open(f"{work}/{label}") if line.strip())
    print(f"  wall times of each run, {label}: {walls}")
best = lambda label: min(float(line.split()[0]) for line in open(f"{work}/{label}") if line.strip())
print(f"  best-of-runs wall ratio (less sensitive to other load): "
      f"default {best('sdsim') / best('direct'):.2f}x, output.requests=false "
      f"{best('sdsim-norequests') / best('direct'):.2f}x")

# Sanity: the same system, so the same figures within statistical noise (different RNGs).
sd = json.load(open(f"{work}/run-sdsim/summary.json"))["metrics"]
dr = dict(line.split() for line in open(f"{work}/direct.out") if line.strip())
print()
print(f"{'sanity check':<20} {'sdsim':>10} {'direct':>10} {'theory':>10}")
for key in ("requests.completed", "latency.mean", "wait.mean", "latency.p99"):
    theory = {"latency.mean": sd.get("theory.latency.mean"),
              "wait.mean": sd.get("theory.wait.mean")}.get(key)
    fmt = ">10.0f" if key == "requests.completed" else ">10.4f"
    t = format(theory, fmt) if theory is not None else f"{'':>10}"
    print(f"{key:<20} {format(sd.get(key, float('nan')), fmt)} {format(float(dr[key]), fmt)} {t}")
print()
EOF
# The headline lines, in the shared figure / reference / ratio form (lib.sh).
med() { bench_median $(cut -d' ' -f1 "$WORK/$1"); }
bench_line "sdsim (default run) vs direct SimGrid, wall" "$(med sdsim)" "$(med direct)" s "<= $GOAL"
bench_line "sdsim (output.requests=false) vs direct SimGrid, wall" "$(med sdsim-norequests)" "$(med direct)" s \
  "<= $GOAL"
bench_load_warning
