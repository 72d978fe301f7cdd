// What every call returns: ok with rows and PostgreSQL's command tag, blocked on a lock, or an
// error with its SQLSTATE; and the work it did.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/storage/sql/errors.hpp"
#include "sim/storage/sql/mvcc.hpp"
#include "sim/storage/sql/value.hpp"
#include "sim/storage/sql/work.hpp"

namespace sdsim::storage::sql {

using Lsn = std::uint64_t;  // a WAL position in bytes, like PostgreSQL's

enum class Status { ok, blocked, error };

struct Result {
  Status status = Status::ok;
  std::string tag;         // command tag as psql shows it: "UPDATE 1", "SELECT 2", "ROLLBACK"
  std::vector<Row> rows;   // SELECT: rows read; INSERT/UPDATE/DELETE: rows written (RETURNING *)
  std::int64_t count = 0;  // rows returned or affected
  Error error;             // when status == error
  TxnId txn = 0;           // begin(): the new transaction
  TxnId waiting_for = 0;   // blocked: the transaction whose end (or tuple lock) it waits for
  Lsn lsn = 0;             // commits: the end of the commit record (for replication)
  Work work;

  bool ok() const { return status == Status::ok; }
  bool blocked() const { return status == Status::blocked; }
  bool failed() const { return status == Status::error; }
  const std::string& sqlstate() const { return error.sqlstate; }
};

}  // namespace sdsim::storage::sql
