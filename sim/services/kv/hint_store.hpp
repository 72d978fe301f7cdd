// Hinted handoff's hints, plain C++ (no SimGrid): writes a coordinator could not deliver to a
// replica that was down, kept for it and replayed when it is back (Cassandra docs, "Hinted
// Handoff"). A replica down for longer than max_hint_window gets no new hints (it will need a
// repair instead, which this model leaves out); hints are replayed oldest first.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "sim/services/kv/consistency.hpp"

namespace sdsim::kv_service {

struct Hint {
  std::string key;
  KvVersion version;
  double created_s = 0;
  double bytes() const {
    return 100 + key.size() + (version.value ? version.value->size_bytes() : 0);
  }
};

struct HintStats {
  std::uint64_t stored = 0, replayed = 0, refused_window = 0;
};

class HintStore {
 public:
  explicit HintStore(double max_hint_window_s) : window_(max_hint_window_s) {}

  // Keeps a hint for `target`, down since `down_since_s` (as the coordinator's failure
  // detector says); false when it has been down longer than the window.
  bool add(int target, Hint hint, double now_s, double down_since_s);
  // Up to `max_bytes` of the oldest hints for `target` (at least one if there is any).
  std::vector<Hint> peek(int target, double max_bytes) const;
  // Drops the `count` oldest hints for `target` (they were delivered).
  void delivered(int target, std::size_t count);

  std::size_t pending(int target) const;
  std::size_t pending() const;
  std::vector<int> targets() const;  // with pending hints, in order
  const HintStats& stats() const { return stats_; }

 private:
  double window_;
  std::map<int, std::deque<Hint>> hints_;
  HintStats stats_;
};

}  // namespace sdsim::kv_service
