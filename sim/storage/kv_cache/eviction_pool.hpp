// Redis's approximated LRU (https://redis.io/docs/reference/eviction/ , "Approximated LRU
// algorithm"): instead of a list ordered by access, each eviction samples a few keys
// (maxmemory-samples, 5 by default), files them by idle time in a pool of the 16 best
// candidates seen so far, and evicts the idlest pooled key that still exists. The pool
// outlives one eviction, so good candidates found earlier are not forgotten. Idle times are
// the ones measured when a key was sampled, as in Redis (a pooled key touched since keeps its
// stale idle time).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sdsim::storage::kv_cache {

class EvictionPool {
 public:
  static constexpr std::size_t kCapacity = 16;  // Redis's EVPOOL_SIZE

  // Files a sampled key; a key less idle than every pooled key is dropped when full.
  void offer(const std::string& key, std::int64_t idle_ms);
  // Removes and returns the idlest key (empty string and false when the pool is empty).
  bool take_idlest(std::string& key);
  bool empty() const { return entries_.empty(); }

 private:
  struct Candidate {
    std::string key;
    std::int64_t idle_ms;
  };
  std::vector<Candidate> entries_;  // ascending idle time
};

}  // namespace sdsim::storage::kv_cache
