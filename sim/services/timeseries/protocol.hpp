// The time-series database's messages: append batches (remote-write style: samples grouped
// per series), raw range queries, rollup queries, series selection. Wire sizes: a 100 B
// header, each series' canonical key, 16 B per point, 24 B per rollup window.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/storage/timeseries/time_series_store.hpp"

namespace sdsim::timeseries_service {

using storage::timeseries::Aggregation;
using storage::timeseries::Label;
using storage::timeseries::Point;
using storage::timeseries::QueryCost;
using storage::timeseries::SeriesKey;
using storage::timeseries::Window;

inline constexpr double kHeaderBytes = 100, kPointBytes = 16, kWindowBytes = 24;

struct SeriesSamples {
  SeriesKey key;
  std::vector<Point> points;
};

struct AppendReply {
  static constexpr std::string_view kName = "tsdb_append_reply";
  std::uint64_t accepted = 0, rejected = 0;  // rejected: older than the series' last point
  double wire_bytes() const { return kHeaderBytes; }
};
struct AppendBatch {
  static constexpr std::string_view kName = "tsdb_append";
  using Reply = AppendReply;
  std::vector<SeriesSamples> series;
  double wire_bytes() const {
    double b = kHeaderBytes;
    for (const auto& s : series) b += s.key.canonical().size() + kPointBytes * s.points.size();
    return b;
  }
};

struct RangeReply {
  static constexpr std::string_view kName = "tsdb_range_reply";
  std::vector<Point> points;
  QueryCost cost;  // the work it took, per tier (for the model's accounting; not on the wire)
  double wire_bytes() const { return kHeaderBytes + kPointBytes * points.size(); }
};
struct RangeQuery {
  static constexpr std::string_view kName = "tsdb_range";
  using Reply = RangeReply;
  SeriesKey key;
  double start = 0, end = 0;  // s: start <= t < end
  double wire_bytes() const { return kHeaderBytes + key.canonical().size(); }
};

struct RollupReply {
  static constexpr std::string_view kName = "tsdb_rollup_reply";
  std::vector<Window> windows;
  QueryCost cost;
  double wire_bytes() const { return kHeaderBytes + kWindowBytes * windows.size(); }
};
// Windows of `interval` (one of the rollup tiers, or any interval with from_raw) starting in
// [start, end). An interval that is no tier without from_raw is refused (Status::Error).
struct RollupQuery {
  static constexpr std::string_view kName = "tsdb_rollup";
  using Reply = RollupReply;
  SeriesKey key;
  double interval = 60;
  Aggregation aggregation = Aggregation::avg;
  double start = 0, end = 0;
  bool from_raw = false;
  double wire_bytes() const { return kHeaderBytes + key.canonical().size(); }
};

struct SelectReply {
  static constexpr std::string_view kName = "tsdb_select_reply";
  std::vector<SeriesKey> series;
  double wire_bytes() const {
    double b = kHeaderBytes;
    for (const auto& k : series) b += k.canonical().size();
    return b;
  }
};
struct SelectQuery {
  static constexpr std::string_view kName = "tsdb_select";
  using Reply = SelectReply;
  std::string metric;
  std::vector<Label> matchers;
  double wire_bytes() const { return kHeaderBytes + metric.size() + 32.0 * matchers.size(); }
};

using TsdbProtocol = std::variant<AppendBatch, RangeQuery, RollupQuery, SelectQuery>;

}  // namespace sdsim::timeseries_service
