#!/usr/bin/env bash
# Benchmark: the ad-click pipeline end to end (collectors -> log -> aggregate nodes -> KV
# store, exactly once) at the book's mean rate, against the log alone: the message_queue
# model moving the same records per second through the same log (3 brokers, RF 3, acks=all,
# idempotent, 8 partitions, 4 consumers committing after processing). The ratio is what the
# windows, the store writes and the checkers cost on top of the log. Prints simulated clicks
# per wall second, wall time and peak RSS of each; RATE (default 10000/s, the book's mean) and
# DURATION (default 600 s: 6 million clicks; the book's peak is RATE=50000 DURATION=60) size it.
# A measurement, not a test: exits 0 whatever the ratio, unless a program fails.
#
#   ad_click.sh <sdsim binary> <source dir> <bench programs dir>
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [[ $# -ne 3 ]]; then
  echo "usage: $0 <sdsim binary> <source dir> <bench programs dir>" >&2
  exit 2
fi
SDSIM=$1
RATE=${RATE:-10000} DURATION=${DURATION:-600}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sdsim-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cat >"$WORK/ad_click.yaml" <<SCENARIO
name: bench-ad-click
model: ad_click
seed: 1
duration: ${DURATION}s
params:
  clicks: {ads: 10000}
  aggregation: {nodes: 4, partitions_per_node: 2, cpu_per_click: 0s}
workload: {arrival: poisson, rate: ${RATE}/s}
output: {requests: false}
SCENARIO
cat >"$WORK/log_only.yaml" <<SCENARIO
name: bench-log-only
model: message_queue
seed: 1
duration: ${DURATION}s
params:
  partitions: 8
  message_size: 200B
  producer: {acks: all, idempotent: true}
  consumer: {members: 4, commit: after}
workload: {arrival: poisson, rate: ${RATE}/s, clients: 8}
output: {requests: false}
SCENARIO

read -r cpu_a wall_a rss_a < <(bench_time "$WORK/a.txt" "$SDSIM" run "$WORK/ad_click.yaml" --out "$WORK/a" --quiet)
read -r cpu_b wall_b rss_b < <(bench_time "$WORK/b.txt" "$SDSIM" run "$WORK/log_only.yaml" --out "$WORK/b" --quiet)
metric() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['metrics'][sys.argv[2]])" "$1" "$2"; }
clicks=$(metric "$WORK/a/summary.json" clicks.ingested)
exact=$(metric "$WORK/a/summary.json" counts.exact_windows_fraction)
rate_a=$(awk -v n="$clicks" -v w="$wall_a" 'BEGIN { printf "%.0f", n / w }')
rate_b=$(awk -v n="$clicks" -v w="$wall_b" 'BEGIN { printf "%.0f", n / w }')
echo "ad_click: $clicks clicks at ${RATE}/s for ${DURATION} s simulated; exact windows fraction $exact"
echo "ad_click: wall ${wall_a} s, cpu ${cpu_a} s, peak RSS ${rss_a} KB; log only: wall ${wall_b} s, cpu ${cpu_b} s, peak RSS ${rss_b} KB"
bench_line "ad_click clicks per wall second (reference: the log alone)" "$rate_a" "$rate_b" "clicks/s"
bench_load_warning
