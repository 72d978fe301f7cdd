#include "sim/services/log/group.hpp"

namespace sdsim::log_service {

bool GroupState::heartbeat(int member, std::uint64_t incarnation, double now) {
  if (members_.alive_members().empty()) settled_at_ = now + kInitialRebalanceDelay;
  if (members_.heartbeat(member, incarnation, now) == FailureDetector::Beat::Known) return false;
  rebalance();
  return true;
}

std::vector<int> GroupState::expire(double now) {
  std::vector<int> gone = members_.expire(now);
  for (int m : gone) members_.remove(m);
  if (!gone.empty()) rebalance();
  return gone;
}

void GroupState::rebalance() {
  ++generation_;
  owner_.clear();
  const std::vector<int> ids = members_.alive_members();
  if (ids.empty()) return;
  for (std::size_t i = 0; i < partitions_.size(); ++i) owner_[partitions_[i]] = ids[i % ids.size()];
}

GroupAssignment GroupState::assignment(int member, double now) const {
  GroupAssignment a;
  a.generation = generation_;
  if (now < settled_at_) {
    a.generation = -1;  // not settled: nothing yet
    return a;
  }
  for (const auto& [p, m] : owner_)
    if (m == member) a.partitions.emplace_back(p, committed(p));
  return a;
}

Err GroupState::commit(const OffsetCommit& c) {
  if (c.generation < 0 || c.generation != generation_) return Err::StaleGeneration;
  for (const auto& [p, offset] : c.offsets)
    if (owner(p) != c.member) return Err::StaleGeneration;
  for (const auto& [p, offset] : c.offsets) committed_[p] = offset;
  return Err::None;
}

Offset GroupState::committed(int partition) const {
  auto it = committed_.find(partition);
  return it == committed_.end() ? 0 : it->second;
}

int GroupState::owner(int partition) const {
  auto it = owner_.find(partition);
  return it == owner_.end() ? -1 : it->second;
}

}  // namespace sdsim::log_service
