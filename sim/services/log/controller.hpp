// The controller: tracks broker liveness through heartbeats and a session timeout, elects
// partition leaders from the ISR (or, with unclean_leader_election, from any live replica),
// and commits the ISR changes leaders propose. A broker that comes back with a new
// incarnation is treated as failed and recovered: it lost its unflushed tail, so it must not
// stay leader or in the ISR until it has caught up again.
//
// The same service hosts the group coordinators (committed offsets) and the transaction
// coordinator. Its state is durable (KRaft keeps it in the metadata log); its volatile part
// is only its view of broker liveness, which restarts with a fresh grace period.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "sim/coord/failure_detector.hpp"
#include "sim/services/log/group.hpp"
#include "sim/services/log/log_cluster.hpp"

namespace sdsim::log_service {

struct ControllerState {
  std::vector<PartitionMeta> partitions;
  std::unique_ptr<FailureDetector> brokers;       // broker sessions
  std::vector<GroupState> groups;
  // Transaction coordinator: per transactional producer, its open transaction (0 = none)
  // and the partitions it registered.
  std::map<int, std::int64_t> open_txn;
  std::map<int, std::vector<int>> txn_partitions;
  std::map<int, std::int64_t> txn_counter;
  std::map<int, double> txn_started;  // when its open transaction began (s)
  std::map<int, double> txn_timeout;  // and how long it may stay open (s)
  struct PendingMarker {
    TxnMarker marker;
    double sent_at = -1.0;
  };
  std::vector<PendingMarker> markers;
  std::int64_t next_producer_id = 1;
  std::uint64_t incarnations = 0;
};

// Spawns the controller service on its endpoint's host; `state` is its durable state.
void start_controller(LogCluster& cluster, std::shared_ptr<ControllerState> state);

}  // namespace sdsim::log_service
