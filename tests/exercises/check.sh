#!/usr/bin/env bash
# One exercise, graded the way a teacher would (run by CTest as exercise:<name>):
#   tests/exercises/check.sh SDSIM SOURCE_DIR BUILD_DIR NAME
# The reference solution (tests/exercises/NAME/solution.yaml, kept away from the task) must
# pass on the published seeds and on seeds from another base (the teacher's hidden ones), and
# the starter scenario handed out must fail, naming a failed check and its seed.
set -euo pipefail
sdsim=$1 src=$2 build=$3 name=$4
ex="$src/scenarios/exercises/$name"
solution="$src/tests/exercises/$name/solution.yaml"
out="$build/exercise-runs/$name"
for f in "$ex/README.md" "$ex/grade.yaml" "$ex/scenario.yaml" "$solution"; do
  [[ -f $f ]] || { echo "exercise $name: missing $f" >&2; exit 1; }
done
rm -rf "$out" && mkdir -p "$out"

"$sdsim" grade "$ex" --scenario "$solution" --out "$out/published" --jobs 2 \
  || { echo "exercise $name: the reference solution fails on the published seeds" >&2; exit 1; }
"$sdsim" grade "$ex" --scenario "$solution" --seed-base 20261203 --seeds 3 --out "$out/hidden" --jobs 2 -q \
  || { echo "exercise $name: the reference solution fails on hidden seeds (base 20261203)" >&2; exit 1; }

set +e
"$sdsim" grade "$ex" --seeds 2 --out "$out/starter" --jobs 2 > "$out/starter.txt" 2>&1
rc=$?
set -e
cat "$out/starter.txt"
if [[ $rc -ne 1 ]]; then
  echo "exercise $name: the starter should fail its checks (exit 1), got exit $rc" >&2
  exit 1
fi
grep -q "^grade: FAIL: " "$out/starter.txt" && grep -Eq "^  [a-z_.0-9]+ on seed [0-9]+: expected " "$out/starter.txt" \
  || { echo "exercise $name: the starter's failure does not name a check and a seed" >&2; exit 1; }
echo "exercise $name: the solution passes on published and hidden seeds, the starter fails"
