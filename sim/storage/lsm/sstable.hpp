// An immutable sorted run on the simulated disk: records sorted by key (one version per key),
// cut into data blocks of ~block_size bytes, with a block index (last key and offset of each
// block) and a bloom filter over its keys, as in Cassandra's Data/Index/Filter components and
// RocksDB's block-based tables. Nothing is written anywhere: sizes are counted.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/storage/lsm/bloom_filter.hpp"
#include "sim/storage/lsm/version.hpp"

namespace sdsim::storage::lsm {

// Bytes of one block-index entry besides its key: block offset (8) and size (4).
inline constexpr std::uint64_t kIndexEntryOverheadBytes = 12;

class SSTable {
 public:
  // `entries` must be sorted by key with distinct keys (a flush or a compaction output).
  SSTable(std::uint64_t generation, int level, std::vector<Entry> entries, double fp_chance,
          std::uint64_t block_size_bytes);

  std::uint64_t generation() const { return generation_; }  // creation order, 1, 2, ...
  int level() const { return level_; }
  void set_level(int level) { level_ = level; }

  const std::vector<Entry>& entries() const { return entries_; }
  const std::string& first_key() const { return entries_.front().key; }
  const std::string& last_key() const { return entries_.back().key; }
  bool covers(std::string_view key) const { return key >= first_key() && key <= last_key(); }
  bool overlaps(std::string_view first, std::string_view last) const {
    return !(last_key() < first || first_key() > last);
  }
  std::int64_t min_timestamp_us() const { return min_timestamp_us_; }
  std::int64_t max_timestamp_us() const { return max_timestamp_us_; }

  const BloomFilter& bloom() const { return bloom_; }

  // Sizes on disk: data blocks, block index, bloom filter; total_bytes() is their sum.
  std::uint64_t data_bytes() const { return data_bytes_; }
  std::uint64_t index_bytes() const { return index_bytes_; }
  std::uint64_t total_bytes() const { return data_bytes_ + index_bytes_ + bloom_.size_bytes(); }

  struct Lookup {
    const Entry* entry = nullptr;   // null: the key is not in this SSTable
    std::uint64_t block_bytes = 0;  // size of the data block read to find out
  };
  // Binary search of the block index, then of the one data block the key would be in.
  Lookup find(std::string_view key) const;

 private:
  std::uint64_t generation_;
  int level_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> block_first_entry_;  // index of each block's first record
  std::vector<std::uint64_t> block_bytes_;
  std::uint64_t data_bytes_ = 0, index_bytes_ = 0;
  std::int64_t min_timestamp_us_ = 0, max_timestamp_us_ = 0;
  BloomFilter bloom_;
};

}  // namespace sdsim::storage::lsm
