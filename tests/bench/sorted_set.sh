#!/usr/bin/env bash
# Sorted-set benchmark (run by the bench target): ZINCRBY + ZREVRANK on 10^6 members through
# sdsim's Redis-style skip list and through an order-statistics-tree reference
# (tests/bench/sorted_set_bench.cpp says why that reference). Prints both ops/s and the
# ratio. A measurement, not a test: it fails only if the program fails or the two disagree.
#   sorted_set.sh SDSIM SOURCE_DIR BENCH_BIN_DIR     (SDSIM is unused)
# Environment: SORTED_SET_MEMBERS (10^6), SORTED_SET_OPS (10^6), SORTED_SET_SEED (1).
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: $0 SDSIM SOURCE_DIR BENCH_BIN_DIR" >&2
  exit 2
fi
BENCH=$3/sorted_set_bench
if [[ ! -x $BENCH ]]; then
  echo "sorted_set.sh: $BENCH is missing (cmake --build <dir> --target bench builds it)" >&2
  exit 1
fi
exec "$BENCH" --members "${SORTED_SET_MEMBERS:-1000000}" --ops "${SORTED_SET_OPS:-1000000}" \
  --seed "${SORTED_SET_SEED:-1}"
