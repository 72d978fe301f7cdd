#include "models/message_queue/checker.hpp"

namespace sdsim::message_queue {

Offset consumer_position(const Experiment& x, int p) {
  if (x.cfg.consumer.push) return x.log.pushed(p);
  return x.log.committed(x.consumer_group, p);
}

void mark_pending(Experiment& x) {
  auto backlog = [&x](int p, Offset from) {
    const log_service::ReplicaLog& log = x.log.current_log(p);
    for (const log_service::RecordBatch& b : log.read(from, log.log_end(), std::size_t(-1)))
      for (RecordId id : b.ids) x.ledger.pending(id);
  };
  for (int p : x.log.group_partitions(x.consumer_group)) backlog(p, consumer_position(x, p));
  for (const auto& buffer : x.push_buffers)
    for (RecordId id : buffer) x.ledger.pending(id);
  if (x.cfg.pipeline)
    for (int p : x.log.group_partitions(x.processor_group)) backlog(p, x.log.committed(x.processor_group, p));
}

}  // namespace sdsim::message_queue
