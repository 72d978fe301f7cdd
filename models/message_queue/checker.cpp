#include "models/message_queue/checker.hpp"

#include "sim/model/run_context.hpp"

namespace sdsim::message_queue {

Offset consumer_position(const Experiment& x, int p) {
  if (x.cfg.consumer.push) return x.log.pushed(p);
  return x.log.committed(x.consumer_group, p);
}

namespace {

bool broker_up(Experiment& x, int broker) {
  return broker >= 0 && x.log.net().host(x.log.broker(broker).host())->is_on();
}

}  // namespace

void mark_pending(Experiment& x) {
  // Past the consumer's position: a backlog if a live leader holds it; otherwise it cannot be
  // read when the run ends, and only what a down broker had flushed would come back with it.
  auto backlog = [&x](DeliveryLedger& ledger, int p, Offset from) {
    const log_service::ReplicaLog& log = x.log.current_log(p);
    const bool readable = broker_up(x, x.log.metadata()[p].leader);
    for (const log_service::RecordBatch& b : log.read(from, log.log_end(), std::size_t(-1)))
      for (RecordId id : b.ids) {
        if (readable)
          ledger.pending(id);
        else if (b.end() <= log.durable_offset())
          ledger.unavailable(id);
      }
  };
  for (int p : x.log.group_partitions(x.consumer_group))
    backlog(x.ledger, p, consumer_position(x, p));
  for (std::size_t g = 1; g <= x.other_groups.size(); ++g)  // publish-subscribe: each group's own
    for (int p : x.log.group_partitions(x.log_group(int(g))))
      backlog(x.ledger_of(int(g)), p, x.log.committed(x.log_group(int(g)), p));
  for (const auto& buffer : x.push_buffers)
    for (RecordId id : buffer) x.ledger.pending(id);
  // Commit before processing: the batch a live consumer was still processing is not lost.
  const auto& hosts = x.ctx.hosts_with_role("consumer");
  for (std::size_t i = 0; i < x.in_progress.size(); ++i)
    if (x.ctx.host(hosts.at(i))->is_on())
      for (RecordId id : x.in_progress[i]) x.ledger_of(int(i) / x.cfg.consumer.members).pending(id);
  if (x.cfg.pipeline)
    for (int p : x.log.group_partitions(x.processor_group))
      backlog(x.ledger, p, x.log.committed(x.processor_group, p));
}

}  // namespace sdsim::message_queue
