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
  // A right-hand side naming another metric ("< 0.5 * none.overbooked_nights"): the expected
  // value is factor * that metric, read once the run is over. Empty for a constant.
  std::string rhs_metric;
  double factor = 1.0;
  std::string rhs_metric2;  // the upper bound of a "between", likewise
  double factor2 = 1.0;
};

// Parses `expect:` (a map metric -> "op value"; null or absent = no expectations).
std::vector<Expectation> parse_expectations(const Doc* expect_map,
                                            const std::vector<MetricSpec>& metrics,
                                            Diagnostics& diags);

// True when `actual` satisfies the expectation; "==" and "!=" use a relative tolerance of
// 1e-9 so that sums of floating-point times compare as a person would expect. NaN never holds.
// An expectation whose right-hand side names a metric needs `expected` (factor * that metric).
bool evaluate(const Expectation& e, double actual);
bool evaluate(const Expectation& e, double actual, double expected, double expected2 = 0.0);

// The syntax of `expect:`, for `sdsim describe expect`.
std::string expectations_help();

// A metric's value as tables print it, with a fitting unit: 0.2046 s -> "204.6 ms"; NaN ->
// "null". A plain number has 6 significant digits, or every digit it needs when `exact`.
std::string format_metric_value(double v, const std::string& unit, bool exact = false);

// "< 200 ms", "between 4.85 s and 5.15 s", "== 0".
std::string describe_expectation(const Expectation& e);

}  // namespace sdsim
