#!/usr/bin/env bash
# Maps location-service benchmark (run by the bench target): 10^6 simulated GPS points ingested
# through the whole location path of the maps model: 2,000 navigating users on a 100 x 100 grid
# city for 500 s, a point a second each, a batch every 15 s (the book's figures): about 68,500
# batch requests, each a write to the replicated LSM-backed KV store (3 replicas at ONE, 4 MiB
# memtables so that flushes and compactions run) and an event on the log read by the traffic
# consumer, plus the history readers (20 reads/s) and the end-of-run recount of every replica.
# Prints the simulated points, requests, wall time, points per wall second and peak memory
# (peak RSS of the sdsim process, /usr/bin/time). With MAPS_LOCATION_BENCH_UNBATCHED=1 it also
# runs the same points at batch_interval 1 s (10^6 requests) and prints the ratios (about
# 12 min and 0.7 GB more).
# A measurement, not a test: it exits 0 whatever the figures, unless sdsim fails or the store
# does not hold every point. About 25 s and 160 MB on this machine; not in ctest.
#   maps_location.sh SDSIM SOURCE_DIR BENCH_BIN_DIR     (SOURCE_DIR and BENCH_BIN_DIR unused)
# Environment: MAPS_LOCATION_BENCH_USERS (2000), MAPS_LOCATION_BENCH_DURATION (500s),
# MAPS_LOCATION_BENCH_SEED (1), MAPS_LOCATION_BENCH_UNBATCHED (0).
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: $0 SDSIM SOURCE_DIR BENCH_BIN_DIR" >&2
  exit 2
fi
. "$(dirname "$0")/lib.sh"
SDSIM=$1
USERS=${MAPS_LOCATION_BENCH_USERS:-2000} DURATION=${MAPS_LOCATION_BENCH_DURATION:-500s}
SEED=${MAPS_LOCATION_BENCH_SEED:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/bench.yaml" <<YAML
name: maps-location-bench
model: maps
seed: $SEED
params:
  graph: {width: 100, height: 100}
  location:
    enabled: true
    users: $USERS
    read_rate: 20/s
    store: {storage: {memtable_flush_size: 4MiB}}
workload: {rate: 1/s, clients: 4, requests: 10, timeout: 5s, duration: $DURATION, drain: 60s}
output: {requests: false}
YAML
metric() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['metrics'][sys.argv[2]])" "$1" "$2"; }

# run LABEL BATCH_INTERVAL: prints "WALL PEAK_KB POINTS REQUESTS" after checking the recount.
run() {
  local out=$tmp/$1 wall peak points stored requests
  read -r _ wall peak < <(bench_time "$tmp/$1.log" "$SDSIM" run "$tmp/bench.yaml" --out "$out" \
    --quiet --set "params.location.batch_interval=$2")
  points=$(metric "$out/summary.json" location.points)
  stored=$(metric "$out/summary.json" location.stored.points)
  requests=$(metric "$out/summary.json" location.write_requests)
  if [[ $points != "$stored" ]]; then
    echo "  MISMATCH: $points points recorded, $stored stored ($1)" >&2
    exit 1
  fi
  echo "$wall $peak $points $requests"
}

bench_load_warning
read -r wall peak points requests < <(run batched 15s)
echo "location service, $USERS users for $DURATION, seed $SEED, batch every 15 s"
echo "  simulated points: $points in $requests batch requests (all stored, recounted per replica)"
echo "  wall: $wall s; points per wall second: $(awk -v p="$points" -v w="$wall" 'BEGIN { printf "%.0f", p / w }')"
echo "  peak memory (whole process): $peak KB"
echo "  lsm.write_amplification $(metric "$tmp/batched/summary.json" lsm.write_amplification)," \
  "location.write_latency.p99 $(metric "$tmp/batched/summary.json" location.write_latency.p99) s"
if [[ ${MAPS_LOCATION_BENCH_UNBATCHED:-0} == 1 ]]; then
  read -r uwall upeak upoints urequests < <(run unbatched 1s)
  echo "  the same at batch_interval 1 s: $upoints points in $urequests requests"
  bench_line "wall time, batch 1 s / batch 15 s" "$uwall" "$wall" s
  bench_line "peak memory, batch 1 s / batch 15 s" "$upeak" "$peak" KB
fi
bench_load_warning
