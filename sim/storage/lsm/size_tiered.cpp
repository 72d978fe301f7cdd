#include <algorithm>

#include "sim/storage/lsm/compaction.hpp"

namespace sdsim::storage::lsm {

std::uint64_t total_bytes(const std::vector<const SSTable*>& sstables) {
  std::uint64_t sum = 0;
  for (const SSTable* s : sstables) sum += s->total_bytes();
  return sum;
}

std::vector<const SSTable*> pick_size_tiered(std::vector<const SSTable*> sstables,
                                             const SizeTieredOptions& options) {
  std::sort(sstables.begin(), sstables.end(), [](const SSTable* a, const SSTable* b) {
    if (a->total_bytes() != b->total_bytes()) return a->total_bytes() < b->total_bytes();
    return a->generation() < b->generation();
  });
  struct Bucket {
    double average_bytes;
    std::vector<const SSTable*> members;
  };
  std::vector<Bucket> buckets;
  const auto small = static_cast<double>(options.min_sstable_size_bytes);
  for (const SSTable* s : sstables) {
    const auto size = static_cast<double>(s->total_bytes());
    auto fits = [&](const Bucket& b) {
      return (size > b.average_bytes * options.bucket_low &&
              size < b.average_bytes * options.bucket_high) ||
             (size < small && b.average_bytes < small);
    };
    auto it = std::find_if(buckets.begin(), buckets.end(), fits);
    if (it == buckets.end()) {
      buckets.push_back({size, {s}});
      continue;
    }
    const auto n = static_cast<double>(it->members.size());
    it->average_bytes = (it->average_bytes * n + size) / (n + 1);
    it->members.push_back(s);
  }
  const Bucket* chosen = nullptr;
  for (const Bucket& b : buckets) {
    if (static_cast<int>(b.members.size()) < options.min_threshold) continue;
    if (!chosen || b.average_bytes < chosen->average_bytes) chosen = &b;
  }
  if (!chosen) return {};
  std::vector<const SSTable*> picked = chosen->members;
  if (static_cast<int>(picked.size()) > options.max_threshold) picked.resize(options.max_threshold);
  return picked;
}

}  // namespace sdsim::storage::lsm
