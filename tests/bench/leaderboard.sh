#!/usr/bin/env bash
# Leaderboard benchmark (run by the bench target): a board of 10^6 players in one Redis sorted
# set, updated at the book's peak of 2,500 won games/s (ZINCRBY through the leaderboard
# service) for LEADERBOARD_SECONDS of simulated time (default 60 s: 150,000 updates; 3600 is
# the book's simulated hour). Prints the wall time, simulated updates per wall second and peak
# memory, and the ratio of the updates per wall second to the raw sorted-set block doing
# ZINCRBY + ZREVRANK on 10^6 members (tests/bench/sorted_set_bench): what the simulation
# (actors, RPC, network, the oracle) costs per update over the data structure alone.
#   leaderboard.sh SDSIM SOURCE_DIR BENCH_BIN_DIR
# Environment: LEADERBOARD_PLAYERS (10^6), LEADERBOARD_SECONDS (60), LEADERBOARD_RATE (2500/s).
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: $0 SDSIM SOURCE_DIR BENCH_BIN_DIR" >&2
  exit 2
fi
. "$(dirname "$0")/lib.sh"
sdsim=$1 src=$2 bin=$3
players=${LEADERBOARD_PLAYERS:-1000000} seconds=${LEADERBOARD_SECONDS:-60} rate=${LEADERBOARD_RATE:-2500/s}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/bench.yaml" <<YAML
name: leaderboard-bench
model: leaderboard
seed: 1
duration: ${seconds}s
params: {players: $players, mix: {win: 1.0, top10: 0.0}}
workload: {arrival: poisson, rate: $rate, clients: 4, drain: 5s}
output: {requests: false, interval: 10s}
YAML
bench_load_warning
read -r cpu wall peak < <(bench_time "$work/run.txt" "$sdsim" run "$work/bench.yaml" --out "$work/out" --quiet)
updates=$(python3 -c "import json; print(int(json.load(open('$work/out/summary.json'))['metrics']['update.count']))")
per_wall=$(awk -v u="$updates" -v w="$wall" 'BEGIN { printf "%.0f\n", u / w }')
per_cpu=$(awk -v u="$updates" -v c="$cpu" 'BEGIN { printf "%.0f\n", u / c }')
echo "leaderboard: $players players, $updates updates in ${seconds} s simulated: wall ${wall} s, CPU ${cpu} s, peak ${peak} KB"
echo "leaderboard: $per_wall updates per wall second, $per_cpu per CPU second (the preload of the board included)"
if [[ -x $bin/sorted_set_bench ]]; then
  raw=$("$bin/sorted_set_bench" --members "$players" --ops 1000000 --seed 1 | awk '/skip list/ { for (i = 1; i <= NF; ++i) if ($i == "ops/s") print $(i - 1) }' | head -1)
  bench_line "leaderboard updates per wall second vs the raw sorted set's ZINCRBY+ZREVRANK" "$per_wall" "${raw:-0}" "/s"
else
  echo "leaderboard updates per wall second: $per_wall/s (sorted_set_bench not built: no reference)"
fi
