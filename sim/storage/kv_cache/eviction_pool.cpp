#include "sim/storage/kv_cache/eviction_pool.hpp"

#include <algorithm>

namespace sdsim::storage::kv_cache {

void EvictionPool::offer(const std::string& key, std::int64_t idle_ms) {
  // Before any entry at least as idle: Redis's first bucket whose idle is not smaller.
  auto pos = std::find_if(entries_.begin(), entries_.end(),
                          [&](const Candidate& c) { return c.idle_ms >= idle_ms; });
  if (entries_.size() < kCapacity) {
    entries_.insert(pos, Candidate{key, idle_ms});
    return;
  }
  if (pos == entries_.begin()) return;  // worse than the worst we keep
  // Full: the least idle candidate makes room, the new one lands just before `pos`.
  const auto index = static_cast<std::size_t>(pos - entries_.begin());
  entries_.erase(entries_.begin());
  entries_.insert(entries_.begin() + static_cast<std::ptrdiff_t>(index - 1),
                  Candidate{key, idle_ms});
}

bool EvictionPool::take_idlest(std::string& key) {
  if (entries_.empty()) return false;
  key = std::move(entries_.back().key);
  entries_.pop_back();
  return true;
}

}  // namespace sdsim::storage::kv_cache
