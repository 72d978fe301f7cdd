// The heart of a compaction: a k-way merge of sorted runs that keeps, for each key, only the
// version last-write-wins picks, and drops that version too when it is a tombstone the caller
// says may be purged (gc_grace_seconds passed and nothing outside the compaction could hold
// an older value it still has to hide).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/storage/lsm/sstable.hpp"

namespace sdsim::storage::lsm {

struct MergeResult {
  std::vector<Entry> entries;  // sorted, one version per key
  std::uint64_t records_read = 0;
  std::uint64_t versions_dropped = 0;  // overwritten or shadowed by a newer version
  std::uint64_t tombstones_purged = 0;
};

MergeResult merge_runs(const std::vector<const SSTable*>& inputs,
                       const std::function<bool(const Entry&)>& tombstone_purgeable);

// Cuts a sorted run into consecutive runs of at most ~max_bytes each (the last record that
// crosses the limit stays in its run), as LCS writes fixed-size SSTables.
std::vector<std::vector<Entry>> split_by_size(std::vector<Entry> entries, std::uint64_t max_bytes);

}  // namespace sdsim::storage::lsm
