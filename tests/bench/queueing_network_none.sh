#!/usr/bin/env bash
# Benchmark: M/M/10 without a network (lambda 8/s, mean service 1 s, 200,000 customers,
# warm-up 1000 s, seed 1) run three ways, alternating, RUNS times each (default 3):
#   sdsim   scenarios/queueing/no-network.yaml (network_model: none, requests.csv off)
#   direct  queueing_mmc_none_direct: SimGrid S4U on one host, zero-byte messages, no reply
#   simpy   queueing_mmc_simpy.py: SimPy 2.3 (Debian's python3-simpy), Resource + processes
# Prints the median CPU seconds (user + sys: less disturbed by other load than wall time) of
# each, and the ratios: sdsim / direct (goal <= 1.3) and SimPy / sdsim (goal >= 1.5).
#   queueing_network_none.sh <sdsim binary> <source dir> <bench programs dir>
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: $0 <sdsim binary> <source dir> <bench programs dir>" >&2
  exit 2
fi
here=$(dirname "$0")
. "$here/lib.sh"
SDSIM=$1 SRC=$2 DIRECT=$3/queueing_mmc_none_direct
RUNS=${RUNS:-3}
ARGS=(--servers=10 --lambda=8 --service=1 --requests=200000 --warmup=1000 --seed=1)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sdsim-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "M/M/10 without a network, 200000 customers: sdsim vs direct S4U vs SimPy $(/usr/bin/python3 -c 'import SimPy; print(SimPy.__version__)'); $RUNS runs each"
declare -a S D P
for ((i = 0; i < RUNS; i++)); do
  read -r c _ _ < <(bench_time "$WORK/sdsim.out" "$SDSIM" run "$SRC/scenarios/queueing/no-network.yaml" --quiet \
    --seed 1 --out "$WORK/run")
  S+=("$c")
  read -r c _ _ < <(bench_time "$WORK/direct.out" "$DIRECT" "${ARGS[@]}")
  D+=("$c")
  read -r c _ _ < <(bench_time "$WORK/simpy.out" /usr/bin/python3 "$here/queueing_mmc_simpy.py" "${ARGS[@]}")
  P+=("$c")
done
s=$(bench_median "${S[@]}") d=$(bench_median "${D[@]}") p=$(bench_median "${P[@]}")
echo "CPU s per run: sdsim ${S[*]}; direct ${D[*]}; simpy ${P[*]}"
bench_line "sdsim (network_model none) vs direct S4U, CPU" "$s" "$d" s "<= 1.3"
bench_line "SimPy vs sdsim (network_model none), CPU" "$p" "$s" s ">= 1.5"
bench_load_warning
# Sanity: the same queue, so the same figures within noise (different random streams).
python3 - "$WORK" <<'PY'
import json, sys
w = sys.argv[1]
sd = json.load(open(f"{w}/run/summary.json"))["metrics"]
rows = {n: dict(l.split() for l in open(f"{w}/{n}.out") if l.strip()) for n in ("direct", "simpy")}
print(f"{'wait.mean':<10} sdsim {sd['wait.mean']:.4f}  direct {float(rows['direct']['wait.mean']):.4f}  "
      f"simpy {float(rows['simpy']['wait.mean']):.4f}  Erlang C {sd['theory.wait.mean']:.4f} s")
PY
