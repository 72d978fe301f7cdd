#include "sim/model/framework_metrics.hpp"

#include <set>

#include "sim/metrics/recorder.hpp"
#include "sim/model/model.hpp"

namespace sdsim {

MetricTable framework_metric_table(const Recorder* r) {
  MetricTable t;
  auto read = [r](auto f) { return [r, f] { return f(*r); }; };
  t.add("requests.completed", "", "requests answered with success after warm-up",
        read([](const Recorder& x) { return double(x.completed()); }))
      .add("requests.failed", "", "requests after warm-up that ended in error, time-out or no answer",
           read([](const Recorder& x) { return double(x.failed()); }))
      .add("latency.mean", "s", "mean client-side latency of successful requests",
           read([](const Recorder& x) { return x.latency().mean(); }))
      .add("latency.p50", "s", "median client-side latency (relative error <= 0.5%)",
           read([](const Recorder& x) { return x.latency().quantile(0.50); }))
      .add("latency.p90", "s", "90th percentile client-side latency",
           read([](const Recorder& x) { return x.latency().quantile(0.90); }))
      .add("latency.p99", "s", "99th percentile client-side latency",
           read([](const Recorder& x) { return x.latency().quantile(0.99); }))
      .add("latency.p999", "s", "99.9th percentile client-side latency",
           read([](const Recorder& x) { return x.latency().quantile(0.999); }))
      .add("latency.max", "s", "largest client-side latency (exact)", read([](const Recorder& x) { return x.latency().max(); }))
      .add("throughput", "1/s", "successful requests per second between warm-up end and last completion",
           read([](const Recorder& x) { return x.throughput(); }));
  return t;
}

std::vector<MetricSpec> framework_metrics() { return framework_metric_table(nullptr).specs(); }

std::vector<MetricSpec> all_metrics(const Model& model) {
  std::vector<MetricSpec> all = model.metrics();
  std::set<std::string> seen;
  for (const auto& m : all) seen.insert(m.name);
  for (auto& m : framework_metrics())
    if (!seen.count(m.name)) all.push_back(std::move(m));
  return all;
}

std::map<std::string, double> collect_metrics(const Model& model, const Recorder& recorder, const RunShape& shape) {
  std::map<std::string, double> out;
  const MetricTable own = model.metric_table(), framework = framework_metric_table(&recorder);
  for (const MetricDef& d : own.defs())
    if (!d.applies || d.applies(shape)) out[d.spec.name] = d.value();
  for (const MetricDef& d : framework.defs())
    if (!out.count(d.spec.name)) out[d.spec.name] = d.value();
  return out;
}

}  // namespace sdsim
