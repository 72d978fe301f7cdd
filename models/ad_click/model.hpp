// The ad-click event aggregation model (the book's chapter 6): click events go through the
// Kafka-like log (sim/services/log, partitioned by ad_id) to aggregate nodes that count them per
// ad in tumbling event-time windows with a watermark, store the counts in the replicated KV
// store (sim/services/kv) at least once or exactly once, and report the top N ads; a batch
// recount of the raw clicks reconciles what the stream stored. See README.md.
#pragma once

#include <memory>

#include "models/ad_click/checker.hpp"
#include "models/ad_click/experiment.hpp"
#include "sim/model/model.hpp"

namespace sdsim::ad_click {

class AdClickModel : public Model {
 public:
  std::string name() const override { return "ad_click"; }
  std::string summary() const override;
  std::string description() const override;
  std::vector<ParamSpec> params() const override { return ad_click::params().specs(); }
  MetricTable metric_table() const override;  // metrics.cpp
  std::vector<RoleRequest> roles(const ParamValues& p, const WorkloadSpec& load) const override;
  std::string default_platform(const ParamValues& p, const WorkloadSpec& load) const override;
  double default_drain() const override { return 120.0; }
  void check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const override;
  void setup(RunContext& ctx) override;
  void finish(RunContext& ctx) override;  // metrics.cpp

 private:
  void write_outputs(RunContext& ctx, const Counts& stream, const Counts& batch,
                     const Reconciliation& r);

  struct Results {
    double generated = 0, ingested = 0, late_generated = 0, resent = 0, late_dropped = 0,
           duplicates = 0;
    double exact_fraction = 0, abs_error = 0, mismatches = 0, topn_correct = 0, topn_windows = 0;
    double latency_p50 = 0, latency_p99 = 0, recovery = 0, restarts = 0, writes = 0, snapshots = 0;
    double node_clicks_max = 0, node_clicks_mean = 0, node_busy_max = 0, node_lag_max = 0;
    double qps_mean = 0, qps_peak = 0, storage_day = 0, storage_month = 0;
  };
  std::unique_ptr<Experiment> x_;
  Results results_;
};

}  // namespace sdsim::ad_click
