#include "sim/storage/lsm/sstable.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace sdsim::storage::lsm {

SSTable::SSTable(std::uint64_t generation, int level, std::vector<Entry> entries, double fp_chance,
                 std::uint64_t block_size_bytes)
    : generation_(generation),
      level_(level),
      entries_(std::move(entries)),
      bloom_(entries_.size(), fp_chance) {
  assert(!entries_.empty() && "an SSTable holds at least one record");
  min_timestamp_us_ = max_timestamp_us_ = entries_.front().version.timestamp_us;
  std::uint64_t block = 0;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    assert(i == 0 || entries_[i - 1].key < e.key);
    bloom_.add(e.key);
    min_timestamp_us_ = std::min(min_timestamp_us_, e.version.timestamp_us);
    max_timestamp_us_ = std::max(max_timestamp_us_, e.version.timestamp_us);
    if (block == 0) block_first_entry_.push_back(static_cast<std::uint32_t>(i));
    block += record_bytes(e.key, e.version);
    // A block closes once it reaches the block size, or at the end; its index entry holds
    // its last key, as a separator for the binary search.
    if (block >= block_size_bytes || i + 1 == entries_.size()) {
      block_bytes_.push_back(block);
      data_bytes_ += block;
      index_bytes_ += e.key.size() + kIndexEntryOverheadBytes;
      block = 0;
    }
  }
}

SSTable::Lookup SSTable::find(std::string_view key) const {
  // The block whose first key is the greatest not above `key`.
  auto it = std::upper_bound(
      block_first_entry_.begin(), block_first_entry_.end(), key,
      [this](std::string_view k, std::uint32_t first) { return k < entries_[first].key; });
  if (it == block_first_entry_.begin()) return {};
  const std::size_t block = static_cast<std::size_t>(it - block_first_entry_.begin()) - 1;
  const std::size_t begin = block_first_entry_[block];
  const std::size_t end =
      block + 1 < block_first_entry_.size() ? block_first_entry_[block + 1] : entries_.size();
  Lookup result;
  result.block_bytes = block_bytes_[block];
  auto e = std::lower_bound(entries_.begin() + static_cast<std::ptrdiff_t>(begin),
                            entries_.begin() + static_cast<std::ptrdiff_t>(end), key,
                            [](const Entry& x, std::string_view k) { return x.key < k; });
  if (e != entries_.begin() + static_cast<std::ptrdiff_t>(end) && e->key == key) result.entry = &*e;
  return result;
}

}  // namespace sdsim::storage::lsm
