// A transaction's volatile state and its statement in progress. Statements are resumable:
// one that must wait for a lock keeps its snapshot, its target rows and how far it got, and
// carries on from there when resumed, as a PostgreSQL backend sleeping in the lock manager
// does (so a READ COMMITTED update keeps the targets its snapshot found; 13.2.1).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/storage/sql/heap.hpp"
#include "sim/storage/sql/result.hpp"
#include "sim/storage/sql/wal.hpp"

namespace sdsim::storage::sql {

enum class Isolation { read_committed, repeatable_read, serializable };
enum class WaitPolicy { wait, nowait, skip_locked };

const char* sql_name(Isolation isolation);  // "READ COMMITTED", ...

struct LockClause {
  RowLockMode mode = RowLockMode::update;
  WaitPolicy wait = WaitPolicy::wait;
};

// SET column = f(row), evaluated on the row version being updated (so `bal = bal - 10` applies
// to the newest version after a wait, while a constant computed by the client does not).
struct Assignment {
  std::string column;
  std::function<Value(const RowRef&)> value;
};
Assignment set(std::string column, Value value);
Assignment add(std::string column, std::int64_t delta);
using Assignments = std::vector<Assignment>;

// An inclusive primary-key range for scans (either end open).
struct KeyRange {
  std::optional<Key> from, to;
};

enum class StatementKind { select, lock, update, remove, insert };

struct Statement {
  StatementKind kind = StatementKind::select;
  Table* table = nullptr;
  Snapshot snapshot;
  // Access path: a key lookup in one index, or a scan (a primary-key range or everything).
  bool by_key = false;
  int index = 0;
  Key key;
  KeyRange range;
  Predicate where;  // the whole condition, re-checked on a newer version after a wait
  std::vector<std::pair<int, std::function<Value(const RowRef&)>>> sets;
  LockClause lock;
  // Progress.
  std::vector<Tid> targets;
  std::size_t next = 0;  // next target to process
  Tid current = 0;       // version of the target being processed (follows updates)
  Tid checked = 0;       // version whose new row passed the constraints
  Row new_row;           // the row to write (insert, update)
  Tid written = 0;       // version written, whose index entries are being inserted
  std::size_t next_index = 0;
  bool hot = false;                    // the update changed no indexed column
  std::optional<TupleRef> tuple_lock;  // the tuple lock held while waiting for this target
  Result out;
};

struct Transaction {
  enum class State { active, failed, prepared };
  TxnId id = 0;
  Isolation isolation = Isolation::read_committed;
  bool read_only = false;
  State state = State::active;
  std::optional<Snapshot> snapshot;  // REPEATABLE READ / SERIALIZABLE: from the first statement
  bool has_xid = false;              // wrote or locked a row: its commit is logged and flushed
  std::vector<TupleRef> row_locks;   // lock-only entries to remove at the end
  std::vector<RowChange> changes;    // for the replication stream
  std::int64_t wal_bytes = 0;
  std::unique_ptr<Statement> pending;
  std::string gid;
};

}  // namespace sdsim::storage::sql
