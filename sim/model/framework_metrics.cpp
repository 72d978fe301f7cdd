#include "sim/model/framework_metrics.hpp"

#include <set>

#include "sim/model/model.hpp"

namespace sdsim {

std::vector<MetricSpec> framework_metrics() {
  return {
      {"requests.completed", "", "requests answered with success after warm-up"},
      {"requests.failed", "", "requests after warm-up that ended in error, time-out or no answer"},
      {"latency.mean", "s", "mean client-side latency of successful requests"},
      {"latency.p50", "s", "median client-side latency (relative error <= 0.5%)"},
      {"latency.p90", "s", "90th percentile client-side latency"},
      {"latency.p99", "s", "99th percentile client-side latency"},
      {"latency.p999", "s", "99.9th percentile client-side latency"},
      {"latency.max", "s", "largest client-side latency (exact)"},
      {"throughput", "1/s", "successful requests per second between warm-up end and last completion"},
  };
}

std::vector<MetricSpec> all_metrics(const Model& model) {
  std::vector<MetricSpec> all = model.metrics();
  std::set<std::string> seen;
  for (const auto& m : all) seen.insert(m.name);
  for (auto& m : framework_metrics())
    if (!seen.count(m.name)) all.push_back(std::move(m));
  return all;
}

}  // namespace sdsim
