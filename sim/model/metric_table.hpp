// A metric table: each metric declared once, with its name, SI unit, doc, the condition under
// which a run reports it, and how its value is read. `sdsim describe`, the `expect:` checks
// and summary.json all use the table, so a model cannot report a metric it did not declare,
// nor declare one it never reports.
//
//   MetricTable t;
//   t.add("wait.mean", "s", "mean time in queue", [this] { return stats_->wait.mean(); });
//   t.add_if("theory.wait.mean", "s", "...", "Poisson arrivals, no faults", [](const RunShape& r) {...},
//            [this] { return theory_wait_; });
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/core/metric_spec.hpp"
#include "sim/core/params.hpp"

namespace sdsim {

struct WorkloadSpec;

// What decides which metrics a run reports: known before it starts.
struct RunShape {
  const ParamValues& params;
  const WorkloadSpec& workload;
  bool has_faults = false;
};

struct MetricDef {
  MetricSpec spec;
  std::string when;                               // "" = every run; else the condition, in words
  std::function<bool(const RunShape&)> applies;   // null = every run
  std::function<double()> value;                  // read once the model's finish() ran
};

class MetricTable {
 public:
  MetricTable& add(std::string name, std::string unit, std::string doc, std::function<double()> value) {
    defs_.push_back(MetricDef{{std::move(name), std::move(unit), std::move(doc)}, "", nullptr, std::move(value)});
    return *this;
  }
  MetricTable& add_if(std::string name, std::string unit, std::string doc, std::string when,
                      std::function<bool(const RunShape&)> applies, std::function<double()> value) {
    defs_.push_back(MetricDef{{std::move(name), std::move(unit), std::move(doc)}, std::move(when), std::move(applies),
                              std::move(value)});
    return *this;
  }
  const std::vector<MetricDef>& defs() const { return defs_; }
  std::vector<MetricSpec> specs() const {
    std::vector<MetricSpec> out;
    for (const MetricDef& d : defs_) out.push_back(d.spec);
    return out;
  }

 private:
  std::vector<MetricDef> defs_;
};

}  // namespace sdsim
