// Cumulative work counters of an LSM store, from which the amplification figures are
// computed. Every figure is measured from what the store did, never from a formula.
#pragma once

#include <cstdint>

namespace sdsim::storage::lsm {

struct LsmStats {
  std::uint64_t puts = 0, deletes = 0, gets = 0;
  std::uint64_t client_bytes_written = 0;  // key + value bytes of every acknowledged write

  std::uint64_t commit_log_bytes_written = 0;
  std::uint64_t commit_log_syncs = 0;

  std::uint64_t flushes = 0;
  std::uint64_t flush_bytes_written = 0;  // SSTable data + index + bloom filter

  std::uint64_t compactions = 0;
  std::uint64_t compaction_bytes_read = 0;
  std::uint64_t compaction_bytes_written = 0;
  std::uint64_t compaction_records_read = 0;
  std::uint64_t versions_dropped = 0;   // overwritten versions removed by compaction
  std::uint64_t tombstones_purged = 0;  // tombstones dropped after gc_grace_seconds

  // Reads: memtable hits, SSTables whose key range covered the key, bloom filter checks and
  // their outcomes, index searches and data blocks read (each a disk read).
  std::uint64_t memtable_hits = 0;
  std::uint64_t sstables_in_range = 0;
  std::uint64_t bloom_checks = 0;
  std::uint64_t bloom_negatives = 0;
  std::uint64_t bloom_false_positives = 0;  // filter said maybe, the SSTable had no such key
  std::uint64_t index_reads = 0;
  std::uint64_t data_block_reads = 0;
  std::uint64_t data_bytes_read = 0;

  std::uint64_t crashes = 0;
  std::uint64_t records_lost_in_crash = 0;  // unsynced commit log records
  std::uint64_t records_replayed = 0;
};

}  // namespace sdsim::storage::lsm
