// The leader's view of its followers (in-sync replica set and high watermark) and the
// controller's leader election. Plain C++, unit tested.
//
// A follower is in sync while it has caught up with the leader's log end within the last
// `replica_lag_time_max` (Kafka's rule: a fetch at or past the leader's end catches it up;
// a fetch at or past the end the leader had at the follower's previous fetch keeps it caught
// up as of that previous fetch). The high watermark is the smallest log end over the ISR.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "sim/storage/append_log/replica_log.hpp"

namespace sdsim::log_service {

using storage::Offset;

class IsrTracker {
 public:
  // Starts leading with this ISR (from the controller); followers start caught up "now".
  void become_leader(int self, const std::vector<int>& replicas, const std::vector<int>& isr, double now);
  void set_isr(const std::vector<int>& isr);  // committed by the controller
  // A follower fetched from `fetch_offset` (its log end) when the leader's log ended at
  // `leader_end`.
  void on_fetch(int follower, Offset fetch_offset, Offset leader_end, double now);
  // Smallest log end over the ISR and any follower whose addition is pending (the leader's
  // own end counts for itself).
  Offset high_watermark(Offset leader_end) const;
  // ISR followers not caught up within `lag_max` (to be removed).
  std::vector<int> lagging(double now, double lag_max) const;
  // Out-of-sync followers that have reached the high watermark (to be added).
  std::vector<int> caught_up(Offset hw) const;
  void mark_pending_add(int follower) { pending_add_[follower] = true; }
  // Followers silent for longer than `max_silence` are not caught up, and a pending addition
  // of one is dropped (the controller refuses to add a broker it considers dead, and the
  // high watermark must not wait for it forever).
  std::vector<int> caught_up(Offset hw, double now, double max_silence) const;
  void forget_silent(double now, double max_silence);
  const std::vector<int>& isr() const { return isr_; }
  bool in_isr(int broker) const;
  Offset follower_end(int broker) const;

 private:
  struct Follower {
    Offset end = 0;
    Offset leader_end_at_last_fetch = 0;
    double last_fetch = 0.0;
    double last_caught_up = 0.0;
  };
  int self_ = -1;
  std::vector<int> isr_;
  std::map<int, Follower> followers_;
  std::map<int, bool> pending_add_;
};

// Kafka's choice: the first replica, in assignment order, that is alive and in the ISR; with
// unclean election allowed and no such replica, the first alive replica. -1 = none.
int elect_leader(const std::vector<int>& replicas, const std::vector<int>& isr,
                 const std::function<bool(int)>& alive, bool unclean);

}  // namespace sdsim::log_service
