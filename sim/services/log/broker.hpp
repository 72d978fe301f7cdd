// A broker: leads some partitions and follows others. As leader it appends produce requests,
// holds acks=all requests until the high watermark passes them, answers fetches from
// followers (which moves the ISR and the high watermark) and from consumers (up to the high
// watermark, or the last stable offset for read_committed), and in push mode pushes
// committed records to consumers. As follower it fetches from each leader (one fetcher actor
// per broker) and truncates where it diverged from a new leader. It heartbeats the
// controller, proposes ISR changes to it, and flushes its logs by the flush policy.
//
// Durable: the replica logs up to their flushed offset (BrokerStore). Volatile: everything
// else, including which partitions it leads; a restarted broker waits for the controller.
#pragma once

#include <deque>
#include <memory>
#include <vector>

#include "sim/net/service.hpp"
#include "sim/net/disk_io.hpp"
#include "sim/services/log/isr.hpp"
#include "sim/services/log/log_cluster.hpp"

namespace sdsim::log_service {

class Broker {
 public:
  Broker(LogCluster& cluster, int index, std::shared_ptr<BrokerStore> store);
  void start(const std::shared_ptr<Broker>& self);  // its ticker, fetcher and flusher actors
  void handle(std::unique_ptr<Letter<BrokerProtocol>> msg);

 private:
  struct Role {
    PartitionMeta meta;
    bool known = false;
    bool leader = false;
    IsrTracker isr;
    std::vector<int> proposed_isr;
    double proposed_at = -1.0;
  };
  using Request = std::unique_ptr<Letter<BrokerProtocol>>;
  struct PendingProduce {
    Request request;
    ProduceReply reply;
    std::vector<std::pair<std::size_t, Offset>> waits;  // result index, offset HW must reach
    double deadline = 0.0;
  };
  static constexpr std::uint64_t kNeverChecked = ~std::uint64_t(0);
  struct PendingFetch {
    Request request;
    double deadline = 0.0;
    std::uint64_t checked_at = kNeverChecked;  // touches_ when it was last found not ready
  };

  void on_produce(Request msg);
  void on_fetch(Request msg);
  void on_metadata(const MetadataUpdate& update);
  void on_txn_marker(const TxnMarker& marker);
  Offset append(int partition, RecordBatch batch);  // leader append (disk cost by policy)
  void after_append(int partition);
  void update_hw(int partition);
  bool answer_fetch(PendingFetch& f, bool force);
  // answer_fetch's test without building the reply, knowing it was not ready when touches_
  // was `since` (kNeverChecked: look at everything).
  bool fetch_ready(const FetchRequest& req, std::uint64_t since) const;
  bool partition_ready(const FetchRequest& req, const FetchPartition& fp) const;
  // Something a waiting fetch reads changed on this partition (its log, or who leads it).
  void touch(int partition) { last_touch_[std::size_t(partition)] = ++touches_; }
  // Answers the waiting fetches that a touch since their last check made ready.
  void wake_fetches();
  void forget_consumed(int partition);  // the simulator's memory: see the definition
  FetchedPartition read_for_replica(const FetchPartition& fp);
  FetchedPartition read_for_consumer(const FetchPartition& fp, const FetchRequest& req);
  void complete_produces(bool expire);
  void fail_produces(int partition);
  void push(int partition);
  void tick();
  void check_isr(int partition);
  void fetcher_loop();
  bool apply_fetched(FetchReply& reply, int leader);  // false: an error, back off
  void flusher_loop();
  void flush_by_policy(ReplicaLog& log, int partition, bool force_all);
  void write_disk(double bytes);  // to the host's first disk (none: free)
  void note_append(int partition);

  LogCluster& c_;
  const BrokerConfig& cfg_;
  int index_;
  int host_;
  std::shared_ptr<BrokerStore> store_;
  std::vector<Role> roles_;
  std::vector<PendingProduce> purgatory_;
  std::vector<PendingFetch> fetch_waits_;
  std::vector<std::uint64_t> last_touch_;  // per partition: touches_ at its last change
  std::uint64_t touches_ = 0, woken_at_ = 0;
  std::vector<std::deque<std::pair<double, Offset>>> appends_;  // (time, log end) for flush policy os
  std::unique_ptr<DiskIo> disk_;  // null on a host without disks
  double next_heartbeat_ = 0.0;
  std::string name_;
};

// Spawns the service of broker `index` (restarted with its host).
void start_broker(LogCluster& cluster, int index);

}  // namespace sdsim::log_service
