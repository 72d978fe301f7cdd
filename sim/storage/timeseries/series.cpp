#include "sim/storage/timeseries/series.hpp"

#include <cassert>
#include <cmath>

namespace sdsim::storage::timeseries {

Block& Series::block_for(std::int64_t ticks, const Geometry& g) {
  if (blocks_.empty() || blocks_.back().closed || ticks >= blocks_.back().end_ticks) {
    if (!blocks_.empty()) blocks_.back().closed = true;
    const std::int64_t start = window_of(ticks, g.block_ticks) * g.block_ticks;
    blocks_.push_back(Block{GorillaEncoder(start, g.first_delta_bits), start + g.block_ticks});
  }
  return blocks_.back();
}

bool Series::append(std::int64_t ticks, double value, const Geometry& g) {
  if (has_points_ && ticks < last_ticks_) return false;
  Block& block = block_for(ticks, g);
  const bool ok = block.points.append(ticks, value);
  assert(ok && "a time-ordered point inside its block always encodes");
  if (!ok) return false;
  has_points_ = true;
  last_ticks_ = ticks;
  rollups_.resize(g.rollup_interval_ticks.size());
  if (std::isnan(value)) return true;  // stored, but kept out of the aggregates
  for (std::size_t t = 0; t < rollups_.size(); ++t)
    rollups_[t][window_of(ticks, g.rollup_interval_ticks[t])].add(value);
  return true;
}

void Series::advance(std::int64_t now_ticks, const Geometry& g, AdvanceReport& report) {
  for (Block& b : blocks_) {
    if (!b.closed && now_ticks >= b.end_ticks) {
      b.closed = true;
      ++report.blocks_closed;
    }
    // A closed block past the hot window is written to disk once and leaves memory.
    if (b.closed && b.tier == Tier::hot && b.end_ticks <= now_ticks - g.hot_ticks) {
      b.tier = Tier::cold;
      ++report.blocks_moved_to_cold;
      report.cold_bytes_written += b.points.bits().byte_count();
    }
  }
  while (!blocks_.empty() && blocks_.front().end_ticks <= now_ticks - g.raw_retention_ticks) {
    ++report.blocks_dropped;
    report.points_dropped += blocks_.front().points.count();
    blocks_.pop_front();
  }
  for (std::size_t t = 0; t < rollups_.size(); ++t) {
    auto& windows = rollups_[t];
    const std::int64_t interval = g.rollup_interval_ticks[t];
    while (!windows.empty() &&
           (windows.begin()->first + 1) * interval <= now_ticks - g.rollup_retention_ticks[t]) {
      windows.erase(windows.begin());
      ++report.rollup_windows_dropped;
    }
  }
}

void Series::scan(std::int64_t start, std::int64_t end, TierCost& hot, TierCost& cold,
                  const std::function<void(const EncodedPoint&)>& visit) const {
  for (const Block& b : blocks_) {
    if (b.end_ticks <= start || b.points.block_start() >= end || b.points.count() == 0) continue;
    TierCost& cost = b.tier == Tier::hot ? hot : cold;
    ++cost.blocks_read;
    GorillaDecoder decoder(b.points);
    EncodedPoint p;
    // Gorilla decodes a block from its start: the points before `start` are paid for too.
    while (decoder.next(p)) {
      ++cost.points_decoded;
      if (p.timestamp >= end) break;
      if (p.timestamp >= start) visit(p);
    }
    // A cold block is fetched whole from disk; in memory only the bytes decoded are touched.
    cost.bytes_read +=
        b.tier == Tier::cold ? b.points.bits().byte_count() : (decoder.bit_position() + 7) / 8;
  }
}

bool Series::empty() const {
  if (!blocks_.empty()) return false;
  for (const auto& windows : rollups_)
    if (!windows.empty()) return false;
  return true;
}

}  // namespace sdsim::storage::timeseries
