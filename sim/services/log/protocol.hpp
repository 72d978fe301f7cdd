// The typed messages of the Kafka-like log: between brokers (replication), from clients to
// brokers (produce, fetch), and to and from the controller (which also hosts the group and
// transaction coordinators). One simulated message carries many records, as Kafka's do; the
// wire sizes are a 100 B header (200 B for client requests to the coordinator) plus records.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "sim/storage/append_log/replica_log.hpp"

namespace sdsim::log_service {

using storage::Control;
using storage::Offset;
using storage::RecordBatch;
using storage::RecordId;
using storage::ReplicaLog;
using storage::SequenceCheck;

enum class Acks { None = 0, Leader = 1, All = -1 };

// Kafka's error codes, where the model has the situation.
enum class Err : std::uint8_t {
  None, NotLeader, NotEnoughReplicas, NotEnoughReplicasAfterAppend, Timeout, OutOfOrder, StaleGeneration
};
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

// ---- produce --------------------------------------------------------------------------
struct PartitionResult {
  int partition = 0;
  Err err = Err::None;
  Offset offset = -1;
};
struct ProduceReply {
  static constexpr std::string_view kName = "produce_reply";
  std::vector<PartitionResult> results;  // in the request's order
  double wire_bytes() const { return 100; }
};
struct ProduceRequest {
  static constexpr std::string_view kName = "produce";
  using Reply = ProduceReply;
  Acks acks = Acks::All;
  double timeout = 30.0;  // s: how long the leader may hold it waiting for the ISR (Kafka's field)
  std::vector<std::pair<int, RecordBatch>> batches;  // (partition, batch)
  double wire_bytes() const;
};

// ---- fetch (followers and consumers) ---------------------------------------------------
struct FetchPartition {
  int partition = 0;
  Offset offset = 0;
  std::int32_t last_epoch = -1;  // replicas: epoch of their last batch (divergence check)
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
  static constexpr std::string_view kName = "fetch_reply";
  std::vector<FetchedPartition> partitions;
  double wire_bytes() const;
};
struct FetchRequest {
  static constexpr std::string_view kName = "fetch";
  using Reply = FetchReply;
  int replica = -1;              // broker index of a follower; -1 = a consumer
  bool read_committed = false;
  std::size_t max_records = 500;
  double min_bytes = 1;
  double max_wait = 0.5;         // s
  std::vector<FetchPartition> partitions;
  double wire_bytes() const { return replica >= 0 ? 100 : 200; }
};

// ---- controller -> brokers --------------------------------------------------------------
struct MetadataUpdate {
  static constexpr std::string_view kName = "metadata";
  std::vector<PartitionMeta> partitions;
  double wire_bytes() const { return 100.0 + 50.0 * double(partitions.size()); }
};
struct TxnMarker {  // transaction coordinator -> partition leader
  static constexpr std::string_view kName = "txn_marker";
  int partition = 0;
  std::int64_t txn = 0;
  bool commit = true;
  double wire_bytes() const { return 100; }
};
using BrokerProtocol = std::variant<ProduceRequest, FetchRequest, MetadataUpdate, TxnMarker>;

// ---- brokers and clients -> controller --------------------------------------------------
struct BrokerHeartbeat {
  static constexpr std::string_view kName = "broker_heartbeat";
  int broker = 0;
  std::uint64_t incarnation = 0;  // a new one tells the controller the broker restarted
  double wire_bytes() const { return 100; }
};
struct AlterIsr {
  static constexpr std::string_view kName = "alter_isr";
  int partition = 0;
  int leader = 0;
  std::int32_t epoch = 0;
  std::vector<int> isr;
  double wire_bytes() const { return 100; }
};
struct TxnMarkerAck {
  static constexpr std::string_view kName = "txn_marker_ack";
  TxnMarker marker;
  double wire_bytes() const { return 100; }
};
struct GroupAssignment {
  static constexpr std::string_view kName = "group_assignment";
  std::int64_t generation = 0;
  std::vector<std::pair<int, Offset>> partitions;  // assigned, with committed offsets
  double wire_bytes() const { return 200; }
};
struct GroupHeartbeat {
  static constexpr std::string_view kName = "group_heartbeat";
  using Reply = GroupAssignment;
  int group = 0;
  int member = 0;
  std::uint64_t incarnation = 0;
  double wire_bytes() const { return 200; }
};
struct CoordinatorReply {  // the outcome of a commit or a transaction step
  static constexpr std::string_view kName = "coordinator_reply";
  Err err = Err::None;
  double wire_bytes() const { return 100; }
};
struct OffsetCommit {
  static constexpr std::string_view kName = "offset_commit";
  using Reply = CoordinatorReply;
  int group = 0;
  int member = 0;
  std::int64_t generation = 0;
  std::vector<std::pair<int, Offset>> offsets;
  double wire_bytes() const { return 200; }
};
struct TxnInitReply {
  static constexpr std::string_view kName = "txn_init_reply";
  std::int64_t producer_id = 0;
  std::int64_t next_txn = 0;
  double wire_bytes() const { return 100; }
};
struct TxnInit {  // (re)initialises a transactional producer: aborts its open transaction
  static constexpr std::string_view kName = "txn_init";
  using Reply = TxnInitReply;
  int producer = 0;
  double wire_bytes() const { return 200; }
};
struct TxnBegin {
  static constexpr std::string_view kName = "txn_begin";
  using Reply = CoordinatorReply;
  int producer = 0;
  std::int64_t txn = 0;
  std::vector<int> partitions;    // output partitions it will write
  double timeout = 60.0;          // s: the coordinator aborts it if still open by then
  double wire_bytes() const { return 200; }
};
struct TxnEnd {  // commit or abort, with the consumer offsets to commit
  static constexpr std::string_view kName = "txn_end";
  using Reply = CoordinatorReply;
  int producer = 0;
  std::int64_t txn = 0;
  bool commit = true;
  std::vector<int> partitions;    // output partitions written in the transaction
  OffsetCommit offsets;
  double wire_bytes() const { return 200; }
};
using ControllerProtocol = std::variant<BrokerHeartbeat, AlterIsr, TxnMarkerAck, GroupHeartbeat,
                                        OffsetCommit, TxnInit, TxnBegin, TxnEnd>;

// ---- push mode: a leader pushes committed records to the consumer owning the partition ---
struct PushRecords {
  static constexpr std::string_view kName = "push";
  int partition = 0;
  std::vector<RecordBatch> batches;
  double wire_bytes() const;
};
using PushProtocol = std::variant<PushRecords>;

}  // namespace sdsim::log_service
