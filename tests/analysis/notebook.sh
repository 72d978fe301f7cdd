#!/bin/sh
# Runs a small sweep, executes one model's notebook on it headless, and checks that the named
# figures were saved. Exit 77 (skipped) when Debian's Jupyter is not installed (bash .ci/deps
# installs it).
#   usage: notebook.sh SDSIM SOURCE_DIR WORK_DIR NOTEBOOK SWEEP_FILE FIGURE.png...
#   (NOTEBOOK is a name in analysis/notebooks/, SWEEP_FILE a path relative to SOURCE_DIR)
set -eu
sdsim=$1 src=$2 work=$3 notebook=$4 sweep=$5
shift 5
if ! /usr/bin/python3 -c "import nbconvert, ipykernel, pandas, matplotlib" 2>/dev/null; then
  echo "skipped: /usr/bin/python3 lacks nbconvert, ipykernel, pandas or matplotlib (run bash .ci/deps)"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
"$sdsim" sweep "$src/$sweep" --jobs 2 --out "$work/sweep" --quiet
SDSIM_ROOT="$src" SDSIM_SWEEP="$work/sweep" SDSIM_FIGURES="$work/figures" MPLBACKEND=Agg \
  /usr/bin/python3 -m nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
  --output-dir "$work" "$src/analysis/notebooks/$notebook"
for png in "$@"; do
  test -s "$work/figures/$png" || { echo "missing figure $work/figures/$png"; exit 1; }
done
echo "figures in $work/figures"
