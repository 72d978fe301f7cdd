// Cassandra's commit log: every write is appended before it is applied to the memtable and
// acknowledged. Appends reach the disk only when the log is synced:
//   - periodic (Cassandra's default): the write is acknowledged at once and the log is synced
//     every commitlog_sync_period (10 s), so a crash loses the acknowledged writes of the
//     last period on this replica;
//   - batch: the log is synced before the write is acknowledged (one fsync per write here;
//     a real node groups concurrent writes into one fsync, which a service can model by
//     charging the syncs of one instant once).
// Records covered by a flushed SSTable are discarded (segment recycling); a restart replays
// the rest.
#pragma once

#include <cstdint>
#include <deque>
#include <string>

#include "sim/storage/lsm/disk_work.hpp"
#include "sim/storage/lsm/options.hpp"
#include "sim/storage/lsm/version.hpp"

namespace sdsim::storage::lsm {

class CommitLog {
 public:
  CommitLog(CommitLogSync mode, double sync_period_s);

  struct Append {
    DiskWork work;
    bool synced = false;  // durable when acknowledged (batch mode)
  };
  Append append(const std::string& key, const Version& version, double now_s);

  // Periodic mode: syncs when a period has passed since the last sync. Batch mode: nothing.
  DiskWork sync_due(double now_s);
  DiskWork sync(double now_s);

  // Drops every record appended so far: the memtable holding them is now an SSTable.
  void discard_all();
  // A crash: the unsynced tail never reached the disk.
  void lose_unsynced();

  const std::deque<Entry>& records() const { return records_; }
  std::uint64_t unsynced_records() const { return records_.size() - synced_count_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  CommitLogSync mode_;
  double sync_period_s_;
  double last_sync_s_ = 0;
  std::deque<Entry> records_;
  std::uint64_t synced_count_ = 0;  // records_[0, synced_count_) are on disk
  std::uint64_t bytes_ = 0;
};

}  // namespace sdsim::storage::lsm
