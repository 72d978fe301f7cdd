// The reconciliation job (the book's end-of-day batch job): recounts the raw click log per ad,
// window and filter by event time, with no watermark, and compares it with what the stream
// stored. The raw data are the clicks the log acknowledged (every distinct event id with a
// delivery in the log), counted once each however often a client resent them. What it reports
// is what the stream got wrong: per (ad, window, filter) the difference stream - recount, the
// events counted more than once in the stored rows, and whether each window's top N equals the
// recount's.
#pragma once

#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "models/ad_click/experiment.hpp"

namespace sdsim::ad_click {

using CountKey = std::tuple<std::int64_t, int, int>;  // (window, ad, filter)
using Counts = std::map<CountKey, std::uint64_t>;

// Batch recount of `events` (those with ingested[e]) into windows of `size` by event time.
Counts recount(const std::vector<ClickEvent>& events, const std::vector<bool>& ingested,
               double size, int filter_countries);
// What the stored rows hold, summed over partitions.
Counts stream_counts(const std::map<std::pair<int, std::int64_t>, StoredRow>& rows);
// Events counted more than once: over every stored (ad, window), events listed - distinct.
std::uint64_t duplicates_counted(const std::map<std::pair<int, std::int64_t>, StoredRow>& rows);
// The global top N over the last `m` windows ending at `window`, from counts of filter 0.
std::vector<Ranked> recount_top_n(const Counts& counts, std::int64_t window, int m, int n);

struct Mismatch {
  CountKey key;
  std::int64_t stream = 0, recount = 0;
};
struct Reconciliation {
  std::vector<Mismatch> mismatches;              // every key where the two differ, in key order
  std::uint64_t windows = 0, exact_windows = 0;  // (ad, window) pairs, filter 0
  std::uint64_t abs_error = 0;                   // filter 0: sum of |stream - recount|
};
Reconciliation reconcile(const Counts& stream, const Counts& recount);

}  // namespace sdsim::ad_click
