// Parameters of the time-series store. Defaults: Gorilla's 2-hour blocks and 26 hours kept in
// memory (the paper, sections 4 and 4.3); retention of raw points 7 days, 1-minute rollups 30
// days, 1-hour rollups 1 year (the project's issue).
#pragma once

#include <vector>

namespace sdsim::storage::timeseries {

struct RollupTier {
  double interval_s;   // windows [k * interval, (k + 1) * interval)
  double retention_s;  // a window is dropped once its end is this far in the past
};

struct TimeSeriesOptions {
  // Timestamps are stored as integer ticks of this size: milliseconds, as Prometheus keeps
  // them (Gorilla stores seconds; pass 1.0 for its exact first-delta width of 14 bits).
  double timestamp_resolution_s = 0.001;
  double block_duration_s = 2 * 3600.0;
  double hot_duration_s = 26 * 3600.0;  // closed blocks younger than this stay in memory
  double raw_retention_s = 7 * 86400.0;
  std::vector<RollupTier> rollups = {{60.0, 30 * 86400.0}, {3600.0, 365 * 86400.0}};

  // Throws std::invalid_argument naming the first bad option.
  void validate() const;
};

}  // namespace sdsim::storage::timeseries
