// The one heartbeat failure detector (plain C++, no SimGrid): members beat, a member silent for
// longer than `timeout` is declared dead, a dead or unknown member that beats again has joined,
// and a live one that beats with a new incarnation number has restarted in between (it lost
// its volatile state even if it never missed a beat). Used by the placement service of the
// object store, the log's controller (broker sessions) and its group coordinator (members).
#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace sdsim {

class FailureDetector {
 public:
  explicit FailureDetector(double timeout) : timeout_(timeout) {}

  enum class Beat { Known, Joined, Restarted };

  // A member known to be alive at `now` without having beaten yet (e.g. at start-up).
  void watch(int member, double now);
  // A heartbeat; `incarnation` 0 means the member does not number its lives.
  Beat heartbeat(int member, std::uint64_t incarnation, double now);
  // Live members silent for longer than the timeout, now declared dead, in member order.
  std::vector<int> expire(double now);
  // Declares a member dead at once (e.g. it restarted: its session is over).
  void declare_dead(int member);
  // Forgets a member entirely (it left; an unknown member that beats joins).
  void remove(int member) { members_.erase(member); }

  bool alive(int member) const;
  bool known(int member) const { return members_.count(member) != 0; }
  double last_heartbeat(int member) const;
  std::vector<int> alive_members() const;  // in member order
  // Every member's silence starts again at `now`: after the detector itself restarted, old
  // timestamps say nothing about who is alive (each heartbeat restarts its grace period).
  void restart_clocks(double now);
  double timeout() const { return timeout_; }

 private:
  struct Member {
    bool alive = true;
    std::uint64_t incarnation = 0;
    double last = 0.0;
  };
  double timeout_;
  std::map<int, Member> members_;
};

}  // namespace sdsim
