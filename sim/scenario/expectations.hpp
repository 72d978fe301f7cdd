// The `expect:` block: assertions on a run's metrics ("e2e_latency.p99: < 200ms"). Scenarios
// are the regression suite, so an expectation is checked like input: units must match the
// metric's unit and the metric must be one the model declares.
#pragma once

#include <string>
#include <vector>

#include "sim/core/doc.hpp"
#include "sim/core/metric_spec.hpp"

namespace sdsim {

struct Expectation {
  std::string metric;
  std::string op;                // "==", "!=", "<", "<=", ">", ">=", "between"
  double value = 0, value2 = 0;  // SI; value2 only for "between" (inclusive bounds)
  std::string text;              // as written: "< 200ms"
  Location loc;
  std::string unit;  // the metric's unit, so the expectation can describe itself
};

// Parses `expect:` (a map metric -> "op value"; null or absent = no expectations).
std::vector<Expectation> parse_expectations(const Doc* expect_map,
                                            const std::vector<MetricSpec>& metrics,
                                            Diagnostics& diags);

// True when `actual` satisfies the expectation; "==" and "!=" use a relative tolerance of
// 1e-9 so that sums of floating-point times compare as a person would expect. NaN never holds.
bool evaluate(const Expectation& e, double actual);

// "< 200 ms", "between 4.85 s and 5.15 s", "== 0".
std::string describe_expectation(const Expectation& e);

}  // namespace sdsim
