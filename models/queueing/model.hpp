// The queueing model: one station of identical servers with a FCFS queue, fed by the
// scenario's clients. It is sdsim's proof against theory: on its default platform the
// network costs nothing, so M/M/1, M/M/c (Erlang C) and Little's law can be checked; on a
// real platform the same scenario shows what the network adds. See README.md.
#pragma once

#include <memory>

#include "models/queueing/params.hpp"
#include "models/queueing/services/station.hpp"
#include "sim/metrics/recorder.hpp"
#include "sim/model/model.hpp"

namespace sdsim::queueing {

class QueueingModel : public Model {
 public:
  std::string name() const override { return "queueing"; }
  std::string summary() const override;
  std::string description() const override;
  std::vector<ParamSpec> params() const override { return queueing::params().specs(); }
  MetricTable metric_table() const override;  // metrics.cpp
  std::vector<RoleRequest> roles(const ParamValues&, const WorkloadSpec& load) const override;
  std::string default_platform(const ParamValues&, const WorkloadSpec& load) const override;
  void setup(RunContext& ctx) override;
  void finish(RunContext& ctx) override;  // metrics.cpp

 private:
  void observe(const RequestRecord& r);

  struct Results {
    double wait_mean = 0, wait_p99 = 0, wait_probability = 0, queue_length = 0, arrival_rate = 0, utilization = 0;
    double service_mean = 0, network_mean = 0, littles_ratio = 0, theory_wait = 0, theory_latency = 0;
  };
  Config cfg_;
  std::shared_ptr<StationStats> stats_;
  double network_sum_ = 0.0;  // client latency less residence, over successful requests
  std::uint64_t network_count_ = 0;
  Results results_;
};

}  // namespace sdsim::queueing
