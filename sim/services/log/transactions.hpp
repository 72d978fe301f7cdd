// The transactional producer client (Kafka's transactional.id producer): initialises with the
// transaction coordinator (which aborts whatever its previous incarnation left open and fences
// it), then runs transactions: begin (registering the partitions it will write), produce
// (idempotent, acks=all, retried with the same sequence numbers), and end together with the
// consumer offsets it consumed: the coordinator commits the offsets and the records at once
// (markers), or neither.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/net/rpc.hpp"
#include "sim/services/log/log_cluster.hpp"

namespace sdsim::log_service {

class TransactionalProducer {
 public:
  // `producer` is its transactional id (one per processor); the calling actor owns `rpc`.
  TransactionalProducer(LogCluster& cluster, const ProducerConfig& cfg, int producer, Rpc& rpc);

  void init();  // retried until the coordinator answers
  // One transaction writing `records` (partition -> record ids) and committing `offsets`.
  // True if it committed; false if it aborted or its outcome is unknown (then init() again).
  bool run(const std::map<int, std::vector<RecordId>>& records, const OffsetCommit& offsets,
           double process_time_per_record);

 private:
  bool produce(std::int64_t txn, const std::map<int, std::vector<RecordId>>& records);
  LogCluster& c_;
  ProducerConfig cfg_;
  int producer_;
  Rpc& rpc_;
  std::int64_t producer_id_ = 0, epoch_txn_ = 0, local_txn_ = 0;
  std::map<int, std::int32_t> seq_;
};

}  // namespace sdsim::log_service
