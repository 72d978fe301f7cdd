#!/bin/sh
# LSM store ingest benchmark: runs lsm_bench (tests/bench/lsm_bench.cpp), which pushes 10^7
# small writes through sim/storage/lsm with each compaction strategy and prints simulated
# writes per wall-clock second beside a std::map reference and a sort-once bound, with the
# ratios and the write/space amplification the store measured. A measurement, not a test: it
# exits 0 whatever the figures, unless the program fails. About 90 s and 1 GB on 2 cores.
#   usage: tests/bench/lsm.sh SDSIM SOURCE_DIR BENCH_BIN_DIR   (SDSIM is unused here)
set -eu
BIN=${3:-build/bench}
if [ ! -x "$BIN/lsm_bench" ]; then
  echo "lsm.sh: $BIN/lsm_bench not found (cmake --build <dir> --target bench builds it)" >&2
  exit 1
fi
"$BIN/lsm_bench" "--writes=${LSM_BENCH_WRITES:-10000000}"
