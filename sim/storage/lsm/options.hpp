// Parameters of the LSM store, named as Cassandra names them (cassandra.yaml and the CQL
// compaction sub-options), with Cassandra's defaults unless a comment says otherwise.
#pragma once

#include <cstdint>

namespace sdsim::storage::lsm {

inline constexpr std::uint64_t kMiB = 1024 * 1024;

enum class CompactionStrategy { size_tiered, leveled };
enum class CommitLogSync { periodic, batch };

// SizeTieredCompactionStrategy options (Cassandra docs, "Size Tiered Compaction Strategy").
struct SizeTieredOptions {
  int min_threshold = 4;                             // SSTables of one bucket needed to compact
  int max_threshold = 32;                            // at most this many in one compaction
  double bucket_low = 0.5;                           // a bucket takes sizes in
  double bucket_high = 1.5;                          //   (avg * bucket_low, avg * bucket_high)
  std::uint64_t min_sstable_size_bytes = 50 * kMiB;  // smaller SSTables share one bucket
};

// LeveledCompactionStrategy options (Cassandra docs, "Leveled Compaction Strategy").
struct LeveledOptions {
  std::uint64_t sstable_size_bytes = 160 * kMiB;  // sstable_size_in_mb
  int fanout_size = 10;                           // each level is 10x the previous one
  int max_compacting_l0 = 32;                     // beyond this, size-tiered in L0 first
};

struct LsmOptions {
  CompactionStrategy compaction = CompactionStrategy::size_tiered;
  SizeTieredOptions size_tiered;
  LeveledOptions leveled;

  // Flush the memtable once its records reach this size. Cassandra sizes memtables by heap
  // share (memtable_heap_space, default 1/4 of the heap); RocksDB's write_buffer_size default
  // of 64 MiB gives a concrete number.
  std::uint64_t memtable_flush_size_bytes = 64 * kMiB;

  // Cassandra's bloom_filter_fp_chance: 0.01 by default, 0.1 for LCS tables; see
  // cassandra_defaults().
  double bloom_filter_fp_chance = 0.01;
  // Data block size; one block is read per SSTable a lookup visits (RocksDB block_size, 4 KiB).
  std::uint64_t block_size_bytes = 4096;

  CommitLogSync commitlog_sync = CommitLogSync::periodic;
  double commitlog_sync_period_s = 10.0;  // periodic: fsync every 10 s (commitlog_sync_period)

  double gc_grace_seconds = 864000;  // 10 days: tombstones are kept at least this long

  // Flush when the memtable is full and run pending compactions, inside the write that
  // triggered them (reported as background work). Off: the caller calls flush()/compact().
  bool auto_flush = true;
  bool auto_compaction = true;

  // Throws std::invalid_argument naming the first bad option.
  void validate() const;

  // Cassandra's defaults for a table with the given strategy (LCS tables get fp chance 0.1).
  static LsmOptions cassandra_defaults(CompactionStrategy strategy);
};

}  // namespace sdsim::storage::lsm
