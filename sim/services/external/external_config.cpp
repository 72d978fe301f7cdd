#include "sim/services/external/external_config.hpp"

#include <stdexcept>

#include "sim/core/units.hpp"
#include "sim/model/service_params.hpp"

namespace sdsim::external_service {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

double duration(const std::string& text, const std::string& item) {
  const QuantityParse q = parse_quantity(text, Dimension::Duration);
  if (!q.ok) throw std::invalid_argument("outage '" + item + "': " + q.error);
  return q.value;
}

}  // namespace

std::vector<Outage> ExternalConfig::parse_outages(const std::string& text) {
  std::vector<Outage> out;
  if (trim(text).empty() || trim(text) == "none") return out;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    const std::string item = trim(text.substr(at, comma - at));
    at = comma + 1;
    if (item.empty()) throw std::invalid_argument("outages: an empty item in '" + text + "'");
    const std::size_t plus = item.find('+');
    if (plus == std::string::npos)
      throw std::invalid_argument("outage '" + item + "': expected START+DURATION, e.g. 120s+30s");
    const double start = duration(trim(item.substr(0, plus)), item);
    const double length = duration(trim(item.substr(plus + 1)), item);
    if (length <= 0) throw std::invalid_argument("outage '" + item + "': the duration must be > 0");
    if (!out.empty() && start < out.back().end)
      throw std::invalid_argument("outage '" + item +
                                  "': outages must be in order and not overlap");
    out.push_back({start, start + length});
  }
  return out;
}

const ParamTable<ExternalConfig>& external_params() {
  static const ParamTable<ExternalConfig> t = [] {
    ParamTable<ExternalConfig> p;
    p.duration("latency_mean", &ExternalConfig::latency_mean, "50ms",
               "mean time the endpoint takes to answer (lognormal)", 1e-9)
        .real("latency_cv", &ExternalConfig::latency_cv, "0.5",
              "coefficient of variation of the latency (stddev / mean)", 0, 10)
        .real("failure_rate", &ExternalConfig::failure_rate, "0.01",
              "fraction of calls answered with an error after their latency", 0, 1)
        .real("timeout_rate", &ExternalConfig::timeout_rate, "0.001",
              "fraction of calls never answered (the caller's time-out fires)", 0, 1)
        .text("outages", &ExternalConfig::outages, "none",
              "scheduled outages, START+DURATION separated by commas (e.g. '120s+30s, 10m+1m'), "
              "or none")
        .choice("outage_mode", &ExternalConfig::outage_mode, "refuse",
                "during an outage: refuse each call at once (connection refused) or hang "
                "(never answer)",
                {{"refuse", OutageMode::refuse}, {"hang", OutageMode::hang}});
    return p;
  }();
  return t;
}

}  // namespace sdsim::external_service

// `sdsim describe service external`
static const sdsim::ServiceParamsRegistration external_registration{
    "external",
    "external endpoint stub: latency, failures, timeouts, outages (sim/services/external)",
    &sdsim::external_service::external_params};
