#!/usr/bin/env bash
# The `bench` target: runs every benchmark script of tests/bench (run_bench.sh first, then the
# others in name order). Each prints its figure, its reference and the ratio.
#   run_all.sh <sdsim binary> <bench programs dir> <source dir>
set -euo pipefail
SDSIM=$1 BIN=$2 SRC=$3
here=$(dirname "$0")
"$here/run_bench.sh" "$SDSIM" "$BIN/mmc_direct" "$SRC"
for script in "$here"/*.sh; do
  case $(basename "$script") in run_all.sh|run_bench.sh) continue ;; esac
  echo
  echo "== $(basename "$script")"
  "$script" "$SDSIM" "$SRC" "$BIN"
done
