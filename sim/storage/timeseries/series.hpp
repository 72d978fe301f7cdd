// The storage of one series: its Gorilla blocks (the open one and closed ones, each in the hot
// tier, in memory, or the cold tier, on disk) and its rollup windows, one map per rollup tier,
// updated as points arrive (appends are in time order, so a window never needs recomputing).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <vector>

#include "sim/storage/timeseries/aggregate.hpp"
#include "sim/storage/timeseries/gorilla.hpp"
#include "sim/storage/timeseries/series_key.hpp"

namespace sdsim::storage::timeseries {

enum class Tier { hot, cold };

// The options in integer ticks.
struct Geometry {
  std::int64_t block_ticks, hot_ticks, raw_retention_ticks;
  int first_delta_bits;
  std::vector<std::int64_t> rollup_interval_ticks, rollup_retention_ticks;
};

struct Block {
  GorillaEncoder points;
  std::int64_t end_ticks;  // exclusive: the block holds [points.block_start(), end_ticks)
  bool closed = false;
  Tier tier = Tier::hot;
};

// Work of a query in one tier: blocks (or rollup windows) read, points decoded, bytes read.
struct TierCost {
  std::uint64_t blocks_read = 0, points_decoded = 0, windows_read = 0, bytes_read = 0;
};

struct AdvanceReport {
  std::uint64_t blocks_closed = 0, blocks_moved_to_cold = 0, cold_bytes_written = 0;
  std::uint64_t blocks_dropped = 0, points_dropped = 0, rollup_windows_dropped = 0;
};

class Series {
 public:
  explicit Series(SeriesKey key) : key_(std::move(key)) {}

  // False for a point older than the series' last one (rejected, as Gorilla and Prometheus do).
  bool append(std::int64_t ticks, double value, const Geometry& g);
  void advance(std::int64_t now_ticks, const Geometry& g, AdvanceReport& report);

  // Calls `visit` for each point in [start, end), decoding only blocks that overlap it and
  // stopping inside a block at the first point past `end`; the work goes into the tier costs.
  void scan(std::int64_t start, std::int64_t end, TierCost& hot, TierCost& cold,
            const std::function<void(const EncodedPoint&)>& visit) const;

  const SeriesKey& key() const { return key_; }
  const std::deque<Block>& blocks() const { return blocks_; }
  const std::map<std::int64_t, Aggregate>& rollup(std::size_t tier) const { return rollups_[tier]; }
  bool empty() const;

 private:
  Block& block_for(std::int64_t ticks, const Geometry& g);

  SeriesKey key_;
  std::deque<Block> blocks_;                                // in time order
  std::vector<std::map<std::int64_t, Aggregate>> rollups_;  // window index -> aggregate
  bool has_points_ = false;
  std::int64_t last_ticks_ = 0;
};

// Floor division: window k holds [k * interval, (k + 1) * interval), also for negative times.
inline std::int64_t window_of(std::int64_t ticks, std::int64_t interval) {
  return ticks / interval - ((ticks % interval != 0) && ((ticks < 0) != (interval < 0)));
}

}  // namespace sdsim::storage::timeseries
