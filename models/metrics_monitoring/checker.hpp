// The model's checkers (plain C++, run at the end of every run):
//
// AlertChecker holds the alerts against the faults that caused them. A fault is a target
// host's down interval [down, up) (up = +inf when it never came back). With the rule's `for`,
// the scrape interval and time-out and the evaluation interval, a fault that lasts longer than
//   for + scrape_interval + scrape_timeout + evaluation_interval + slack
// must fire exactly one alert (else it is missed); every firing must be explained by a fault
// of its target: down <= firing time - for (the expression cannot have held for `for` before
// the target died) and firing time <= up + scrape_interval + scrape_timeout +
// evaluation_interval + slack (the last failed scrape is still the latest sample). A firing
// explained by no fault, or a second firing for one fault, is a false positive. `slack` is
// the time the pipeline (collector, log, ingester) may take to make a sample readable.
//
// PointAccount recounts the pipeline from the outside: every sample a collector took in
// (pull) or an agent produced (push) against what the store holds at the end, per series.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "sim/metrics/histogram.hpp"

namespace sdsim::metrics_monitoring {

struct FaultInterval {
  double down = 0, up = std::numeric_limits<double>::infinity();  // s
};

struct AlertTiming {
  double for_s = 0, scrape_interval = 0, scrape_timeout = 0, evaluation_interval = 0;
  double slack = 0;  // s
  double must_fire_after() const {
    return for_s + scrape_interval + scrape_timeout + evaluation_interval + slack;
  }
  double may_fire_until_after_up() const {
    return scrape_interval + scrape_timeout + evaluation_interval + slack;
  }
};

struct AlertVerdict {
  std::uint64_t faults = 0, long_faults = 0;  // long: must fire
  std::uint64_t fired = 0, missed = 0, false_positives = 0;
  LatencyHistogram detection_delay;  // s: fault -> firing, per explained firing
};

// `faults` and `firings` by instance label; `end` the run's end (a fault still open then,
// or one whose firing deadline lies after the end, is only held to it if its deadline
// passed).
AlertVerdict check_alerts(const std::map<std::string, std::vector<FaultInterval>>& faults,
                          const std::map<std::string, std::vector<double>>& firings,
                          const AlertTiming& timing, double end);

// Per series: the sample times taken in, and what the store holds.
struct PointVerdict {
  std::uint64_t taken = 0;       // distinct (series, time) samples that entered the pipeline
  std::uint64_t stored = 0;      // distinct ones the store holds
  std::uint64_t lost = 0;        // taken, not stored, younger than the retention horizon
  std::uint64_t expired = 0;     // taken, not stored, older than it (retention may drop them)
  std::uint64_t duplicated = 0;  // stored copies beyond the first
  std::uint64_t unexpected = 0;  // stored, never taken (must be 0)
};
// RollupCheck recomputes rollup windows from raw points (avg, min, max, count over the aligned
// windows [k * interval, (k + 1) * interval)) so the store's rollups can be held to them.
struct RawWindow {
  double start = 0, sum = 0, min = 0, max = 0;
  std::uint64_t count = 0;
  double avg() const { return sum / double(count); }
};
std::vector<RawWindow> windows_from_raw(const std::vector<std::pair<double, double>>& points,
                                        double interval);

// `horizon`: samples older than this may have been dropped by raw retention (a raw block
// goes only once its end is older than now - retention, so no younger sample can go).
PointVerdict check_points(std::vector<double> taken, std::vector<double> stored, double horizon);
PointVerdict& operator+=(PointVerdict& a, const PointVerdict& b);

}  // namespace sdsim::metrics_monitoring
