// The proximity service model (System Design Interview vol. 2, ch. 1): businesses indexed by
// a uniform grid, a geohash table or a quadtree on the read replicas of a geo index database,
// stateless location-based-service servers behind a load balancer answering search(lat, lon,
// radius), an optional Redis cache of geohash cells, every search held against brute force.
// See README.md.
#pragma once

#include <memory>

#include "models/proximity/experiment.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/metrics/recorder.hpp"
#include "sim/model/model.hpp"
#include "sim/output/csv.hpp"

namespace sdsim::proximity {

class ProximityModel : public Model {
 public:
  std::string name() const override { return "proximity"; }
  std::string summary() const override;
  std::string description() const override;
  std::vector<ParamSpec> params() const override { return proximity::params().specs(); }
  MetricTable metric_table() const override;  // metrics.cpp
  std::vector<RoleRequest> roles(const ParamValues& p, const WorkloadSpec& load) const override;
  std::string default_platform(const ParamValues& p, const WorkloadSpec& load) const override;
  double default_drain() const override { return 5.0; }
  void check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const override;
  void setup(RunContext& ctx) override;
  void finish(RunContext& ctx) override;  // metrics.cpp

 private:
  void observe(const RequestRecord& r);
  void write_index_csv(const std::string& path) const;

  struct Results {
    double latency_p50 = 0, latency_p99 = 0, qps = 0, recall_mean = 1, recall_min = 1,
           precision_mean = 1, precision_min = 1, checked = 0, cells_mean = 0, points_mean = 0,
           results_mean = 0, memory = 0, build_time = 0, build_steps = 0, rows = 0, leaves = 0,
           internal = 0, depth = 0, grid_max = 0, grid_mean = 0, grid_cells = 0, hit_ratio = 0,
           cache_lookups = 0, failovers = 0, unavailable = 0, served_max = 0, served_min = 0,
           builds = 0, estimate_qps = 0, estimate_quadtree = 0, businesses = 0, stale = 0,
           stale_age = 0, updates = 0;
  };
  std::shared_ptr<Experiment> e_;
  CsvWriter queries_csv_, results_csv_;
  LatencyHistogram latency_;
  double warmup_ = 0, last_ok_ = 0;
  std::uint64_t ok_ = 0, searches_ = 0;
  double cells_sum_ = 0, points_sum_ = 0, results_sum_ = 0;
  Results results_;
};

}  // namespace sdsim::proximity
