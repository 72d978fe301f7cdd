#include "sim/services/log/isr.hpp"

#include <algorithm>

namespace sdsim::log_service {

void IsrTracker::become_leader(int self, const std::vector<int>& replicas, const std::vector<int>& isr,
                               double now) {
  self_ = self;
  isr_ = isr;
  followers_.clear();
  pending_add_.clear();
  for (int r : replicas)
    if (r != self) followers_[r] = Follower{0, 0, now, now};
}

void IsrTracker::set_isr(const std::vector<int>& isr) {
  isr_ = isr;
  for (int r : isr) pending_add_.erase(r);
}

void IsrTracker::on_fetch(int follower, Offset fetch_offset, Offset leader_end, double now) {
  auto it = followers_.find(follower);
  if (it == followers_.end()) return;
  Follower& f = it->second;
  if (fetch_offset >= leader_end) f.last_caught_up = now;
  else if (fetch_offset >= f.leader_end_at_last_fetch) f.last_caught_up = std::max(f.last_caught_up, f.last_fetch);
  f.end = fetch_offset;
  f.leader_end_at_last_fetch = leader_end;
  f.last_fetch = now;
}

Offset IsrTracker::high_watermark(Offset leader_end) const {
  Offset hw = leader_end;
  for (int r : isr_)
    if (r != self_) hw = std::min(hw, follower_end(r));
  for (const auto& [r, pending] : pending_add_)
    if (pending && r != self_) hw = std::min(hw, follower_end(r));
  return hw;
}

std::vector<int> IsrTracker::lagging(double now, double lag_max) const {
  std::vector<int> out;
  for (int r : isr_) {
    if (r == self_) continue;
    auto it = followers_.find(r);
    if (it == followers_.end() || now - it->second.last_caught_up > lag_max) out.push_back(r);
  }
  return out;
}

std::vector<int> IsrTracker::caught_up(Offset hw) const {
  std::vector<int> out;
  for (const auto& [r, f] : followers_)
    if (!in_isr(r) && !pending_add_.count(r) && f.end >= hw) out.push_back(r);
  return out;
}

std::vector<int> IsrTracker::caught_up(Offset hw, double now, double max_silence) const {
  std::vector<int> out;
  for (int r : caught_up(hw)) {
    auto it = followers_.find(r);
    if (it != followers_.end() && now - it->second.last_fetch <= max_silence) out.push_back(r);
  }
  return out;
}

void IsrTracker::forget_silent(double now, double max_silence) {
  std::erase_if(pending_add_, [&](const auto& kv) {
    auto it = followers_.find(kv.first);
    return it == followers_.end() || now - it->second.last_fetch > max_silence;
  });
}

bool IsrTracker::in_isr(int broker) const {
  return std::find(isr_.begin(), isr_.end(), broker) != isr_.end();
}

Offset IsrTracker::follower_end(int broker) const {
  auto it = followers_.find(broker);
  return it == followers_.end() ? 0 : it->second.end;
}

int elect_leader(const std::vector<int>& replicas, const std::vector<int>& isr,
                 const std::function<bool(int)>& alive, bool unclean) {
  for (int r : replicas)
    if (alive(r) && std::find(isr.begin(), isr.end(), r) != isr.end()) return r;
  if (unclean)
    for (int r : replicas)
      if (alive(r)) return r;
  return -1;
}

}  // namespace sdsim::log_service
