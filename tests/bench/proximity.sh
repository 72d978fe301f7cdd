#!/usr/bin/env bash
# Proximity benchmark (run by the bench target): the spatial indexes of sim/storage/geo on
# 10^6 clustered businesses, 10^5 searches at 5 km each against brute force on 10^3
# (tests/bench/proximity_bench.cpp). Prints build rates, memory, searches/s and the ratio to
# brute force. A measurement, not a test: it fails only if the program fails or an index
# disagrees with brute force on a sampled search.
#   proximity.sh SDSIM SOURCE_DIR BENCH_BIN_DIR     (SDSIM is unused)
# Environment: PROXIMITY_BUSINESSES (10^6), PROXIMITY_SEARCHES (10^5), PROXIMITY_BRUTE (10^3).
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: $0 SDSIM SOURCE_DIR BENCH_BIN_DIR" >&2
  exit 2
fi
. "$(dirname "$0")/lib.sh"
BENCH=$3/proximity_bench
if [[ ! -x $BENCH ]]; then
  echo "proximity.sh: $BENCH is missing (cmake --build <dir> --target bench builds it)" >&2
  exit 1
fi
bench_load_warning
"$BENCH" --businesses "${PROXIMITY_BUSINESSES:-1000000}" --searches "${PROXIMITY_SEARCHES:-100000}" \
  --brute "${PROXIMITY_BRUTE:-1000}"
