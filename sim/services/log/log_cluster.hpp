// A Kafka-like replicated, partitioned log on the platform: brokers holding partition
// replicas, and a controller that tracks brokers, elects leaders from the in-sync replicas,
// and hosts the group and transaction coordinators. A model creates one LogCluster, adds its
// topics and consumer groups, starts it on hosts, and talks to it only through the clients
// (LogProducer, LogConsumer, TransactionalProducer) and the read-only views below.
//
// Durable: each broker's replica logs up to their flushed offset, the controller's metadata,
// committed offsets and transaction state (KRaft keeps them in a replicated log; the model does
// not simulate the controller quorum, so they survive a controller crash as that log would).
// Volatile: everything else, lost with the host.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/net/net.hpp"
#include "sim/services/log/log_config.hpp"
#include "sim/services/log/protocol.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::log_service {

struct ControllerState;

struct LogStats {
  double bytes_replicated = 0.0;
  std::uint64_t elections = 0, isr_shrinks = 0, isr_expands = 0, rebalances = 0;
  std::uint64_t not_enough_replicas = 0, not_enough_replicas_after_append = 0;
  std::uint64_t txn_commits = 0, txn_aborts = 0, txn_timeouts = 0;
};

// A broker's durable store: one replica log per partition it hosts; what survives restarts.
struct BrokerStore {
  std::vector<ReplicaLog> logs;  // indexed by partition id
  std::uint64_t incarnations = 0;
};

class LogCluster {
 public:
  LogCluster(const BrokerConfig& cfg, RunContext& ctx);
  LogCluster(const LogCluster&) = delete;
  LogCluster& operator=(const LogCluster&) = delete;

  // Before start(): topics take consecutive partition ids; a group consumes one topic.
  const Topic& add_topic(const std::string& name, int partitions);
  int add_group(const std::string& name, const Topic& topic, double session_timeout);
  // Push mode: leaders push committed records of partition p to consumers[p % size].
  void push_to(std::vector<Endpoint<PushProtocol>> consumers, bool read_committed);
  // Registers and spawns the brokers (one per host) and the controller.
  void start(const std::vector<std::string>& broker_hosts, const std::string& controller_host);

  const BrokerConfig& config() const { return cfg_; }
  int partitions() const { return partitions_; }
  const std::deque<Topic>& topics() const { return topics_; }
  std::vector<int> replicas(int partition) const;  // consecutive brokers, preferred leader first

  // Read-only views (clients refresh metadata from here, as from any broker's metadata cache).
  const std::vector<PartitionMeta>& metadata() const;
  std::vector<int> leaders() const;
  // The log a partition is read from now: its leader's, or the longest replica's when offline.
  const ReplicaLog& current_log(int partition) const;
  Offset committed(int group, int partition) const;
  const std::vector<int>& group_partitions(int group) const;
  Offset pushed(int partition) const { return pushed_.at(partition); }

  // Called by a leader for every batch it appends (the application's bookkeeping, e.g. a ledger).
  void on_append(std::function<void(const RecordBatch&)> hook) { on_append_ = std::move(hook); }
  void appended(const RecordBatch& b) const {
    if (on_append_) on_append_(b);
  }

  LogStats& stats() { return stats_; }
  const LogStats& stats() const { return stats_; }
  RunContext& ctx() { return ctx_; }
  Net& net();
  double now() const;
  void event(const std::string& kind, const std::string& target, const std::string& detail);

  // For the service's own actors.
  const Endpoint<BrokerProtocol>& broker(int b) const { return brokers_.at(b); }
  const Endpoint<ControllerProtocol>& controller() const { return controller_; }
  ControllerState& controller_state() { return *controller_state_; }
  const std::shared_ptr<BrokerStore>& store(int b) const { return stores_.at(b); }
  std::vector<Offset>& push_offsets() { return pushed_; }
  const std::vector<Endpoint<PushProtocol>>& push_consumers() const { return push_consumers_; }
  bool push_read_committed() const { return push_read_committed_; }
  struct GroupSpec {
    std::string name;
    std::vector<int> partitions;
    double session_timeout = 45.0;
  };
  const std::vector<GroupSpec>& groups() const { return groups_; }

 private:
  BrokerConfig cfg_;
  RunContext& ctx_;
  int partitions_ = 0;
  std::deque<Topic> topics_;  // stable: add_topic hands out references
  std::vector<GroupSpec> groups_;
  std::vector<Endpoint<BrokerProtocol>> brokers_;
  Endpoint<ControllerProtocol> controller_;
  std::shared_ptr<ControllerState> controller_state_;
  std::vector<std::shared_ptr<BrokerStore>> stores_;
  std::vector<Offset> pushed_;  // push mode: next offset to push, per partition
  std::vector<Endpoint<PushProtocol>> push_consumers_;
  bool push_read_committed_ = false;
  LogStats stats_;
  std::function<void(const RecordBatch&)> on_append_;
};

}  // namespace sdsim::log_service
