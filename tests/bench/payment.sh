#!/usr/bin/env bash
# Benchmark: what a payment order costs the simulator, and how it grows with the run.
#   scale:     ORDERS orders (default 10,000) vs 4 x ORDERS at RATE orders/s (default 1000/s);
#              goal: 4x the orders within 5x the CPU (linear is 4x).
#   reference: the queueing model serving the same number of requests at the same rate (one
#              message each way, no database, no PSP): CPU per payment order against CPU per
#              plain request, the price of the flow's ~15 messages, 3 commits and 2 PSP hops.
# Peak RSS of each run too: the database keeps every order and ledger row (a run's memory
# grows with its orders). The issue's 10^6 orders (ORDERS=1000000 RATE=10000/s) takes about
# 20 minutes on this machine: not the default.
# A measurement, not a test: it exits 0 whatever the ratio, unless a run fails.
#
#   payment.sh <sdsim binary> <source dir> <bench programs dir>
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 <sdsim binary> <source dir> <bench programs dir>" >&2
  exit 2
fi
SDSIM=$1
. "$(dirname "$0")/lib.sh"
ORDERS=${ORDERS:-10000}
RATE=${RATE:-1000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sdsim-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cat >"$WORK/payment.yaml" <<YAML
name: payment-bench
model: payment
seed: 1
params: {workers: 256, psp: {timeout_after_charge: 0.001}}
workload: {arrival: poisson, rate: ${RATE}/s, requests: ${ORDERS}, timeout: 30s}
output: {requests: false}
YAML
cat >"$WORK/queueing.yaml" <<YAML
name: queueing-bench
model: queueing
seed: 1
params: {servers: 256, service: {distribution: exponential, mean: 50ms}}
workload: {arrival: poisson, rate: ${RATE}/s, requests: ${ORDERS}, timeout: 30s}
output: {requests: false}
YAML

run() {  # run <label> <scenario> <set...>: prints "CPU_S WALL_S PEAK_KB"
  local label=$1 scenario=$2
  shift 2
  local sets=()
  for s in "$@"; do sets+=(--set "$s"); done
  bench_time "$WORK/$label.out" "$SDSIM" run "$scenario" --quiet --out "$WORK/out-$label" "${sets[@]}"
}

read -r p1_cpu p1_wall p1_kb < <(run pay-1x "$WORK/payment.yaml")
read -r p4_cpu p4_wall p4_kb < <(run pay-4x "$WORK/payment.yaml" workload.requests=$((4 * ORDERS)))
read -r q_cpu q_wall q_kb < <(run queue-1x "$WORK/queueing.yaml")
echo "payment benchmark: $ORDERS orders at $RATE/s (and 4x), queueing reference with as many requests"
echo "  payment ${ORDERS}: CPU ${p1_cpu} s, wall ${p1_wall} s, peak $((p1_kb / 1024)) MB"
echo "  payment $((4 * ORDERS)): CPU ${p4_cpu} s, wall ${p4_wall} s, peak $((p4_kb / 1024)) MB"
echo "  queueing ${ORDERS}: CPU ${q_cpu} s, wall ${q_wall} s, peak $((q_kb / 1024)) MB"
bench_line "payment 4x orders vs 1x (CPU)" "$p4_cpu" "$p1_cpu" s "<= 5"
bench_line "payment order vs queueing request (CPU)" "$p1_cpu" "$q_cpu" s
bench_line "payment 4x orders vs 1x (peak RSS)" "$p4_kb" "$p1_kb" KB
grep -h '"double_charges"' "$WORK/out-pay-4x/summary.json" | sed 's/^ */  4x run: /'
bench_load_warning
