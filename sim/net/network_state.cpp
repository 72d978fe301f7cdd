#include "sim/net/network_state.hpp"

#include <algorithm>

namespace sdsim {

NetworkState::NetworkState(const std::vector<std::string>& host_names) {
  for (const std::string& name : host_names) add_host(name);
}

int NetworkState::index_of(const std::string& host) const {
  auto it = index_.find(host);
  return it == index_.end() ? -1 : it->second;
}

int NetworkState::add_host(const std::string& name) {
  return index_.emplace(name, static_cast<int>(index_.size())).first->second;
}

int NetworkState::add_partition(const std::vector<std::vector<std::string>>& groups, bool one_way) {
  for (const auto& group : groups)
    for (const std::string& host : group) add_host(host);
  Partition p;
  p.one_way = one_way;
  p.group_of.assign(index_.size(), -1);
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (const std::string& host : groups[g]) p.group_of[index_of(host)] = static_cast<int>(g);
  partitions_.push_back(std::move(p));
  int id = static_cast<int>(partitions_.size()) - 1;
  active_.push_back(id);
  return id;
}

void NetworkState::heal(int id) {
  auto it = std::find(active_.begin(), active_.end(), id);
  if (it != active_.end()) active_.erase(it);
}

bool NetworkState::blocked_slow(int src, int dst) const {
  if (src < 0 || dst < 0) return false;  // a host no partition names
  for (int id : active_)
    if (cuts(partitions_[id], src, dst)) return true;
  return false;
}

bool NetworkState::cuts(const Partition& p, int src, int dst) {
  int size = static_cast<int>(p.group_of.size());
  // Hosts indexed after this partition started are in none of its groups.
  int gs = src < size ? p.group_of[src] : -1;
  int gd = dst < size ? p.group_of[dst] : -1;
  if (gs < 0 || gd < 0 || gs == gd) return false;
  return !p.one_way || gs == 0;
}

}  // namespace sdsim
