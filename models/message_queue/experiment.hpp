// What the message queue experiment's actors share: its configuration, the log service it runs
// on, the delivery ledger that follows every message, and the producers' availability.
// The model's actors (services/) are the applications around the log: producers creating
// messages at the workload's times, consumers processing them, and in the exactly-once
// pipeline read-process-write processors and read_committed readers.
#pragma once

#include <deque>
#include <memory>
#include <vector>

#include "models/message_queue/params.hpp"
#include "sim/metrics/ledger.hpp"
#include "sim/services/log/log_cluster.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::message_queue {

using log_service::Offset;
using log_service::RecordId;

// Time during which some producer's latest attempt had failed.
struct Availability {
  int failing = 0;
  double since = 0.0, unavailable = 0.0;
  void producer_failing(bool now_failing, double now);
  double total(double now) const { return unavailable + (failing > 0 ? now - since : 0.0); }
};

struct Experiment {
  Experiment(const Config& cfg, RunContext& ctx) : cfg(cfg), ctx(ctx), log(cfg.brokers, ctx) {}
  Config cfg;
  RunContext& ctx;
  log_service::LogCluster log;
  DeliveryLedger ledger;  // the first consumer group's (or the pipeline readers')
  // Publish-subscribe (consumer.groups > 1): one ledger per further group, in which the
  // producers register every message under the same id.
  std::vector<DeliveryLedger> other_ledgers;
  std::vector<int> other_groups;  // their log service group ids
  template <class F>
  void each_ledger(F f) {
    f(ledger);
    for (DeliveryLedger& l : other_ledgers) f(l);
  }
  DeliveryLedger& ledger_of(int g) {
    return g == 0 ? ledger : other_ledgers.at(std::size_t(g - 1));
  }
  int log_group(int g) const {
    return g == 0 ? consumer_group : other_groups.at(std::size_t(g - 1));
  }
  Availability availability;
  const log_service::Topic* input = nullptr;       // what producers write
  const log_service::Topic* output = nullptr;      // the pipeline's output (else null)
  int consumer_group = 0;                          // the group the ledger's processing counts
  int processor_group = -1;                        // the pipeline's processors
  std::vector<std::deque<RecordId>> push_buffers;  // push mode: each consumer's buffer (volatile)
  std::uint64_t push_dropped = 0;                  // push mode: records full buffers dropped
  // Commit before processing: the batch each pull consumer has committed and is processing
  // (volatile: a restarted consumer starts with none).
  std::vector<std::vector<RecordId>> in_progress;
  double load_end = 0.0;  // s: producers stop creating messages
};

}  // namespace sdsim::message_queue
