// A table's storage: the heap of tuple versions and its unique B-tree indexes (13.1 "MVCC
// Introduction": an update writes a new row version and leaves the old one for snapshots that
// still see it; VACUUM removes versions no snapshot can see).
//
// Every version is listed under its key in every index so lookups find HOT versions too; the
// work counters still charge index entries only for non-HOT updates, as PostgreSQL writes them.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "sim/storage/sql/mvcc.hpp"
#include "sim/storage/sql/row_locks.hpp"
#include "sim/storage/sql/schema.hpp"

namespace sdsim::storage::sql {

struct TupleVersion {
  Row row;
  TxnId xmin = 0;                               // inserting transaction
  TxnId xmax = 0;                               // updating or deleting transaction (0: none)
  RowLockMode xmax_mode = RowLockMode::update;  // the row lock its update held
  Tid next = 0;                                 // newer version when updated (0: none)
  std::vector<RowLocker> lockers;               // lock-only holders (SELECT ... FOR ...)
};

// Whether `snapshot` sees this version: inserted by a transaction it sees (or itself) and not
// deleted by one.
bool visible(const TupleVersion& v, const Snapshot& snapshot, const CommitLog& clog);

class Table {
 public:
  Table(Schema schema, int id)
      : schema_(std::move(schema)), id_(id), indexes_(schema_.indexes().size()) {}

  const Schema& schema() const { return schema_; }
  int id() const { return id_; }

  Tid add_version(Row row, TxnId xmin);
  TupleVersion& version(Tid tid) { return heap_.at(tid); }
  const TupleVersion& version(Tid tid) const { return heap_.at(tid); }
  const std::map<Tid, TupleVersion>& heap() const { return heap_; }

  void add_entry(int index, const Key& key, Tid tid);
  // Versions listed under `key` (empty when none), oldest first.
  const std::vector<Tid>& lookup(int index, const Key& key) const;
  const std::map<Key, std::vector<Tid>>& entries(int index) const { return indexes_[index]; }
  std::int64_t distinct_keys(int index) const {
    return static_cast<std::int64_t>(indexes_[index].size());
  }

  // Updates, deletes and aborted inserts since the last vacuum (autovacuum's trigger).
  std::int64_t changes_since_vacuum = 0;
  // Removes versions no snapshot at or after `horizon` can see; returns how many.
  std::int64_t vacuum(Csn horizon, const CommitLog& clog);
  // The same for the versions listed under one key: the pruning an index scan does on the
  // heap page it reads (73.7 "Heap-Only Tuples": old versions are removed during normal
  // operation, SELECTs included), so a row updated often costs its live versions, not its
  // whole history. Returns how many it removed.
  std::int64_t prune(int index, const Key& key, Csn horizon, const CommitLog& clog);

 private:
  bool dead(const TupleVersion& v, Csn horizon, const CommitLog& clog) const;
  // Drops the version and its entries in every index.
  std::map<Tid, TupleVersion>::iterator remove(std::map<Tid, TupleVersion>::iterator it);

  Schema schema_;
  int id_;
  std::map<Tid, TupleVersion> heap_;
  std::vector<std::map<Key, std::vector<Tid>>> indexes_;
  Tid next_tid_ = 1;
};

}  // namespace sdsim::storage::sql
