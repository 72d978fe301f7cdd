// A consumer group's coordinator state: members, generations, the partition assignment and
// the committed offsets. Plain C++, unit tested. A member that is silent for the session
// timeout leaves; every join or leave starts a new generation with a fresh round-robin
// assignment over the members in id order. A commit is accepted only from a member of the
// current generation for partitions it owns (Kafka's CommitFailedException otherwise): that
// rejection is what turns a slow member's processed records into duplicates under
// at-least-once, and what keeps at-most-once from processing them at all.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "sim/coord/failure_detector.hpp"
#include "sim/services/log/protocol.hpp"

namespace sdsim::log_service {

class GroupState {
 public:
  static constexpr double kInitialRebalanceDelay = 3.0;  // s, Kafka's default
  GroupState(std::vector<int> partitions, double session_timeout)
      : partitions_(std::move(partitions)), members_(session_timeout) {}
  // A heartbeat. A new member, or a known one with a new incarnation (it restarted),
  // triggers a rebalance; returns true then.
  bool heartbeat(int member, std::uint64_t incarnation, double now);
  // Removes members silent for longer than the session timeout; returns them (and
  // rebalances if any).
  std::vector<int> expire(double now);
  // The member's partitions; none while a first generation settles (Kafka waits
  // group.initial.rebalance.delay, 3 s, for more members to join an empty group).
  GroupAssignment assignment(int member, double now) const;
  Err commit(const OffsetCommit& c);
  Offset committed(int partition) const;
  std::int64_t generation() const { return generation_; }
  int owner(int partition) const;
  const std::vector<int>& partitions() const { return partitions_; }

 private:
  void rebalance();
  std::vector<int> partitions_;
  FailureDetector members_;
  std::map<int, int> owner_;          // partition -> member
  std::map<int, Offset> committed_;
  std::int64_t generation_ = 0;
  double settled_at_ = 0.0;
};

}  // namespace sdsim::log_service
