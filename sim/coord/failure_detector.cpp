#include "sim/coord/failure_detector.hpp"

namespace sdsim {

void FailureDetector::watch(int member, double now) { members_[member] = Member{true, 0, now}; }

FailureDetector::Beat FailureDetector::heartbeat(int member, std::uint64_t incarnation, double now) {
  auto it = members_.find(member);
  Beat beat = Beat::Known;
  if (it == members_.end() || !it->second.alive) {
    beat = Beat::Joined;
  } else if (it->second.incarnation != 0 && incarnation != it->second.incarnation) {
    beat = Beat::Restarted;
  }
  members_[member] = Member{true, incarnation, now};
  return beat;
}

std::vector<int> FailureDetector::expire(double now) {
  std::vector<int> dead;
  for (auto& [id, m] : members_)
    if (m.alive && now - m.last > timeout_) {
      m.alive = false;
      dead.push_back(id);
    }
  return dead;
}

void FailureDetector::declare_dead(int member) {
  auto it = members_.find(member);
  if (it != members_.end()) it->second.alive = false;
}

bool FailureDetector::alive(int member) const {
  auto it = members_.find(member);
  return it != members_.end() && it->second.alive;
}

double FailureDetector::last_heartbeat(int member) const {
  auto it = members_.find(member);
  return it == members_.end() ? -1.0 : it->second.last;
}

std::vector<int> FailureDetector::alive_members() const {
  std::vector<int> out;
  for (const auto& [id, m] : members_)
    if (m.alive) out.push_back(id);
  return out;
}

void FailureDetector::restart_clocks(double now) {
  for (auto& [id, m] : members_) m.last = now;
}

}  // namespace sdsim
