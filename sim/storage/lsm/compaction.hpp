// Choosing what to compact, as Cassandra's two classic strategies do.
//
// Size-tiered (SizeTieredCompactionStrategy): SSTables are put in buckets of similar size
// (within bucket_low..bucket_high of the bucket's average, or all together below
// min_sstable_size); a bucket with at least min_threshold SSTables is compacted, at most
// max_threshold of them at once. Cassandra prefers the bucket whose SSTables are read most
// ("hotness"); this store does not track read rates, so it takes the bucket with the smallest
// average size, which is Cassandra's tie-break when hotness is equal (write-only tables).
//
// Leveled (LeveledCompactionStrategy, after LevelDB): L0 takes flushes and may overlap;
// L1, L2, ... hold non-overlapping SSTables of sstable_size_in_mb, level L at most
// fanout^L * sstable_size bytes (L0: 4 * sstable_size). Following Cassandra's LeveledManifest:
// the highest level over its limit (score > 1.001) compacts one SSTable, chosen round-robin
// by key, with the SSTables it overlaps in the next level; if L0 holds more than
// max_compacting_l0 SSTables it is size-tiered first; otherwise L0 is compacted when it holds
// two or more SSTables: the oldest (and what overlaps them, at most max_threshold), plus the
// overlapping L1 SSTables once they add up to more than one sstable_size; a smaller L0
// compaction stays in L0.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sim/storage/lsm/options.hpp"
#include "sim/storage/lsm/sstable.hpp"

namespace sdsim::storage::lsm {

struct CompactionTask {
  std::vector<const SSTable*> inputs;
  int output_level = 0;
  std::uint64_t max_output_bytes = std::numeric_limits<std::uint64_t>::max();
};

// The SSTables of the most interesting bucket, or empty when no bucket reaches min_threshold.
std::vector<const SSTable*> pick_size_tiered(std::vector<const SSTable*> sstables,
                                             const SizeTieredOptions& options);

// Leveled state that survives between picks: where each level's round-robin stopped.
struct LevelCursor {
  std::vector<std::string> last_compacted_key;  // per level; empty: start at the beginning
};

// `levels[L]` holds the SSTables of level L (L1+ sorted by first key).
std::optional<CompactionTask> pick_leveled(const std::vector<std::vector<const SSTable*>>& levels,
                                           const LeveledOptions& options,
                                           const SizeTieredOptions& size_tiered,
                                           LevelCursor& cursor);

// Level L's size limit: 4 * sstable_size for L0, fanout^L * sstable_size above.
std::uint64_t max_bytes_for_level(int level, const LeveledOptions& options);

std::uint64_t total_bytes(const std::vector<const SSTable*>& sstables);

}  // namespace sdsim::storage::lsm
