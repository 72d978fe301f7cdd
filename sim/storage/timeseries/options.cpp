#include "sim/storage/timeseries/options.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace sdsim::storage::timeseries {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("time-series options: " + what);
}

bool whole_multiple(double x, double unit) {
  const double n = x / unit;
  return n >= 1 && std::fabs(n - std::round(n)) < 1e-9 * n;
}

}  // namespace

void TimeSeriesOptions::validate() const {
  require(timestamp_resolution_s > 0, "timestamp_resolution must be > 0");
  require(whole_multiple(block_duration_s, timestamp_resolution_s),
          "block_duration must be a whole number of timestamp ticks");
  require(hot_duration_s >= 0, "hot_duration must be >= 0");
  require(raw_retention_s > 0, "raw_retention must be > 0");
  for (const RollupTier& t : rollups) {
    require(whole_multiple(t.interval_s, timestamp_resolution_s),
            "rollup interval must be a whole number of timestamp ticks");
    require(t.retention_s > 0, "rollup retention must be > 0");
  }
}

}  // namespace sdsim::storage::timeseries
