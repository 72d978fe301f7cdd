// An external endpoint's behaviour: a lognormal latency (mean and coefficient of
// variation), a failure rate (answered with an error after its latency, as an HTTP 5xx), a
// timeout rate (never answered: the caller's time-out decides), and scheduled outages during
// which it refuses every call at once (`refuse`, a connection refused) or answers nothing
// (`hang`). No real system fixes these; the defaults are a plausible third-party HTTP API
// (50 ms mean, 1 % errors, 0.1 % lost).
#pragma once

#include <string>
#include <vector>

#include "sim/core/param_table.hpp"

namespace sdsim::external_service {

struct Outage {
  double start = 0, end = 0;  // s, [start, end)
  bool operator==(const Outage&) const = default;
};

enum class OutageMode { refuse, hang };

struct ExternalConfig {
  double latency_mean{};  // s
  double latency_cv{};    // stddev / mean
  double failure_rate{};  // fraction of calls answered with an error
  double timeout_rate{};  // fraction of calls never answered
  std::string outages;    // "START+DURATION, ...", e.g. "120s+30s, 10m+1m", or "none"
  OutageMode outage_mode{};

  std::vector<Outage> outage_windows() const { return parse_outages(outages); }
  // Throws std::invalid_argument naming the faulty item.
  static std::vector<Outage> parse_outages(const std::string& text);
};

const ParamTable<ExternalConfig>& external_params();

}  // namespace sdsim::external_service
