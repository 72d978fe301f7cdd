// The messages brokers, the controller, producers and consumers exchange (bodies of
// sim/net Messages). One simulated message carries many records, as Kafka's do.
#pragma once

#include <cstdint>
#include <vector>

#include "models/message_queue/config.hpp"
#include "models/message_queue/partition_log.hpp"

namespace sdsim::mq {

enum class Err : std::uint8_t { None, NotLeader, NotEnoughReplicas, Timeout, OutOfOrder, StaleGeneration };
const char* err_name(Err e);

// Controller -> brokers and clients: who leads a partition, and its ISR.
struct PartitionMeta {
  int partition = 0;
  std::vector<int> replicas;  // broker indices, preferred leader first
  int leader = -1;            // -1: offline
  std::int32_t epoch = 0;     // leader epoch, bumped at every election
  std::vector<int> isr;
  std::int64_t version = 0;   // bumped at every change (election or ISR)
};

struct ProduceRequest {
  Acks acks = Acks::All;
  std::vector<std::pair<int, RecordBatch>> batches;  // (partition, batch)
  double bytes() const;
};
struct PartitionResult {
  int partition = 0;
  Err err = Err::None;
  Offset offset = -1;
};
struct ProduceReply {
  std::vector<PartitionResult> results;  // in the request's order
};

struct FetchPartition {
  int partition = 0;
  Offset offset = 0;
  std::int32_t last_epoch = -1;  // replicas: epoch of their last batch (divergence check)
};
struct FetchRequest {
  int replica = -1;              // broker index of a follower; -1 = a consumer
  bool read_committed = false;
  std::size_t max_records = 500;
  double min_bytes = 1;
  double max_wait = 0.5;         // s
  std::vector<FetchPartition> partitions;
};
struct FetchedPartition {
  int partition = 0;
  Err err = Err::None;
  Offset high_watermark = 0;
  Offset log_end = 0;
  Offset diverging_end = -1;     // >= 0: the follower must truncate to it
  Offset next_offset = 0;        // consumers: where to fetch next (past skipped records)
  std::int32_t leader_epoch = 0;
  std::vector<RecordBatch> batches;
};
struct FetchReply {
  std::vector<FetchedPartition> partitions;
  double bytes() const;
};

struct BrokerHeartbeat {
  int broker = 0;
  std::uint64_t incarnation = 0;  // a new one tells the controller the broker restarted
};
struct MetadataUpdate {
  std::vector<PartitionMeta> partitions;
};
struct AlterIsr {
  int partition = 0;
  int leader = 0;
  std::int32_t epoch = 0;
  std::vector<int> isr;
};

// Consumer group (the coordinator runs beside the controller).
struct GroupHeartbeat {
  int group = 0;                  // 0: the consumers; 1: the pipeline's processors
  int member = 0;
  std::uint64_t incarnation = 0;
};
struct GroupAssignment {
  std::int64_t generation = 0;
  std::vector<std::pair<int, Offset>> partitions;  // assigned, with committed offsets
};
struct OffsetCommit {
  int group = 0;
  int member = 0;
  std::int64_t generation = 0;
  std::vector<std::pair<int, Offset>> offsets;
};

// Transactions (the coordinator runs beside the controller).
struct TxnEnd {                   // commit or abort, with the consumer offsets to commit
  int producer = 0;
  std::int64_t txn = 0;
  bool commit = true;
  std::vector<int> partitions;    // output partitions written in the transaction
  OffsetCommit offsets;
};
struct TxnMarker {                // coordinator -> partition leader
  int partition = 0;
  std::int64_t txn = 0;
  bool commit = true;
};

// Push mode: a leader pushes committed records to the consumer that owns the partition.
struct PushRecords {
  int partition = 0;
  std::vector<RecordBatch> batches;
};

}  // namespace sdsim::mq
