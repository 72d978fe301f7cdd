// The object store model (S3-like): an API service, a sharded metadata service with a
// listing index, a placement service (heartbeats, grace period, rack-aware consistent-hash
// ring), data nodes with several disks, replication or RS(k, m) erasure coding, and repair
// under a bandwidth limit. See README.md.
#pragma once

#include <memory>

#include "models/object_store/cluster.hpp"
#include "sim/model/model.hpp"

namespace sdsim::object_store {

class ObjectStoreModel : public Model {
 public:
  std::string name() const override { return "object_store"; }
  std::string summary() const override;
  std::string description() const override;
  std::vector<ParamSpec> params() const override { return object_store::params().specs(); }
  MetricTable metric_table() const override;  // metrics.cpp
  std::vector<RoleRequest> roles(const ParamValues& p, const WorkloadSpec& load) const override;
  std::string default_platform(const ParamValues& p, const WorkloadSpec& load) const override;
  double default_drain() const override { return 120.0; }
  void check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const override;
  void check_placement(const PlatformInfo& placed, const ParamValues& p, const Location& where,
                       Diagnostics& diags) const override;
  void setup(RunContext& ctx) override;
  void finish(RunContext& ctx) override;  // metrics.cpp

 private:
  void on_disk_loss(RunContext& ctx, const std::string& host, const std::string& disk);
  // Objects without enough shards on live hosts now; notes degraded objects on the way.
  std::uint64_t sample_availability();

  struct Results {
    double stored = 0, logical = 0, raw = 0, degraded = 0, overhead = 0;
    double durability_simulated = 0, durability_model = 0, durability_backblaze = 0;
    double load_cv = 0, load_max_over_mean = 0, ring_share_cv = 0, ring_share_cv_expected = 0;
  };
  void account_node_load(RunContext& ctx);  // metrics.cpp: nodes.csv and placement.*
  std::unique_ptr<Cluster> c_;
  Results results_;
  const Stats* stats_ = nullptr;  // for the metric table (read after finish)
};

}  // namespace sdsim::object_store
