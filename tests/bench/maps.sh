#!/usr/bin/env bash
# Maps routing benchmark (run by the bench target): a generated road graph of 10^6 nodes (the
# maps model's grid city, 1000 x 1000 intersections, ~4 x 10^6 arcs, seed 1), then the same
# seeded random A* queries through sdsim's road-graph block (sim/storage/road_graph: RoadGraph
# + ShortestPathSearch, arrays kept between queries, only the touched nodes reset) and through
# the reference: Boost.Graph's own astar_search on a compressed_sparse_row_graph of the same
# arcs, its distance/rank/predecessor/colour maps allocated once and re-initialised by
# astar_search on every query (O(V) each, the library's own way), stopped by a visitor when the
# target is examined; same admissible straight-line heuristic. tests/bench/maps_bench.cpp
# holds both. Each side runs in its own process (peak RSS from /usr/bin/time is its own).
# Prints, for both: build time (arc list in memory -> searchable graph), A* queries per wall
# second, peak memory, with the ratios; checks that every query's cost agrees (1e-9 relative).
# A measurement, not a test: it exits 0 whatever the ratios, unless a program fails or the
# costs disagree. About 30 s and 0.5 GB per side on this machine; not in ctest.
#   maps.sh SDSIM SOURCE_DIR BENCH_BIN_DIR     (SDSIM and SOURCE_DIR are unused)
# Environment: MAPS_BENCH_WIDTH, MAPS_BENCH_HEIGHT (1000 each), MAPS_BENCH_QUERIES (200),
# MAPS_BENCH_SEED (1).
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: $0 SDSIM SOURCE_DIR BENCH_BIN_DIR" >&2
  exit 2
fi
. "$(dirname "$0")/lib.sh"
BENCH=$3/maps_bench
if [[ ! -x $BENCH ]]; then
  echo "maps.sh: $BENCH is missing (cmake --build <dir> --target bench builds it)" >&2
  exit 1
fi
W=${MAPS_BENCH_WIDTH:-1000} H=${MAPS_BENCH_HEIGHT:-1000}
Q=${MAPS_BENCH_QUERIES:-200} SEED=${MAPS_BENCH_SEED:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bench_load_warning
"$BENCH" generate --out "$tmp/graph.bin" --width "$W" --height "$H" --seed "$SEED"
read -r _ _ sd_peak < <(bench_time "$tmp/sdsim.out" "$BENCH" sdsim --graph "$tmp/graph.bin" \
  --queries "$Q" --seed "$SEED" --costs "$tmp/sdsim.costs")
read -r _ _ bo_peak < <(bench_time "$tmp/boost.out" "$BENCH" boost --graph "$tmp/graph.bin" \
  --queries "$Q" --seed "$SEED" --costs "$tmp/boost.costs")
field() { tr ' ' '\n' <"$1" | sed -n "s/^$2=//p" | head -1; }

echo "$Q A* queries (seeded random pairs), seed $SEED"
echo "  sdsim:     $(cat "$tmp/sdsim.out")"
echo "  reference: $(cat "$tmp/boost.out")"
bench_line "build (arc list -> searchable graph), sdsim / Boost CSR" \
  "$(field "$tmp/sdsim.out" build_s)" "$(field "$tmp/boost.out" build_s)" s
bench_line "A* queries per wall second, sdsim / Boost astar_search" \
  "$(field "$tmp/sdsim.out" qps)" "$(field "$tmp/boost.out" qps)" "1/s"
bench_line "peak memory (whole process), sdsim / reference" "$sd_peak" "$bo_peak" KB
bench_line "nodes settled per query, sdsim / Boost examined" \
  "$(field "$tmp/sdsim.out" expanded_mean)" "$(field "$tmp/boost.out" expanded_mean)" ""
bad=$(paste "$tmp/sdsim.costs" "$tmp/boost.costs" | awk '
  { d = $1 - $2; if (d < 0) d = -d; m = ($1 > $2 ? $1 : $2); if ($1 != $2 && d > 1e-9 * m) n++ }
  END { print n + 0 }')
if [[ $bad -ne 0 ]]; then
  echo "  MISMATCH: $bad of $Q route costs differ between sdsim and Boost"
  exit 1
fi
echo "  route costs agree on all $Q queries"
bench_load_warning
