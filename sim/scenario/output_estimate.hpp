// What a run will write, estimated before it starts from the scenario alone (the workload's
// request count or rate x duration, the time-series rows, the faults), so a scenario that
// would fill a disk is caught at validation: a warning on stderr, or an input error with
// `output.over_max_size: error`.
#pragma once

#include <string>

#include "sim/scenario/scenario.hpp"

namespace sdsim {

// The random fault processes of a scenario: failures expected until the run's latest end
// `end` (s; infinite = unknown, those processes then count nothing) and their rate (1/s).
struct RandomFailureLoad {
  double expected = 0.0;
  double per_second = 0.0;
};
RandomFailureLoad random_failure_load(const Scenario& sc, double end);

struct OutputEstimate {
  double requests = 0;         // rows of requests.csv (0 when not written or not known)
  double timeseries_rows = 0;  // rows of timeseries.csv
  double events = 0;           // rows of events.csv from the faults (and their heals)
  double requests_bytes = 0, timeseries_bytes = 0, events_bytes = 0;
  bool requests_known = true;  // false: a closed loop bounded by time only (pace unknown)
  double total() const { return requests_bytes + timeseries_bytes + events_bytes; }
};

// Bytes per row, measured on the three models' outputs and rounded up: 60-80 B per request row,
// 20-60 B per time-series row (its columns are the five of every run and the model's gauges,
// known only once the model is built; quiet intervals write zeros), about 60 B per event.
inline constexpr double kRequestRowBytes = 80, kTimeseriesRowBytes = 40, kEventRowBytes = 60;

// Open loop: requests (when given) or the mean rate x the load's duration, whichever is
// smaller; closed loop: requests, else clients x duration / think_time when there is a think
// time (an upper bound), else unknown. The time series has one row per output.interval until
// the load's end (or the horizon): the drain after it is a bound that runs seldom reach, as
// they end once every reply is in.
OutputEstimate estimate_output(const Scenario& sc);

// "" when the estimate is within output.max_size (or the check is off); else what the run
// would write, and what to change.
std::string output_size_warning(const Scenario& sc, const OutputEstimate& e);

}  // namespace sdsim
