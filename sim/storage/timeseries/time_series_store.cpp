#include "sim/storage/timeseries/time_series_store.hpp"

#include <bit>
#include <cmath>
#include <stdexcept>

namespace sdsim::storage::timeseries {

TimeSeriesStore::TimeSeriesStore(TimeSeriesOptions options)
    : options_((options.validate(), std::move(options))) {
  geometry_.block_ticks = ticks(options_.block_duration_s);
  geometry_.hot_ticks = ticks(options_.hot_duration_s);
  geometry_.raw_retention_ticks = ticks(options_.raw_retention_s);
  // The first delta must hold any offset inside a block: 14 bits for 2 h of seconds, as in
  // the paper; wider for finer ticks.
  geometry_.first_delta_bits = std::max(
      14, static_cast<int>(std::bit_width(static_cast<std::uint64_t>(geometry_.block_ticks))));
  for (const RollupTier& t : options_.rollups) {
    geometry_.rollup_interval_ticks.push_back(ticks(t.interval_s));
    geometry_.rollup_retention_ticks.push_back(ticks(t.retention_s));
  }
}

// Through ticks per second (1000 for milliseconds, exact in a double), so whole seconds come
// back as exact whole numbers rather than as products with an inexact 0.001.
std::int64_t TimeSeriesStore::ticks(double s) const {
  return std::llround(s * (1.0 / options_.timestamp_resolution_s));
}

double TimeSeriesStore::seconds(std::int64_t t) const {
  return static_cast<double>(t) / (1.0 / options_.timestamp_resolution_s);
}

const Series* TimeSeriesStore::find(const SeriesKey& key) const {
  auto it = series_.find(key.canonical());
  return it == series_.end() ? nullptr : &it->second;
}

AppendResult TimeSeriesStore::append(const SeriesKey& key, double timestamp_s, double value) {
  auto it = series_.try_emplace(key.canonical(), key).first;
  Series& s = it->second;
  const std::uint64_t before = s.blocks().empty() ? 0 : s.blocks().back().points.bit_count();
  const std::size_t blocks_before = s.blocks().size();
  AppendResult r;
  r.accepted = s.append(ticks(timestamp_s), value, geometry_);
  if (!r.accepted) {
    ++stats_.points_rejected;
    return r;
  }
  ++stats_.points_appended;
  if (!std::isnan(value)) stats_.rollup_updates += options_.rollups.size();
  const std::uint64_t after = s.blocks().back().points.bit_count();
  r.bits = s.blocks().size() != blocks_before ? after : after - before;
  return r;
}

AdvanceReport TimeSeriesStore::advance(double now_s) {
  now_ticks_ = std::max(now_ticks_, ticks(now_s));
  AdvanceReport report;
  for (auto it = series_.begin(); it != series_.end();) {
    it->second.advance(now_ticks_, geometry_, report);
    it = it->second.empty() ? series_.erase(it) : std::next(it);
  }
  return report;
}

RawResult TimeSeriesStore::query_raw(const SeriesKey& key, double start_s, double end_s) const {
  RawResult r;
  const Series* s = find(key);
  if (!s) return r;
  s->scan(ticks(start_s), ticks(end_s), r.cost.hot, r.cost.cold, [&](const EncodedPoint& p) {
    r.points.push_back({seconds(p.timestamp), p.value});
  });
  r.cost.points_returned = r.points.size();
  return r;
}

WindowResult TimeSeriesStore::query_rollup(const SeriesKey& key, double interval_s,
                                           Aggregation aggregation, double start_s,
                                           double end_s) const {
  std::size_t tier = 0;
  const std::int64_t interval = ticks(interval_s);
  while (tier < geometry_.rollup_interval_ticks.size() &&
         geometry_.rollup_interval_ticks[tier] != interval)
    ++tier;
  if (tier == geometry_.rollup_interval_ticks.size())
    throw std::invalid_argument("time-series query: no rollup tier with that interval");
  WindowResult r;
  const Series* s = find(key);
  if (!s) return r;
  const auto& windows = s->rollup(tier);
  for (auto it = windows.lower_bound(window_of(ticks(start_s) + interval - 1, interval));
       it != windows.end() && it->first * interval < ticks(end_s); ++it) {
    const bool hot = (it->first + 1) * interval > now_ticks_ - geometry_.hot_ticks;
    TierCost& cost = hot ? r.cost.hot : r.cost.cold;
    ++cost.windows_read;
    cost.bytes_read += kRollupWindowBytes;
    r.windows.push_back(
        {seconds(it->first * interval), it->second.get(aggregation), it->second.count});
  }
  r.cost.points_returned = r.windows.size();
  return r;
}

WindowResult TimeSeriesStore::aggregate_raw(const SeriesKey& key, double interval_s,
                                            Aggregation aggregation, double start_s,
                                            double end_s) const {
  WindowResult r;
  const Series* s = find(key);
  if (!s) return r;
  const std::int64_t interval = ticks(interval_s);
  std::map<std::int64_t, Aggregate> windows;
  s->scan(ticks(start_s), ticks(end_s), r.cost.hot, r.cost.cold, [&](const EncodedPoint& p) {
    if (!std::isnan(p.value)) windows[window_of(p.timestamp, interval)].add(p.value);
  });
  for (const auto& [k, agg] : windows)
    r.windows.push_back({seconds(k * interval), agg.get(aggregation), agg.count});
  r.cost.points_returned = r.windows.size();
  return r;
}

std::vector<SeriesKey> TimeSeriesStore::select(const std::string& metric,
                                               const std::vector<Label>& matchers) const {
  std::vector<SeriesKey> out;
  for (const auto& [canonical, s] : series_) {
    if (s.key().metric() != metric) continue;
    bool all = true;
    for (const Label& m : matchers) {
      const std::string* v = s.key().label(m.name);
      all = all && v && *v == m.value;
    }
    if (all) out.push_back(s.key());
  }
  return out;
}

std::uint64_t TimeSeriesStore::stored_points() const {
  std::uint64_t n = 0;
  for (const auto& [canonical, s] : series_)
    for (const Block& b : s.blocks()) n += b.points.count();
  return n;
}

std::uint64_t TimeSeriesStore::encoded_bytes(Tier tier) const {
  std::uint64_t n = 0;
  for (const auto& [canonical, s] : series_)
    for (const Block& b : s.blocks())
      if (b.tier == tier) n += b.points.bits().byte_count();
  return n;
}

double TimeSeriesStore::bytes_per_point() const {
  const std::uint64_t points = stored_points();
  return points ? static_cast<double>(encoded_bytes(Tier::hot) + encoded_bytes(Tier::cold)) /
                      static_cast<double>(points)
                : 0.0;
}

}  // namespace sdsim::storage::timeseries
