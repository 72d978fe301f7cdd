#!/usr/bin/env bash
# The `bench` target: runs every benchmark script of tests/bench in name order, each as
# `script SDSIM SOURCE_DIR BENCH_PROGRAMS_DIR`. Each prints its figure, its reference and the
# ratio. A measurement, not a test: it fails only when a program cannot run.
#   run_all.sh <sdsim binary> <bench programs dir> <source dir>
set -euo pipefail
SDSIM=$1 BIN=$2 SRC=$3
here=$(dirname "$0")
for script in "$here"/*.sh; do
  case "$(basename "$script")" in run_all.sh | lib.sh) continue ;; esac  # lib.sh: sourced helpers
  echo "== $(basename "$script")"
  "$script" "$SDSIM" "$SRC" "$BIN"
  echo
done
