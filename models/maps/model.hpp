// The maps model (System Design Interview vol. 2, ch. 3, Google Maps), first part: the
// navigation service routing on a road graph held in Boost.Graph, by A* and by Dijkstra,
// with Yen's k shortest loopless paths for alternatives, every route held against a Dijkstra
// oracle. See README.md.
#pragma once

#include <map>
#include <memory>

#include "models/maps/experiment.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/metrics/recorder.hpp"
#include "sim/model/model.hpp"
#include "sim/output/csv.hpp"

namespace sdsim::maps {

// The location service's figures (location.enabled), computed in finish_location.
struct LocationResults {
  double users = 0, batches = 0, points = 0, write_requests = 0, writes_per_s = 0,
         points_per_s = 0, acknowledged_batches = 0, acknowledged_points = 0,
         unacknowledged_points = 0, latency_p50 = 0, latency_p99 = 0, latency_mean = 0,
         stored_points = 0, lost_points = 0, lost_batches = 0, under_replicated_points = 0,
         reads = 0, stale_reads = 0, read_failures = 0, store_failures = 0,
         publish_failures = 0, writes_unavailable = 0, events_published = 0,
         events_consumed = 0, duplicates = 0, out_of_order = 0, events_missing = 0, lag_max = 0,
         lag_mean = 0, traffic_points = 0, arcs_observed = 0, speed_ratio = 0,
         write_amplification = 0, write_amplification_log = 0, compaction_bytes = 0,
         flush_bytes = 0, records_lost_in_crash = 0, hints_pending = 0, store_restarts = 0;
};

class MapsModel : public Model {
 public:
  std::string name() const override { return "maps"; }
  std::string summary() const override;
  std::string description() const override;
  std::vector<ParamSpec> params() const override { return maps::params().specs(); }
  MetricTable metric_table() const override;  // metrics.cpp
  std::vector<RoleRequest> roles(const ParamValues& p, const WorkloadSpec& load) const override;
  std::string default_platform(const ParamValues& p, const WorkloadSpec& load) const override;
  double default_drain() const override { return 5.0; }
  void check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const override;
  void setup(RunContext& ctx) override;
  void finish(RunContext& ctx) override;  // metrics.cpp

 private:
  void observe(const RequestRecord& r);
  void train_eta(Experiment& e);
  void setup_location(RunContext& ctx);
  void finish_location();  // metrics.cpp: the end-of-run recount and locations.csv

  struct Results {
    LocationResults location;
    double latency_p50 = 0, latency_p99 = 0, routes = 0, nodes_mean = 0, cost_mean = 0,
           hops_mean = 0, checked = 0, suboptimal = 0, unreachable = 0, astar_nodes = 0,
           dijkstra_nodes = 0, alternatives_mean = 0, looped = 0, duplicates = 0, unsorted = 0,
           broken = 0, graph_nodes = 0, graph_arcs = 0, graph_memory = 0, scale = 0, eta_mae = 0,
           eta_mape = 0, baseline_mae = 0, baseline_mape = 0, eta_trips = 0, eta_train_mae = 0, est_minutes = 0, est_points = 0,
           est_batched = 0, est_peak = 0;
  };
  std::shared_ptr<Experiment> e_;
  CsvWriter routes_csv_, locations_csv_;
  LatencyHistogram latency_;
  double warmup_ = 0;
  double workload_duration_ = 0;
  // Successful requests after warm-up, by request id: summed in id order so that the same
  // queries give the same means whatever order they finished in.
  struct Answered {
    double cost = 0;
    std::size_t hops = 0;
    std::uint64_t nodes = 0;
    double eta = 0, baseline = 0, actual = 0;  // eta.enabled
  };
  std::map<std::uint64_t, Answered> ok_;
  Results results_;
  double train_mae_ = 0;  // the fitted model on its own training trips (s)
};

}  // namespace sdsim::maps
