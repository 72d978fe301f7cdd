#!/usr/bin/env bash
# Metrics monitoring benchmark: a pull fleet of N targets x 20 gauges scraped every 10 s for
# 10 simulated minutes, at N = 200 and N = 400, run side by side. Prints samples stored per
# wall-clock second and peak memory for each, and the ratio of the two rates (the reference
# is the smaller fleet: a ratio near 1 means the cost per sample does not grow with the
# fleet). The issue's 10^4 targets x 100 series for an hour (3.6 x 10^8 samples) is out of
# reach of this machine's budget; the figures scale from these.
#   usage: tests/bench/metrics_monitoring.sh [path/to/sdsim] [source dir]
set -eu
. "$(dirname "$0")/lib.sh"
SDSIM=${1:-build/sdsim}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
run_fleet() {
  local n=$1
  cat >"$OUT/fleet-$n.yaml" <<YAML
name: monitoring-bench-$n
model: metrics_monitoring
seed: 1
duration: 10m
params:
  targets: $n
  series_per_target: 20
  collectors: 4
  scrape_interval: 10s
  scrape_timeout: 5s
  dashboard: {dashboards: 1}
workload:
  drain: 30s
output: {requests: false}
YAML
  read -r cpu wall peak < <(bench_time "$OUT/log-$n" "$SDSIM" run "$OUT/fleet-$n.yaml" --quiet --out "$OUT/run-$n")
  local stored
  stored=$(python3 -c "import json; print(json.load(open('$OUT/run-$n/summary.json'))['metrics']['ingest.points_stored'])")
  local rate
  rate=$(awk -v s="$stored" -v c="$cpu" 'BEGIN { printf "%.0f", s / c }')
  echo "targets $n: $stored samples stored, $cpu s CPU, $wall s wall, peak $((peak / 1024)) MB: $rate samples per CPU second" >&2
  echo "$rate"
}
small=$(run_fleet 200)
large=$(run_fleet 400)
bench_line "samples per CPU second, 400 targets vs 200" "$large" "$small" "samples/s" ">= 0.7"
bench_load_warning
