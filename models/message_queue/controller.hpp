// The controller: tracks broker liveness through heartbeats and a session timeout, elects
// partition leaders from the ISR (or, with unclean_leader_election, from any live replica),
// and commits the ISR changes leaders propose. A broker that comes back with a new
// incarnation is treated as failed and recovered: it lost its unflushed tail, so it must not
// stay leader or in the ISR until it has caught up again.
//
// The same service hosts the group coordinators (committed offsets) and the transaction
// coordinator. It runs on its own host ('controller'), which the scenarios do not crash:
// the model does not simulate a controller quorum.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "models/message_queue/cluster.hpp"
#include "models/message_queue/group.hpp"

namespace sdsim::mq {

struct TxnInit {
  int producer = 0;
};
struct TxnInitReply {
  std::int64_t producer_id = 0;
  std::int64_t next_txn = 0;
};
struct TxnBegin {
  int producer = 0;
  std::int64_t txn = 0;
};

struct ControllerState {
  std::vector<PartitionMeta> partitions;
  std::vector<bool> alive;
  std::vector<std::uint64_t> incarnation;
  std::vector<double> last_heartbeat;
  std::vector<GroupState> groups;                 // 0: consumers; 1: pipeline processors
  std::vector<std::uint64_t> member_incarnation;  // unused by the controller; clients' own
  // Transaction coordinator: per transactional producer, its open transaction (0 = none).
  std::map<int, std::int64_t> open_txn;
  std::map<int, std::int64_t> txn_counter;
  struct PendingMarker {
    TxnMarker marker;
    double sent_at = -1.0;
  };
  std::vector<PendingMarker> markers;
  std::int64_t next_producer_id = 1;
};

// Registers and spawns the controller service; returns its durable state.
std::shared_ptr<ControllerState> start_controller(Cluster& cluster);

}  // namespace sdsim::mq
