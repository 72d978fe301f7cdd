// Work counted per operation, so the service hosting the table charges CPU and disk for what
// the operation did rather than a flat cost per call (the cost model is in README.md).
//
// B-tree model: every index is a B-tree of `fanout` entries per page; a descent from the root
// visits levels(n) pages, the smallest L >= 1 with fanout^L >= n for n distinct keys, and a
// range scan also walks the leaf pages its entries occupy.
#pragma once

#include <cstdint>

namespace sdsim::storage::sql {

struct Work {
  std::int64_t btree_pages = 0;    // index pages visited (descents and range leaves)
  std::int64_t rows_read = 0;      // tuple versions examined, live or dead (bloat costs)
  std::int64_t rows_written = 0;   // heap tuples written: insert, an update's new version, delete
  std::int64_t rows_locked = 0;    // row locks stamped into tuples (SELECT ... FOR UPDATE/SHARE)
  std::int64_t index_entries = 0;  // index entries inserted (none for a HOT update)
  std::int64_t wal_bytes = 0;      // WAL generated
  std::int64_t fsyncs = 0;      // WAL flushes: a writing COMMIT, PREPARE, COMMIT/ROLLBACK PREPARED
  std::int64_t lock_waits = 0;  // times a statement went to sleep on a lock

  Work& operator+=(const Work& o) {
    btree_pages += o.btree_pages;
    rows_read += o.rows_read;
    rows_written += o.rows_written;
    rows_locked += o.rows_locked;
    index_entries += o.index_entries;
    wal_bytes += o.wal_bytes;
    fsyncs += o.fsyncs;
    lock_waits += o.lock_waits;
    return *this;
  }
  friend bool operator==(const Work&, const Work&) = default;
};

struct BTreeModel {
  int fanout = 256;  // 8 KB pages of ~32-byte entries
  int levels(std::int64_t keys) const {
    int levels = 1;
    for (std::int64_t reach = fanout; reach < keys; reach *= fanout) ++levels;
    return levels;
  }
  std::int64_t leaf_pages(std::int64_t entries) const {
    return entries <= 0 ? 0 : (entries + fanout - 1) / fanout;
  }
};

}  // namespace sdsim::storage::sql
