// The write-ahead log as a cost and as the replication stream ("Write-Ahead Logging (WAL)",
// 27.2 "Log-Shipping Standby Servers").
//
// Costs: record sizes approximate PostgreSQL's (a 24-byte record header, a ~20-byte block
// reference, the heap or index tuple; no full-page images), so wal_bytes tracks what the
// server would write. Durability model: synchronous_commit = on, so COMMIT returns after its
// record is flushed (one fsync) and a crash loses nothing committed; PREPARE TRANSACTION is
// flushed too. Only transactions that wrote or locked rows (PostgreSQL assigns them an xid)
// write a commit record.
//
// Stream: the committed transactions in commit order, each with its row changes and the LSN
// that ends its commit record. A standby replays whole transactions in that order, which is
// the state physical replay reaches at each commit record.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "sim/storage/sql/mvcc.hpp"
#include "sim/storage/sql/result.hpp"
#include "sim/storage/sql/schema.hpp"

namespace sdsim::storage::sql {

namespace wal_size {
inline constexpr std::int64_t record_header = 24;
inline constexpr std::int64_t block_reference = 20;
inline constexpr std::int64_t tuple_header = 23;
std::int64_t tuple(const Row& row);  // header, null bitmap, data
inline std::int64_t heap_insert(const Row& row) {
  return record_header + block_reference + 3 + tuple(row);
}
inline std::int64_t heap_update(const Row& row) {
  return record_header + 2 * block_reference + 14 + tuple(row);
}
inline constexpr std::int64_t heap_delete = record_header + block_reference + 8;
inline constexpr std::int64_t heap_lock = record_header + block_reference + 8;
std::int64_t index_insert(const Key& key);
inline constexpr std::int64_t commit = 32;
inline constexpr std::int64_t abort = 32;
inline constexpr std::int64_t prepare = 160;
inline constexpr std::int64_t commit_prepared = 48;
inline constexpr std::int64_t create_table = 512;
// A prune record (VACUUM or on-access pruning) for `removed` versions: a line pointer each.
inline std::int64_t prune(std::int64_t removed) {
  return removed ? record_header + block_reference + 2 * removed : 0;
}
}  // namespace wal_size

struct RowChange {
  enum class Op { insert, update, remove };
  std::string table;
  Op op;
  Key old_key;  // primary key of the version replaced or deleted
  Row row;      // the new row (insert, update)
};

struct WalRecord {
  Lsn lsn = 0;  // end of the commit record
  TxnId txn = 0;
  std::optional<Schema> created;  // a table created (DDL), else a committed transaction
  std::vector<RowChange> changes;
  std::int64_t bytes = 0;  // the transaction's WAL, changes and commit record
};

class WalLog {
 public:
  Lsn insert_lsn() const { return insert_lsn_; }
  Lsn append(std::int64_t bytes) { return insert_lsn_ += static_cast<Lsn>(bytes); }
  void publish(WalRecord record) { records_.push_back(std::move(record)); }
  // Committed records with lsn > after, oldest first.
  std::vector<const WalRecord*> records_after(Lsn after) const;
  // Drops records a standby has replayed (a replication slot's restart_lsn advancing).
  void discard_through(Lsn lsn);

 private:
  Lsn insert_lsn_ = 0;
  std::deque<WalRecord> records_;
};

}  // namespace sdsim::storage::sql
