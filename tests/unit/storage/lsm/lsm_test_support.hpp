// Small stores for the LSM tests: kilobyte memtables and SSTables so that a few hundred
// writes exercise flushes and several levels of compaction.
#pragma once

#include <cstdint>
#include <string>

#include "sim/storage/lsm/lsm_store.hpp"

namespace sdsim::storage::lsm::test {

inline LsmOptions tiny_options(CompactionStrategy strategy) {
  LsmOptions o;
  o.compaction = strategy;
  o.memtable_flush_size_bytes = 2048;
  o.block_size_bytes = 256;
  o.size_tiered.min_sstable_size_bytes = 1024;
  o.leveled.sstable_size_bytes = 4096;
  return o;
}

inline std::string key_of(int i) {
  std::string digits = std::to_string(i);
  return "key" + std::string(6 - digits.size(), '0') + digits;
}

inline std::int64_t us(double seconds) { return static_cast<std::int64_t>(seconds * 1e6); }

}  // namespace sdsim::storage::lsm::test
