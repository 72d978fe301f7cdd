#!/usr/bin/env bash
# Message-queue benchmark: runs scenarios/message_queue/throughput.yaml (3 brokers,
# 12 partitions, replication factor 3, acks=all, 10,000 messages/s for 60 s) and prints
# simulated messages per wall-clock second (messages.produced / wall_time from run.json)
# and network messages per produced message. Wall-clock figures never go into the metrics:
# they are not deterministic.
#   usage: tests/bench/message_queue_throughput.sh [path/to/sdsim] [source dir]
set -eu
. "$(dirname "$0")/lib.sh"
SDSIM=${1:-build/sdsim}
SRC=${2:-$(dirname "$0")/../..}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$SDSIM" run "$SRC/scenarios/message_queue/throughput.yaml" --quiet --out "$OUT/run"
python3 - "$OUT/run/summary.json" "$OUT/run/run.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["wall_time"] = json.load(open(sys.argv[2]))["wall_time"]
m = s["metrics"]
produced = m["messages.produced"]
print(f"messages produced:             {produced:,.0f} in {s['sim_time']:.0f} s simulated")
print(f"wall time:                     {s['wall_time']:.2f} s")
print(f"messages per wall-clock second: {produced / s['wall_time']:,.0f}")
print(f"network messages per message:  {m['network.messages_per_message']:.3f}")
PY
bench_load_warning
