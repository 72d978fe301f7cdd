// The message queue model's metric table and end-of-run accounting (the ledger's verdict).
#include <algorithm>

#include "models/message_queue/checker.hpp"
#include "models/message_queue/model.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::message_queue {

MetricTable MessageQueueModel::metric_table() const {
  const DeliveryLedger::Summary& s = summary_;
  const Experiment* const* x = &x_raw_;
  auto stat = [x](std::uint64_t log_service::LogStats::*field) {
    return [x, field] { return double((*x)->log.stats().*field); };
  };
  auto count = [&s](std::uint64_t DeliveryLedger::Summary::*field) {
    return [&s, field] { return double(s.*field); };
  };
  MetricTable t;
  t.add("messages.produced", "", "messages created by producers",
        count(&DeliveryLedger::Summary::produced))
      .add("messages.acked", "", "messages acknowledged to their producer",
           count(&DeliveryLedger::Summary::acked))
      .add("messages.failed", "", "messages their producer gave up on",
           count(&DeliveryLedger::Summary::failed))
      .add("messages.processed", "", "messages processed at least once",
           count(&DeliveryLedger::Summary::processed))
      .add("messages.lost", "",
           "acknowledged (or sent with acks=0), never processed and not pending (unreadable at the "
           "end counts)",
           count(&DeliveryLedger::Summary::lost))
      .add("messages.lost_acked", "", "of messages.lost, the acknowledged ones",
           count(&DeliveryLedger::Summary::lost_acked))
      .add("messages.duplicated", "", "messages processed more than once",
           count(&DeliveryLedger::Summary::duplicated))
      .add("messages.reordered", "",
           "first processings after a later message of the same producer and partition",
           count(&DeliveryLedger::Summary::reordered))
      .add("messages.pending", "",
           "not processed yet but still in a live leader's log past the consumer's position at the "
           "end",
           count(&DeliveryLedger::Summary::pending))
      .add("messages.unavailable_at_end", "",
           "of messages.lost, those unreadable at the end only because the broker holding them is "
           "down: they are in "
           "its flushed log and would come back if it restarted",
           count(&DeliveryLedger::Summary::unavailable))
      .add("messages.before_created", "",
           "invariant check: acknowledgements or processings timed before the message's creation "
           "(must be 0)",
           count(&DeliveryLedger::Summary::before_created))
      .add("consumer_groups.processed.min", "",
           "the fewest messages processed at least once by one consumer group (consumer.groups; "
           "the messages.* "
           "metrics are the first group's)",
           [this] { return groups_processed_min_; })
      .add("consumer_groups.lost.max", "", "the most messages lost by one consumer group",
           [this] { return groups_lost_max_; })
      .add("consumer_groups.duplicated.max", "",
           "the most messages processed more than once within one consumer group",
           [this] { return groups_duplicated_max_; })
      .add("e2e_latency.p50", "s", "creation -> first processing, median",
           [&s] { return s.e2e.quantile(0.5); })
      .add("e2e_latency.p99", "s", "creation -> first processing, 99th percentile",
           [&s] { return s.e2e.quantile(0.99); })
      .add("e2e_latency.max", "s", "creation -> first processing, maximum",
           [&s] { return s.e2e.max(); })
      .add("produce_latency.p50", "s",
           "creation -> acknowledgement (acks=0: -> the request handed to the network), median",
           [&s] { return s.produce.quantile(0.5); })
      .add("produce_latency.p99", "s",
           "creation -> acknowledgement (acks=0: -> sent), 99th percentile",
           [&s] { return s.produce.quantile(0.99); })
      .add("consumer_lag.max", "",
           "largest sampled sum over partitions of high watermark - consumer position",
           [this] { return max_lag_; })
      .add("produce.unavailable_time", "s",
           "time during which some producer's latest attempt had failed",
           [this] { return unavailable_; })
      .add("broker.bytes_replicated", "B", "bytes followers fetched from leaders",
           [x] { return (*x)->log.stats().bytes_replicated; })
      .add("leader_elections", "", "leader elections by the controller",
           stat(&log_service::LogStats::elections))
      .add("produce.not_enough_replicas", "",
           "acks=all partition writes refused because the ISR was below min_insync_replicas: "
           "before the append "
           "(NOT_ENOUGH_REPLICAS) or, for records waiting when the ISR shrank, after it "
           "(NOT_ENOUGH_REPLICAS_AFTER_APPEND)",
           [x] {
             const auto& st = (*x)->log.stats();
             return double(st.not_enough_replicas + st.not_enough_replicas_after_append);
           })
      .add("produce.not_enough_replicas_after_append", "",
           "of produce.not_enough_replicas, the refusals after the append (the records stay in the "
           "log)",
           stat(&log_service::LogStats::not_enough_replicas_after_append))
      .add("isr.shrinks", "",
           "ISR shrinks committed by the controller: a leader's proposal (a lagging follower) or a "
           "dead broker fenced",
           stat(&log_service::LogStats::isr_shrinks))
      .add("isr.expands", "", "ISR expansions committed by the controller",
           stat(&log_service::LogStats::isr_expands))
      .add("isr.min", "", "smallest ISR size sampled over all partitions",
           [this] { return min_isr_; })
      .add("rebalances", "", "consumer group rebalances", stat(&log_service::LogStats::rebalances))
      .add("push.dropped", "", "push mode: records dropped by full consumer buffers",
           [x] { return double((*x)->push_dropped); })
      .add("txn.commits", "", "transactions committed", stat(&log_service::LogStats::txn_commits))
      .add("txn.aborts", "", "transactions aborted", stat(&log_service::LogStats::txn_aborts))
      .add("txn.timed_out", "",
           "of txn.aborts, transactions the coordinator aborted after transaction_timeout",
           stat(&log_service::LogStats::txn_timeouts))
      .add("network.messages", "", "simulated network messages sent by the model",
           [this] { return sent_; })
      .add("network.messages_per_message", "", "network.messages / messages.produced",
           [this, &s] { return s.produced ? sent_ / double(s.produced) : 0.0; });
  return t;
}

void MessageQueueModel::finish(RunContext& ctx) {
  Experiment& x = *x_;
  mark_pending(x);
  summary_ = x.ledger.summarize();
  groups_processed_min_ = double(summary_.processed);
  groups_lost_max_ = double(summary_.lost);
  groups_duplicated_max_ = double(summary_.duplicated);
  for (const DeliveryLedger& l : x.other_ledgers) {
    const DeliveryLedger::Summary g = l.summarize();
    groups_processed_min_ = std::min(groups_processed_min_, double(g.processed));
    groups_lost_max_ = std::max(groups_lost_max_, double(g.lost));
    groups_duplicated_max_ = std::max(groups_duplicated_max_, double(g.duplicated));
  }
  unavailable_ = x.availability.total(sg4::Engine::get_clock());
  sent_ = double(ctx.net().sent());
}

}  // namespace sdsim::message_queue
