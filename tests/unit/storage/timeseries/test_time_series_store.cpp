// The time-series store: Prometheus's series identity (metric name + sorted labels), Gorilla's
// in-memory blocks (2 h) and 26-hour hot window (paper, section 4), and the retention per tier
// of the project's issue (raw 7 days, 1-minute rollups 30 days, 1-hour rollups 1 year).
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "sim/storage/timeseries/time_series_store.hpp"

using namespace sdsim::storage::timeseries;

namespace {

const double kDay = 86400;
const SeriesKey kCpu("cpu_seconds", {{"host", "web-1"}, {"dc", "eu"}});

// One point every `step_s` over [from_s, to_s), value = the time in minutes.
void fill(TimeSeriesStore& store, const SeriesKey& key, double from_s, double to_s, double step_s) {
  for (double t = from_s; t < to_s; t += step_s) REQUIRE(store.append(key, t, t / 60).accepted);
}

}  // namespace

TEST_CASE("storage/timeseries: a series is its metric name and its labels in any order") {
  SeriesKey a("http_requests", {{"method", "GET"}, {"code", "200"}});
  SeriesKey b("http_requests", {{"code", "200"}, {"method", "GET"}});
  CHECK(a == b);
  CHECK(a.canonical() == "http_requests{code=\"200\",method=\"GET\"}");
  CHECK_FALSE(a == SeriesKey("http_requests", {{"code", "500"}, {"method", "GET"}}));
  CHECK_THROWS_AS(SeriesKey("m", {{"x", "1"}, {"x", "2"}}), std::invalid_argument);
  TimeSeriesStore store;
  store.append(a, 10, 1);
  store.append(b, 20, 2);
  store.append(SeriesKey("http_requests", {{"code", "500"}, {"method", "GET"}}), 20, 2);
  CHECK(store.series_count() == 2);
  CHECK(store.query_raw(a, 0, 100).points.size() == 2);
  CHECK(store.select("http_requests", {{"code", "200"}}).size() == 1);
  CHECK(store.select("http_requests").size() == 2);
  CHECK(store.select("other").empty());
}

TEST_CASE("storage/timeseries: points arriving out of order are rejected") {
  TimeSeriesStore store;
  CHECK(store.append(kCpu, 100, 1).accepted);
  CHECK_FALSE(store.append(kCpu, 99, 2).accepted);
  CHECK(store.append(kCpu, 100, 3).accepted);  // same timestamp: kept, as Gorilla can encode
  CHECK(store.stats().points_rejected == 1);
  CHECK(store.query_raw(kCpu, 0, 1000).points.size() == 2);
}

TEST_CASE("storage/timeseries: a range query decodes only the blocks and points it touches") {
  TimeSeriesStore store;
  fill(store, kCpu, 0, 6 * 3600, 10);  // three 2-hour blocks of 720 points
  REQUIRE(store.query_raw(kCpu, 0, 1e9).points.size() == 3 * 720);
  // Ten minutes at the start of the second block: one block, decoded up to the range's end.
  RawResult r = store.query_raw(kCpu, 7200, 7800);
  CHECK(r.points.size() == 60);
  CHECK(r.points.front().timestamp_s == 7200);
  CHECK(r.points.back().timestamp_s == 7790);
  CHECK(r.cost.hot.blocks_read == 1);
  CHECK(r.cost.hot.points_decoded == 61);  // the 60 and the first one past the end
  // The same span at the end of the block decodes the whole block: cost follows points touched.
  RawResult late = store.query_raw(kCpu, 13800, 14400);
  CHECK(late.points.size() == 60);
  CHECK(late.cost.hot.points_decoded == 720);
  CHECK(late.cost.hot.bytes_read > 5 * r.cost.hot.bytes_read);
  CHECK(r.cost.cold.blocks_read == 0);
}

