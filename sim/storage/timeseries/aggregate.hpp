// Aggregations over a window: count, sum, min, max and avg = sum / count. NaN samples are
// stored raw but left out of aggregates, so one failed scrape does not poison an hour's
// rollup (Prometheus would propagate it); infinities take part as IEEE arithmetic says.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace sdsim::storage::timeseries {

enum class Aggregation { avg, min, max, sum, count };

struct Aggregate {
  std::uint64_t count = 0;
  double sum = 0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();

  void add(double v) {
    if (std::isnan(v)) return;
    ++count;
    sum += v;
    min = std::min(min, v);
    max = std::max(max, v);
  }

  double get(Aggregation a) const {
    switch (a) {
      case Aggregation::avg:
        return count ? sum / static_cast<double>(count) : std::nan("");
      case Aggregation::min:
        return count ? min : std::nan("");
      case Aggregation::max:
        return count ? max : std::nan("");
      case Aggregation::sum:
        return sum;
      case Aggregation::count:
        return static_cast<double>(count);
    }
    return std::nan("");
  }
};

// Bytes one stored rollup window takes: window start, count, sum, min, max (8 bytes each).
inline constexpr std::uint64_t kRollupWindowBytes = 40;

}  // namespace sdsim::storage::timeseries
