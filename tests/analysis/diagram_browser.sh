#!/usr/bin/env bash
# `sdsim diagram` in a real headless browser (Debian's Chromium): the page a student opens
# renders without a script error and shows exactly the arrows sdsim says it drew.
# Usage: diagram_browser.sh SDSIM SOURCE_DIR WORK_DIR
set -euo pipefail
sdsim=$1 src=$2 work=$3
fail() { echo "diagram:chromium: $*" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n $browser ]] || fail "chromium is missing: install it (bash .ci/deps)"
rm -rf "$work" && mkdir -p "$work"
"$sdsim" run "$src/scenarios/queueing/station-crash.yaml" --quiet --out "$work/run" --trace chrome \
  --set workload.duration=100s --set 'faults=[{at: 40s, crash: station-0, restart_after: 20s}]' --set 'expect={}'
said=$("$sdsim" diagram "$work/run" --from 39s --to 42s)
echo "$said"
arrows=$(sed -E 's/.* lifelines, ([0-9]+) messages .*/\1/' <<< "$said")
[[ $arrows -gt 0 ]] || fail "sdsim drew no arrow: $said"

# --dump-dom prints the document after its scripts ran; the page's script counts the arrows
# the browser actually laid out and says whether it ran without an exception.
dom=$(timeout 120 "$browser" --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
        --user-data-dir="$work/profile" --dump-dom "file://$work/run/diagram.html" 2> "$work/browser.log")
body=$(grep -o '<body[^>]*>' <<< "$dom" || true)
echo "browser: $body"
grep -q 'data-rendered="ok"' <<< "$body" || fail "the page did not render: $body (see $work/browser.log)"
grep -q "data-arrows=\"$arrows\"" <<< "$body" || fail "the browser shows a different number of arrows than $arrows: $body"
if grep -E "Uncaught|SyntaxError|CONSOLE\(.*\) \"[^\"]*[Ee]rror" "$work/browser.log"; then
  fail "the page logged a script error"
fi
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$work/profile" \
  --screenshot="$work/diagram.png" --window-size=1200,900 "file://$work/run/diagram.html" 2>/dev/null
[[ -s $work/diagram.png ]] || fail "no screenshot"
echo "Chromium renders the diagram: $arrows arrows, no script error (screenshot $work/diagram.png)"
