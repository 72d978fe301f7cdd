// Rollups against a naive recomputation: for random series with irregular timestamps and NaN
// samples, every stored 1-minute and 1-hour window (aggregated on ingest) must equal the
// aggregation recomputed from the list of appended points over the aligned window
// [k * interval, (k + 1) * interval), for avg, min, max, sum and count. The raw decode path
// (aggregate_raw) must agree too.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/storage/timeseries/time_series_store.hpp"

using namespace sdsim::storage::timeseries;

namespace {

struct Sample {
  double t, v;
};

// The naive answer: scan every sample, keep those in the window, aggregate by hand.
std::map<double, double> naive(const std::vector<Sample>& samples, double interval, Aggregation a) {
  std::map<double, std::vector<double>> windows;
  for (const Sample& s : samples)
    if (!std::isnan(s.v)) windows[std::floor(s.t / interval) * interval].push_back(s.v);
  std::map<double, double> out;
  for (const auto& [start, vs] : windows) {
    double r = 0;
    switch (a) {
      case Aggregation::count:
        r = static_cast<double>(vs.size());
        break;
      case Aggregation::sum:
        for (double v : vs) r += v;
        break;
      case Aggregation::avg:
        for (double v : vs) r += v;
        r /= static_cast<double>(vs.size());
        break;
      case Aggregation::min:
        r = *std::min_element(vs.begin(), vs.end());
        break;
      case Aggregation::max:
        r = *std::max_element(vs.begin(), vs.end());
        break;
    }
    out[start] = r;
  }
  return out;
}

}  // namespace

TEST_CASE("storage/timeseries: property: rollups equal a naive recomputation from the raw points") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    TimeSeriesStore store;
    const SeriesKey key("queue_depth", {{"shard", std::to_string(seed)}});
    sdsim::RandomStream rng(seed, "rollup-property");
    std::vector<Sample> samples;
    double t = 0;
    for (int i = 0; i < 3000; ++i) {
      t += rng.uniform01() < 0.05 ? rng.uniform(300, 4000) : rng.uniform(0.5, 20);  // gaps
      t = std::round(t * 1000) / 1000;  // the store keeps milliseconds
      double v = std::round(rng.normal() * 1000) / 10;
      if (rng.uniform01() < 0.02) v = std::nan("");
      if (rng.uniform01() < 0.2 && !samples.empty()) v = samples.back().v;  // repeats
      REQUIRE(store.append(key, t, v).accepted);
      samples.push_back({t, v});
    }
    for (double interval : {60.0, 3600.0}) {
      for (Aggregation a : {Aggregation::avg, Aggregation::min, Aggregation::max, Aggregation::sum,
                            Aggregation::count}) {
        INFO("seed " << seed << " interval " << interval << " aggregation " << int(a));
        const std::map<double, double> expected = naive(samples, interval, a);
        const WindowResult stored = store.query_rollup(key, interval, a, 0, 1e12);
        const WindowResult raw = store.aggregate_raw(key, interval, a, 0, 1e12);
        REQUIRE(stored.windows.size() == expected.size());
        REQUIRE(raw.windows.size() == expected.size());
        std::size_t i = 0;
        for (const auto& [start, value] : expected) {
          CHECK(stored.windows[i].start_s == start);
          CHECK(stored.windows[i].value == doctest::Approx(value).epsilon(1e-12));
          CHECK(raw.windows[i].value == doctest::Approx(value).epsilon(1e-12));
          ++i;
        }
        CHECK(raw.cost.hot.points_decoded == samples.size());
      }
    }
  }
}
