// Network partitions, as the message layer sees them. SimGrid has no notion of a partition
// (turning links off would also cut traffic inside each side), so the fault injector records
// partitions here and every send asks `blocked(src, dst)` before it leaves the host.
//
// Semantics: hosts in different groups of an active partition cannot talk; hosts that are in
// no group are unaffected. A one-way partition cuts only traffic from group 0 to the other
// groups (replies and requests the other way still pass). Several partitions may be active at
// once; a message is blocked when any of them blocks it.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

namespace sdsim {

class NetworkState {
 public:
  NetworkState() = default;
  // Indexes the hosts once, so the per-message check works on integers.
  explicit NetworkState(const std::vector<std::string>& host_names);

  // Index of a host for the fast `blocked(int, int)`; -1 when the host is unknown.
  int index_of(const std::string& host) const;

  // Starts a partition of host names (unknown names are indexed on the fly). Returns its id.
  int add_partition(const std::vector<std::vector<std::string>>& groups, bool one_way);
  // Ends partition `id`; healing one twice, or an unknown id, is a no-op.
  void heal(int id);

  // The check on every send: a single bool test while no partition is active.
  bool any_active() const { return !active_.empty(); }
  bool blocked(int src, int dst) const { return any_active() && blocked_slow(src, dst); }
  bool blocked(const std::string& src, const std::string& dst) const {
    return any_active() && blocked_slow(index_of(src), index_of(dst));
  }

 private:
  struct Partition {
    std::vector<int> group_of;  // per host index: its group, or -1 when in none
    bool one_way = false;
  };

  int add_host(const std::string& name);
  bool blocked_slow(int src, int dst) const;
  static bool cuts(const Partition& p, int src, int dst);

  std::unordered_map<std::string, int> index_;
  std::vector<Partition> partitions_;  // by id; healed ones stay (ids are never reused)
  std::vector<int> active_;            // ids of the active partitions
};

}  // namespace sdsim
