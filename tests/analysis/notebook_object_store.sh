#!/bin/sh
# Runs a small object_store sweep (tests/analysis/os-small.yaml), executes analysis/notebooks/object_store.ipynb
# on it headless, and checks that the figures were saved. Usage: notebook_object_store.sh SDSIM SOURCE_DIR WORK_DIR
# Exit 77 (skipped) when Debian's Jupyter is not installed (bash .ci/deps installs it).
set -eu
sdsim=$1 src=$2 work=$3
if ! /usr/bin/python3 -c "import nbconvert, ipykernel, pandas, matplotlib" 2>/dev/null; then
  echo "skipped: /usr/bin/python3 lacks nbconvert, ipykernel, pandas or matplotlib (run bash .ci/deps)"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
"$sdsim" sweep "$src/tests/analysis/os-small.yaml" --jobs 2 --out "$work/sweep" --quiet
SDSIM_ROOT="$src" SDSIM_SWEEP="$work/sweep" SDSIM_FIGURES="$work/figures" MPLBACKEND=Agg \
  /usr/bin/python3 -m nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
  --output-dir "$work" "$src/analysis/notebooks/object_store.ipynb"
for png in object-store-overhead-vs-durability.png object-store-repair-over-time.png object-store-repair-bytes.png; do
  test -s "$work/figures/$png" || { echo "missing figure $work/figures/$png"; exit 1; }
done
echo "figures in $work/figures"
