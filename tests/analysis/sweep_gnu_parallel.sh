#!/bin/sh
# A sweep spread with GNU parallel (`sdsim sweep --list | parallel -j2`, then --merge) must give
# the same results.csv and aggregate.csv, byte for byte, as a local `sdsim sweep --jobs 2`.
# Usage: sweep_gnu_parallel.sh SDSIM SOURCE_DIR WORK_DIR. Exit 77 (skipped) without parallel.
set -eu
sdsim=$1 src=$2 work=$3
sweep="$src/scenarios/queueing/sweeps/notebook-small.yaml"
if ! command -v parallel >/dev/null 2>&1; then
  echo "skipped: GNU parallel is not installed (run bash .ci/deps)"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
"$sdsim" sweep "$sweep" --list --out "$work/spread" | parallel --will-cite -j2
"$sdsim" sweep "$sweep" --merge "$work/spread" --out "$work/spread" --quiet
"$sdsim" sweep "$sweep" --jobs 2 --out "$work/local" --quiet
for f in results.csv aggregate.csv; do
  cmp "$work/spread/$f" "$work/local/$f"
done
echo "GNU parallel + --merge == local --jobs 2 ($(($(wc -l < "$work/local/results.csv") - 1)) runs)"
