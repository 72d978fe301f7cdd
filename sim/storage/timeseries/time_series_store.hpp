// A time-series store in the manner of Gorilla (the in-memory, compressed head) with the
// retention and rollups of a metrics database: series keyed by metric name and sorted labels;
// points appended in time order and compressed with Gorilla's delta-of-delta timestamps and
// XOR values into 2-hour blocks, whose encoded size is measured bit for bit; rollup windows
// (1 minute, 1 hour by default) aggregated on ingest over aligned windows
// [k * interval, (k + 1) * interval); retention per tier applied when the caller advances time;
// recent blocks hot (in memory), older ones cold (counted as bytes on disk). Queries decode
// only what they touch and report the work per tier.
//
// Simplifications: out-of-order points are rejected rather than merged; rollup windows are
// stored uncompressed (40 bytes each) and tiered by age like blocks; no query language, no
// compaction of cold blocks into larger ones, no write-ahead log (the caller's service decides
// what a crash loses: the hot tier, or nothing if it models Gorilla's log).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/storage/timeseries/options.hpp"
#include "sim/storage/timeseries/series.hpp"

namespace sdsim::storage::timeseries {

struct Point {
  double timestamp_s;
  double value;
};

struct QueryCost {
  TierCost hot, cold;
  std::uint64_t points_returned = 0;
};

struct RawResult {
  std::vector<Point> points;
  QueryCost cost;
};

struct Window {
  double start_s;
  double value;
  std::uint64_t count;  // points aggregated (NaN samples excluded)
};

struct WindowResult {
  std::vector<Window> windows;  // in time order; windows without points are absent
  QueryCost cost;
};

struct AppendResult {
  bool accepted = false;   // false: older than the series' last point
  std::uint64_t bits = 0;  // encoded bits this point added
};

struct TimeSeriesStats {
  std::uint64_t points_appended = 0, points_rejected = 0;
  std::uint64_t rollup_updates = 0;
};

class TimeSeriesStore {
 public:
  explicit TimeSeriesStore(TimeSeriesOptions options = {});  // throws on bad options

  AppendResult append(const SeriesKey& key, double timestamp_s, double value);
  // Moves simulated time on: closes blocks, moves old ones to the cold tier, drops expired data.
  AdvanceReport advance(double now_s);

  // Raw points with start_s <= t < end_s.
  RawResult query_raw(const SeriesKey& key, double start_s, double end_s) const;
  // Stored rollup windows of `interval_s` (one of the rollup tiers) starting in [start, end).
  WindowResult query_rollup(const SeriesKey& key, double interval_s, Aggregation aggregation,
                            double start_s, double end_s) const;
  // The same aggregation computed from the raw points, for any interval.
  WindowResult aggregate_raw(const SeriesKey& key, double interval_s, Aggregation aggregation,
                             double start_s, double end_s) const;

  // Series of `metric` whose labels include every (name, value) in `matchers`, in key order.
  std::vector<SeriesKey> select(const std::string& metric,
                                const std::vector<Label>& matchers = {}) const;

  const TimeSeriesOptions& options() const { return options_; }
  const TimeSeriesStats& stats() const { return stats_; }
  std::size_t series_count() const { return series_.size(); }
  std::uint64_t stored_points() const;
  std::uint64_t encoded_bytes(Tier tier) const;  // Gorilla blocks' bytes in that tier
  double bytes_per_point() const;                // all blocks' bytes / their points

 private:
  std::int64_t ticks(double seconds) const;
  double seconds(std::int64_t ticks) const;
  const Series* find(const SeriesKey& key) const;

  TimeSeriesOptions options_;
  Geometry geometry_;
  std::map<std::string, Series> series_;  // by canonical key: deterministic order
  std::int64_t now_ticks_ = 0;
  TimeSeriesStats stats_;
};

}  // namespace sdsim::storage::timeseries
