#!/bin/sh
# Runs a small sweep, executes one model's notebook on it headless, and checks that the figures
# it must save were saved. The notebook's own metadata says which: {"sdsim": {"test_sweep":
# PATH relative to SOURCE_DIR, "figures": [NAME.png, ...]}}. Exit 77 (skipped) when Debian's
# Jupyter is not installed (bash .ci/deps installs it). The executed copy is written to
# WORK_DIR, so the git tree stays clean.
#   usage: notebook.sh SDSIM SOURCE_DIR WORK_DIR MODEL
set -eu
sdsim=$1 src=$2 work=$3 model=$4
nb="$src/analysis/notebooks/$model.ipynb"
if ! /usr/bin/python3 -c "import nbconvert, ipykernel, pandas, matplotlib" 2>/dev/null; then
  echo "skipped: /usr/bin/python3 lacks nbconvert, ipykernel, pandas or matplotlib (run bash .ci/deps)"
  exit 77
fi
meta() { /usr/bin/python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["metadata"]["sdsim"]; v=m[sys.argv[2]]; print(" ".join(v) if isinstance(v, list) else v)' "$nb" "$1"; }
sweep=$(meta test_sweep) || { echo "$nb: no metadata.sdsim.test_sweep"; exit 1; }
figures=$(meta figures) || { echo "$nb: no metadata.sdsim.figures"; exit 1; }
rm -rf "$work" && mkdir -p "$work"
"$sdsim" sweep "$src/$sweep" --jobs 2 --out "$work/sweep" --quiet
SDSIM_ROOT="$src" SDSIM_SWEEP="$work/sweep" SDSIM_FIGURES="$work/figures" MPLBACKEND=Agg \
  /usr/bin/python3 -m nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
  --output-dir "$work" "$nb"
for png in $figures; do
  test -s "$work/figures/$png" || { echo "missing figure $work/figures/$png"; exit 1; }
done
echo "figures in $work/figures"
