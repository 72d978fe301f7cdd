// An LSM-tree store in the manner of Cassandra and RocksDB, as plain data structures with
// counted work: writes go to the commit log and the memtable; a full memtable is flushed to
// an immutable SSTable; SSTables are merged by size-tiered or leveled compaction; a read
// consults the memtable, then the SSTables newest-first, skipping those whose bloom filter
// rules the key out. Every disk operation is returned (DiskWork) and counted (LsmStats), so a
// service can charge a simulated disk; nothing touches a real one.
//
// Semantics (Cassandra's): last-write-wins on the client's write timestamp, ties broken by
// tombstone-wins and then the greater value; deletes write tombstones, purged by compaction
// once gc_grace_seconds have passed since the delete and no SSTable outside the compaction
// (nor the memtable) may hold an older version of the key; a crash loses the memtable and
// the commit log records not yet synced; recover() replays the synced ones.
//
// Simplifications: one table with a single-value row per key (no columns, no clustering, no
// range scans); compaction is run synchronously when asked (or right after the flush that
// made it due), not on background threads with throughput limits; STCS ignores read hotness;
// no compression; no key or row cache; the commit log is discarded in whole at each flush.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/storage/lsm/commit_log.hpp"
#include "sim/storage/lsm/compaction.hpp"
#include "sim/storage/lsm/disk_work.hpp"
#include "sim/storage/lsm/lsm_stats.hpp"
#include "sim/storage/lsm/memtable.hpp"
#include "sim/storage/lsm/options.hpp"
#include "sim/storage/lsm/sstable.hpp"

namespace sdsim::storage::lsm {

struct WriteResult {
  bool durable = false;  // synced before the acknowledgement (batch mode)
  DiskWork foreground;   // on the write's path: commit log append (and sync in batch mode)
  DiskWork background;   // flush and compactions this write triggered (auto_flush/compaction)
};

struct ReadResult {
  std::optional<Value> value;     // empty: never written, or deleted
  std::int64_t timestamp_us = 0;  // of the version found (0 if none)
  bool memtable_hit = false;
  int sstables_in_range = 0;  // key ranges that covered the key
  int bloom_checks = 0;
  int bloom_false_positives = 0;
  int data_block_reads = 0;  // SSTables actually read: the read amplification of this get
  DiskWork disk;
};

struct CompactionReport {
  int inputs = 0, outputs = 0, output_level = 0;
  std::uint64_t records_read = 0, records_written = 0;
  DiskWork disk;
};

struct RecoveryReport {
  std::uint64_t records_replayed = 0;
  DiskWork disk;
};

class LsmStore {
 public:
  explicit LsmStore(LsmOptions options);  // throws std::invalid_argument on bad options

  WriteResult put(std::string key, Value value, std::int64_t timestamp_us, double now_s);
  WriteResult remove(std::string key, std::int64_t timestamp_us, double now_s);
  ReadResult get(std::string_view key);
  // The newest version of `key` the store holds, as get() would find it, counting nothing and
  // charging no work: for checkers that recount what survived. While crashed, what recover()
  // would bring back (the synced commit log and the SSTables). Null: no version.
  const Version* peek(std::string_view key) const;

  // Periodic commit-log sync: call as simulated time advances; syncs once a period is due.
  DiskWork sync_due(double now_s);
  // Writes the memtable out as an SSTable (nodetool flush); nothing if it is empty.
  DiskWork flush(double now_s);
  // Runs one compaction if the strategy has one due.
  std::optional<CompactionReport> compact_once(double now_s);
  // Runs compactions until none is due.
  DiskWork compact_pending(double now_s);

  void crash();
  RecoveryReport recover(double now_s);
  bool up() const { return up_; }

  const LsmOptions& options() const { return options_; }
  const LsmStats& stats() const { return stats_; }
  // (flush + compaction bytes written) / client bytes written.
  double write_amplification() const;
  // The same with the commit log's bytes counted too.
  double write_amplification_with_commit_log() const;
  // Data blocks read (SSTables actually visited) per get.
  double read_amplification() const;
  // SSTable data bytes / data bytes of the live set if fully compacted (one live version per
  // key, no tombstones). O(records on disk): a merge of every SSTable is computed. 0 if empty.
  double space_amplification() const;

  const std::vector<std::unique_ptr<SSTable>>& sstables() const { return sstables_; }
  std::uint64_t level_bytes(int level) const;
  std::uint64_t disk_bytes() const;
  const Memtable& memtable() const { return memtable_; }

 private:
  WriteResult write(std::string key, Version version, double now_s);
  DiskWork maintain(double now_s);
  std::optional<CompactionTask> pick();
  bool tombstone_purgeable(const Entry& e, const std::vector<const SSTable*>& inputs,
                           double now_s) const;
  void add_sstable(std::vector<Entry> entries, int level);
  std::vector<std::vector<const SSTable*>> levels() const;

  LsmOptions options_;
  Memtable memtable_;
  CommitLog commit_log_;
  std::vector<std::unique_ptr<SSTable>> sstables_;  // in generation order
  std::uint64_t next_generation_ = 1;
  LevelCursor level_cursor_;
  LsmStats stats_;
  bool up_ = true;
};

}  // namespace sdsim::storage::lsm
