// Elasticsearch's translog: every index or delete operation is appended before it is
// acknowledged. With index.translog.durability `request` (the default) the translog is
// fsynced before each acknowledgement, so a crash loses nothing acknowledged; with `async` it
// is fsynced every index.translog.sync_interval (5 s), so a crash can lose the acknowledged
// operations of the last interval. A flush (Lucene commit) makes the segments durable and
// trims the translog; recovery replays what is left.
#pragma once

#include <cstdint>
#include <deque>
#include <string>

#include "sim/storage/search/document.hpp"

namespace sdsim::storage::search {

enum class TranslogDurability { request, async };

struct IndexOp {
  std::uint64_t seq_no;
  bool is_delete;
  Document doc;  // for a delete only doc.id is set
};

struct DiskWork {
  std::uint64_t sequential_write_bytes = 0, sequential_read_bytes = 0, syncs = 0;
  DiskWork& operator+=(const DiskWork& o) {
    sequential_write_bytes += o.sequential_write_bytes;
    sequential_read_bytes += o.sequential_read_bytes;
    syncs += o.syncs;
    return *this;
  }
};

std::uint64_t op_bytes(const IndexOp& op);

class Translog {
 public:
  Translog(TranslogDurability durability, double sync_interval_s);

  // Appends; with `request` durability the returned work includes the fsync.
  DiskWork append(IndexOp op, double now_s);
  DiskWork sync_due(double now_s);  // async: fsync once sync_interval has passed
  DiskWork sync(double now_s);

  void trim_through(std::uint64_t seq_no);  // a commit made these durable in Lucene
  void lose_unsynced();                     // a crash

  const std::deque<IndexOp>& ops() const { return ops_; }
  std::uint64_t size_bytes() const { return bytes_; }
  std::uint64_t unsynced_ops() const { return ops_.size() - synced_; }

 private:
  TranslogDurability durability_;
  double sync_interval_s_;
  double last_sync_s_ = 0;
  std::deque<IndexOp> ops_;
  std::uint64_t synced_ = 0;  // ops_[0, synced_) are on disk
  std::uint64_t bytes_ = 0;
};

}  // namespace sdsim::storage::search
