# Shared helpers of the tests/bench scripts (bash; source it: . "$(dirname "$0")/lib.sh").
#
#   bench_time OUT CMD [ARG...]   runs CMD once, its stdout to OUT; prints "CPU_S WALL_S PEAK_KB"
#                                 (user + sys CPU seconds, wall seconds, peak RSS), from
#                                 /usr/bin/time. Exits the script when CMD fails (exit 1 of
#                                 sdsim, a failed expectation, is accepted).
#   bench_median V...             the median of the numbers given
#   bench_ratio FIGURE REFERENCE  FIGURE / REFERENCE, 2 decimals
#   bench_line LABEL FIGURE REFERENCE UNIT [GOAL]
#                                 one line "LABEL: FIGURE UNIT / reference REFERENCE UNIT =
#                                 RATIOx [goal GOAL: met|NOT met]"; GOAL is "<= 1.3" or ">= 1.5"
#   bench_load_warning            warns (on stdout) when the 1-minute load average exceeds the
#                                 number of cores: other work shared the CPU, figures are noisy
# Figures are ratios of runs made side by side; a script is a measurement, not a test.

bench_time() {
  local out=$1 t rc=0
  shift
  t=$(mktemp)
  /usr/bin/time -f "%U %S %e %M" -o "$t" "$@" >"$out" || rc=$?
  if [[ $rc -ne 0 && $rc -ne 1 ]]; then
    echo "bench: '$*' failed (exit $rc)" >&2
    rm -f "$t"
    exit 1
  fi
  awk 'END { printf "%.2f %.2f %d\n", $1 + $2, $3, $4 }' "$t"
  rm -f "$t"
}

bench_median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f\n", a / b; else print "inf" }'; }

bench_line() {
  local label=$1 fig=$2 ref=$3 unit=$4 goal=${5:-} ratio verdict=""
  ratio=$(bench_ratio "$fig" "$ref")
  if [[ -n $goal ]]; then
    if awk -v r="$ratio" -v op="${goal%% *}" -v g="${goal##* }" \
      'BEGIN { exit !((op == "<=" && r <= g) || (op == ">=" && r >= g)) }'; then
      verdict="  [goal $goal: met]"
    else
      verdict="  [goal $goal: NOT met]"
    fi
  fi
  printf '%s: %s %s / reference %s %s = %sx%s\n' "$label" "$fig" "$unit" "$ref" "$unit" "$ratio" "$verdict"
}

bench_load_warning() {
  local load cores
  load=$(cut -d' ' -f1 /proc/loadavg)
  cores=$(nproc)
  if awk -v l="$load" -v c="$cores" 'BEGIN { exit !(l > c) }'; then
    echo "warning: load average $load on $cores cores: other work shared the CPU, the figures are noisy"
  fi
}
