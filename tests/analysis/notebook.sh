#!/bin/sh
# Runs a small sweep, executes one model's notebook on it headless, and checks that the figures
# named in the model's spec file were saved. Exit 77 (skipped) when Debian's Jupyter is not
# installed (bash .ci/deps installs it). The notebook runs on a copy, so the git tree stays clean.
#   usage: notebook.sh SDSIM SOURCE_DIR WORK_DIR MODEL SPEC_FILE
#   SPEC_FILE (tests/analysis/<model>.test): one `sweep: PATH` line (relative to SOURCE_DIR),
#   then one `figure: NAME.png` line per figure the notebook must save.
set -eu
sdsim=$1 src=$2 work=$3 model=$4 spec=$5
if ! /usr/bin/python3 -c "import nbconvert, ipykernel, pandas, matplotlib" 2>/dev/null; then
  echo "skipped: /usr/bin/python3 lacks nbconvert, ipykernel, pandas or matplotlib (run bash .ci/deps)"
  exit 77
fi
sweep=$(sed -n 's/^sweep: *//p' "$spec")
figures=$(sed -n 's/^figure: *//p' "$spec")
[ -n "$sweep" ] || { echo "$spec: no 'sweep:' line"; exit 1; }
rm -rf "$work" && mkdir -p "$work"
"$sdsim" sweep "$src/$sweep" --jobs 2 --out "$work/sweep" --quiet
SDSIM_ROOT="$src" SDSIM_SWEEP="$work/sweep" SDSIM_FIGURES="$work/figures" MPLBACKEND=Agg \
  /usr/bin/python3 -m nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
  --output-dir "$work" "$src/analysis/notebooks/$model.ipynb"
for png in $figures; do
  test -s "$work/figures/$png" || { echo "missing figure $work/figures/$png"; exit 1; }
done
echo "figures in $work/figures"
