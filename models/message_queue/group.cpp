#include "models/message_queue/group.hpp"

namespace sdsim::mq {

bool GroupState::heartbeat(int member, std::uint64_t incarnation, double now) {
  auto it = members_.find(member);
  if (it != members_.end() && it->second.incarnation == incarnation) {
    it->second.last_seen = now;
    return false;
  }
  if (members_.empty()) settled_at_ = now + kInitialRebalanceDelay;
  members_[member] = Member{incarnation, now};
  rebalance();
  return true;
}

std::vector<int> GroupState::expire(double now, double timeout) {
  std::vector<int> gone;
  for (auto it = members_.begin(); it != members_.end();) {
    if (now - it->second.last_seen > timeout) {
      gone.push_back(it->first);
      it = members_.erase(it);
    } else {
      ++it;
    }
  }
  if (!gone.empty()) rebalance();
  return gone;
}

void GroupState::rebalance() {
  ++generation_;
  owner_.clear();
  if (members_.empty()) return;
  std::vector<int> ids;
  for (const auto& [id, m] : members_) ids.push_back(id);
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

}  // namespace sdsim::mq
