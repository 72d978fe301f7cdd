// The metrics monitoring and alerting model: the book's five components as services.
// Collection (pull: collectors scrape targets found through service discovery, consistent
// hashing spreads targets over live collectors; push: agents on the targets push to
// collectors), transmission (collectors write to the Kafka-like log; an ingester consumes it
// into the store), storage (the Gorilla-like time-series database with rollups, retention
// and hot/cold tiers), alerting (Prometheus's rule state machine: inactive -> pending ->
// firing -> resolved), visualisation (dashboards through a query frontend with a cache).
// See README.md.
#pragma once

#include <memory>

#include "models/metrics_monitoring/experiment.hpp"
#include "sim/model/model.hpp"

namespace sdsim::metrics_monitoring {

class MetricsMonitoringModel : public Model {
 public:
  std::string name() const override { return "metrics_monitoring"; }
  std::string summary() const override;
  std::string description() const override;
  std::vector<ParamSpec> params() const override { return metrics_monitoring::params().specs(); }
  MetricTable metric_table() const override;  // metrics.cpp
  std::vector<RoleRequest> roles(const ParamValues& p, const WorkloadSpec& load) const override;
  std::string default_platform(const ParamValues& p, const WorkloadSpec& load) const override;
  double default_drain() const override { return 30.0; }
  void check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const override;
  void setup(RunContext& ctx) override;
  void finish(RunContext& ctx) override;  // metrics.cpp

 private:
  void watch_faults(RunContext& ctx);
  void check_rollups(const Experiment& x, double end);

  std::unique_ptr<Experiment> x_;
  struct Results {
    AlertVerdict alerts;
    PointVerdict points;
    double duration = 0;  // s of load
    double pending_to_firing_min = 0, pending_to_firing_max = 0, firing_off_grid_max = 0;
    double resolved = 0, firings = 0;
    double hot_bytes = 0, cold_bytes = 0, bytes_per_point = 0, stored_points = 0;
    double rollup_windows = 0, rollup_mismatches = 0;
    double scrape_rounds_missed = 0;
  };
  Results r_;
  Config cfg_;
};

}  // namespace sdsim::metrics_monitoring
