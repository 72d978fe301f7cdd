// The message queue model: the delivery-semantics experiment on the Kafka-like log service
// (sim/services/log). Producers write a topic with acks 0/1/all (optionally idempotent),
// a consumer group pulls (or brokers push) and commits before or after processing, or an
// exactly-once read-process-write pipeline runs with transactions; the delivery ledger
// follows every message to say what was lost, duplicated or reordered. See README.md.
#pragma once

#include <memory>

#include "models/message_queue/experiment.hpp"
#include "sim/model/model.hpp"

namespace sdsim::message_queue {

class MessageQueueModel : public Model {
 public:
  std::string name() const override { return "message_queue"; }
  std::string summary() const override;
  std::string description() const override;
  std::vector<ParamSpec> params() const override { return message_queue::params().specs(); }
  MetricTable metric_table() const override;  // metrics.cpp
  std::vector<RoleRequest> roles(const ParamValues& p, const WorkloadSpec& load) const override;
  std::string default_platform(const ParamValues& p, const WorkloadSpec& load) const override;
  double default_drain() const override { return 20.0; }
  void check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const override;
  void setup(RunContext& ctx) override;
  void finish(RunContext& ctx) override;  // metrics.cpp

 private:
  void add_gauges(RunContext& ctx);

  std::unique_ptr<Experiment> x_;
  Experiment* x_raw_ = nullptr;  // for the metric table (read after finish)
  DeliveryLedger::Summary summary_;
  // Over the consumer groups (publish-subscribe): the fewest processed, the most lost and
  // duplicated in any one group.
  double groups_processed_min_ = 0.0, groups_lost_max_ = 0.0, groups_duplicated_max_ = 0.0;
  double unavailable_ = 0.0, sent_ = 0.0;
  double max_lag_ = 0.0;
  double min_isr_ = 1e9;
  double last_processed_ = 0.0, last_sample_ = 0.0;
};

}  // namespace sdsim::message_queue
