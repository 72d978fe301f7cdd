#include "sim/services/log/transactions.hpp"

#include <algorithm>

namespace sg4 = simgrid::s4u;

namespace sdsim::log_service {

TransactionalProducer::TransactionalProducer(LogCluster& cluster, const ProducerConfig& cfg, int producer, Rpc& rpc)
    : c_(cluster), cfg_(cfg), producer_(producer), rpc_(rpc) {}

void TransactionalProducer::init() {
  CallOptions opt;
  opt.timeout = 2.0;
  while (true) {
    auto reply = rpc_.call(c_.controller(), TxnInit{producer_}, opt);
    if (reply.ok()) {
      producer_id_ = reply.value().producer_id;
      epoch_txn_ = reply.value().next_txn;
      local_txn_ = 0;
      seq_.clear();
      return;
    }
  }
}

bool TransactionalProducer::run(const std::map<int, std::vector<RecordId>>& records, const OffsetCommit& offsets,
                                double process_time_per_record) {
  CallOptions opt;
  opt.timeout = 2.0;
  // Globally unique: the producer, its initialisation, and the transaction within it.
  const std::int64_t txn = (std::int64_t(producer_ + 1) << 44) | (epoch_txn_ << 24) | ++local_txn_;
  std::vector<int> partitions;
  for (const auto& [p, ids] : records) partitions.push_back(p);
  if (!rpc_.call(c_.controller(), TxnBegin{producer_, txn, partitions, cfg_.transaction_timeout},
                 opt)
           .ok())
    return false;
  // The application's work on each record.
  if (process_time_per_record > 0)
    for (const auto& [p, ids] : records) sg4::this_actor::sleep_for(process_time_per_record * double(ids.size()));
  const bool written = produce(txn, records);
  TxnEnd end{producer_, txn, written, partitions, offsets};
  auto reply = rpc_.call(c_.controller(), end, opt);
  if (!reply.ok()) return false;  // outcome unknown: init() fences it and offsets are read back
  return written && reply.value().err == Err::None;
}

// Writes the transaction's records to the leaders (acks=all, idempotent sequence numbers,
// retried with the same numbers) until all are acknowledged or time runs out.
bool TransactionalProducer::produce(std::int64_t txn, const std::map<int, std::vector<RecordId>>& records) {
  std::map<int, RecordBatch> todo;
  for (const auto& [p, ids] : records) {
    RecordBatch b;
    b.ids = ids;
    b.record_bytes = cfg_.record_bytes;
    b.producer_id = producer_id_;
    b.base_seq = seq_[p];
    b.txn = txn;
    seq_[p] += std::int32_t(ids.size());
    todo.emplace(p, std::move(b));
  }
  const double give_up = c_.now() + std::min(cfg_.delivery_timeout, 15.0);
  while (!todo.empty()) {
    if (c_.now() > give_up) return false;
    std::map<int, ProduceRequest> by_leader;
    for (const auto& [p, b] : todo) {
      const int leader = c_.metadata()[p].leader;
      if (leader < 0) continue;
      by_leader[leader].acks = Acks::All;
      by_leader[leader].timeout = cfg_.request_timeout;
      by_leader[leader].batches.emplace_back(p, b);
    }
    std::map<std::uint64_t, int> waiting;
    for (auto& [leader, req] : by_leader) waiting[rpc_.send(c_.broker(leader), req)] = leader;
    const double deadline = c_.now() + cfg_.request_timeout;
    bool failed = by_leader.empty();
    while (!waiting.empty()) {
      auto msg = rpc_.next(deadline);
      if (!msg) {
        failed = true;
        break;
      }
      if (!waiting.erase(msg->id)) continue;
      const auto reply = open_letter<ProduceReply>(std::move(msg), "transactional producer");
      for (const PartitionResult& r : reply->body.results) {
        if (r.err == Err::None) todo.erase(r.partition);
        else failed = true;
      }
    }
    if (failed && !todo.empty()) sg4::this_actor::sleep_for(cfg_.retry_backoff);
  }
  return true;
}

}  // namespace sdsim::log_service