TEST_CASE(
    "storage/timeseries: blocks older than 26 hours move to the cold tier, counted as bytes on "
    "disk") {
  TimeSeriesStore store;
  fill(store, kCpu, 0, 4 * 3600, 10);
  const std::uint64_t bytes = store.encoded_bytes(Tier::hot);
  AdvanceReport early = store.advance(20 * 3600);
  CHECK(early.blocks_closed == 1);  // the open block's end has passed
  CHECK(early.blocks_moved_to_cold == 0);
  AdvanceReport later = store.advance(2 * 3600 + 26 * 3600);
  CHECK(later.blocks_moved_to_cold == 1);  // the first block only: it ended 26 h ago
  store.advance(30 * 3600);
  CHECK(store.encoded_bytes(Tier::hot) == 0);
  CHECK(store.encoded_bytes(Tier::cold) == bytes);
  RawResult r = store.query_raw(kCpu, 600, 1200);
  CHECK(r.cost.hot.blocks_read == 0);
  CHECK(r.cost.cold.blocks_read == 1);
  CHECK(r.cost.cold.bytes_read == later.cold_bytes_written);  // the whole first block
  CHECK(r.points.size() == 60);
}

TEST_CASE(
    "storage/timeseries: retention drops raw points after 7 days, 1-minute rollups after 30, "
    "1-hour after a year") {
  TimeSeriesStore store;
  fill(store, kCpu, 0, 2 * 3600, 30);
  store.advance(7 * kDay + 2 * 3600 - 1);
  CHECK(store.query_raw(kCpu, 0, 7200).points.size() == 240);
  AdvanceReport raw = store.advance(7 * kDay + 2 * 3600);
  CHECK(raw.blocks_dropped == 1);
  CHECK(raw.points_dropped == 240);
  CHECK(store.query_raw(kCpu, 0, 7200).points.empty());
  CHECK(store.query_rollup(kCpu, 60, Aggregation::count, 0, 7200).windows.size() == 120);
  store.advance(30 * kDay + 7200);
  CHECK(store.query_rollup(kCpu, 60, Aggregation::count, 0, 7200).windows.empty());
  CHECK(store.query_rollup(kCpu, 3600, Aggregation::count, 0, 7200).windows.size() == 2);
  store.advance(365 * kDay + 3600);
  CHECK(store.query_rollup(kCpu, 3600, Aggregation::count, 0, 7200).windows.size() == 1);
  store.advance(365 * kDay + 7200);
  CHECK(store.series_count() == 0);  // nothing left: the series itself goes
  CHECK_THROWS_AS(store.query_rollup(kCpu, 300, Aggregation::avg, 0, 1), std::invalid_argument);
}

TEST_CASE("storage/timeseries: rollup windows are aligned on the interval") {
  TimeSeriesStore store;
  // Points at 30 s, 90 s, 150 s: windows [0, 60), [60, 120), [120, 180) take one each.
  for (double t : {30.0, 90.0, 150.0}) store.append(kCpu, t, t);
  WindowResult w = store.query_rollup(kCpu, 60, Aggregation::sum, 0, 1000);
  REQUIRE(w.windows.size() == 3);
  CHECK(w.windows[0].start_s == 0);
  CHECK(w.windows[1].start_s == 60);
  CHECK(w.windows[2].value == 150);
  // Windows are selected by their start: [61, 1000) leaves out the one starting at 60.
  CHECK(store.query_rollup(kCpu, 60, Aggregation::sum, 61, 1000).windows.size() == 1);
  WindowResult hour = store.query_rollup(kCpu, 3600, Aggregation::avg, 0, 3600);
  REQUIRE(hour.windows.size() == 1);
  CHECK(hour.windows[0].value == doctest::Approx(90));
  CHECK(hour.cost.hot.windows_read == 1);
  CHECK(hour.cost.hot.bytes_read == kRollupWindowBytes);
}

TEST_CASE("storage/timeseries: the store reports its measured bytes per point") {
  TimeSeriesStore store;
  fill(store, kCpu, 0, 2 * 3600, 10);  // value t/60 in minutes: changing fractions, XOR-heavy
  const double bpp = store.bytes_per_point();
  CHECK(bpp > 1.0);
  CHECK(bpp < 16.0);  // below the 16 bytes of an uncompressed (timestamp, double) pair
  CHECK(store.stored_points() == 720);
}
