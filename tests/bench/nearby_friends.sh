#!/usr/bin/env bash
# Nearby friends benchmark (run by the bench target): the largest user count whose run of 10
# simulated minutes takes at most 60 s of wall time, and the simulated messages (every
# service's, network.messages) per wall second there. Users double from NEARBY_START (2,000)
# while a run fits, each run once: 25% online, 40 friends on average (about 10 online per
# update), 4 WebSocket servers, 4 pub/sub servers. A measurement, not a test.
#   nearby_friends.sh SDSIM SOURCE_DIR BENCH_BIN_DIR
# Environment: NEARBY_START (2000), NEARBY_LIMIT_S (60), NEARBY_DURATION (600s).
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: $0 SDSIM SOURCE_DIR BENCH_BIN_DIR" >&2
  exit 2
fi
. "$(dirname "$0")/lib.sh"
SDSIM=$1
SRC=$2
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
bench_load_warning
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
limit=${NEARBY_LIMIT_S:-60}
users=${NEARBY_START:-2000}
best=0 best_line=""
while :; do
  read -r cpu wall peak < <(bench_time "$OUT/log" "$SDSIM" run "$SRC/scenarios/nearby_friends/fan-out.yaml" \
    --quiet --out "$OUT/run" --set "params.users=$users" --set params.active_fraction=0.25 \
    --set params.friends.average=40 --set "workload.duration=${NEARBY_DURATION:-600s}" \
    --set workload.warmup=60s)
  msgs=$(python3 -c "import json,sys; print(int(json.load(open(sys.argv[1]))['metrics']['network.messages']))" "$OUT/run/summary.json")
  rate=$(awk -v m="$msgs" -v w="$wall" 'BEGIN { printf "%.0f", m / w }')
  line="users $users ($(( users / 4 )) online): ${wall} s wall, ${cpu} s CPU, peak ${peak} KB, $msgs messages, $rate messages per wall second"
  echo "$line"
  if awk -v w="$wall" -v l="$limit" 'BEGIN { exit !(w > l) }'; then break; fi
  best=$users best_line=$line
  users=$(( users * 2 ))
done
echo "largest user count within ${limit} s for 10 simulated minutes: ${best:-none} -- $best_line"
