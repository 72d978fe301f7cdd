// A PostgreSQL-like database of named tables with MVCC transactions, as plain C++ (no SimGrid):
// the service hosting it charges CPU and disk from the Work each call returns.
//
// Calls take a transaction id from begin(). A statement that must wait for a row lock returns
// Status::blocked with waiting_for; the transaction then issues nothing else until its
// statement completes. When the blocker ends (or leaves the row's tuple lock), the waiter
// appears in take_woken(), and resume(txn) carries the statement on from where it waited: it
// returns the statement's result, or blocked again. cancel() ends a wait with an error
// (57014, or 55P03 for a lock timeout the caller measured).
//
// Errors abort the transaction at once, releasing its locks (PostgreSQL's AbortTransaction on
// ERROR); later statements fail with 25P02 and COMMIT answers ROLLBACK, as psql shows.
//
// rollback() also ends a transaction whose statement is waiting (its client went away). Misuse
// only a bug can cause (an unknown transaction, a statement while one is pending) throws
// std::logic_error.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/storage/sql/heap.hpp"
#include "sim/storage/sql/result.hpp"
#include "sim/storage/sql/row_locks.hpp"
#include "sim/storage/sql/ssi.hpp"
#include "sim/storage/sql/transaction.hpp"
#include "sim/storage/sql/wal.hpp"

namespace sdsim::storage::sql {

struct DatabaseOptions {
  int btree_fanout = 256;
  // PostgreSQL's default is 0 (PREPARE TRANSACTION disabled); the models need two-phase commit.
  int max_prepared_transactions = 64;
  // A standby: read-only transactions, no SERIALIZABLE; changes arrive through apply().
  bool hot_standby = false;
  // Autovacuum's trigger: changes > threshold + scale_factor * keys (PostgreSQL's defaults).
  std::int64_t autovacuum_threshold = 50;
  double autovacuum_scale_factor = 0.2;
};

struct CrashReport {
  int transactions_lost = 0;  // open, not prepared: rolled back by recovery
  int prepared_kept = 0;      // prepared: still in doubt, with their locks
  int statements_interrupted = 0;
};

class Database {
 public:
  explicit Database(DatabaseOptions options = {});
  ~Database();
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;

  Result create_table(Schema schema);

  // Transactions. begin() returns the new id in Result::txn (0A000 for SERIALIZABLE on a
  // standby). The snapshot of REPEATABLE READ and SERIALIZABLE is taken by the first statement.
  Result begin(Isolation isolation = Isolation::read_committed, bool read_only = false);
  Result commit(TxnId txn);
  Result rollback(TxnId txn);

  // Statements. Key lookups use the primary key (select_by_unique: a unique constraint by name);
  // other reads scan (optionally a primary-key range) and filter. Rows come in primary-key order.
  Result insert(TxnId txn, std::string_view table, Row row);
  Result select_by_key(TxnId txn, std::string_view table, Key key,
                       std::optional<LockClause> lock = std::nullopt);
  Result select_by_unique(TxnId txn, std::string_view table, std::string_view constraint, Key key,
                          std::optional<LockClause> lock = std::nullopt);
  Result select_where(TxnId txn, std::string_view table, Predicate where,
                      std::optional<LockClause> lock = std::nullopt, KeyRange range = {});
  // expected_version: update only if the version column holds it (optimistic locking);
  // otherwise 0 rows are affected, as `UPDATE ... WHERE id = $1 AND version = $2`.
  Result update_by_key(TxnId txn, std::string_view table, Key key, Assignments sets,
                       std::optional<std::int64_t> expected_version = std::nullopt);
  Result update_where(TxnId txn, std::string_view table, Predicate where, Assignments sets,
                      KeyRange range = {});
  Result delete_by_key(TxnId txn, std::string_view table, Key key,
                       std::optional<std::int64_t> expected_version = std::nullopt);
  Result delete_where(TxnId txn, std::string_view table, Predicate where, KeyRange range = {});

  // Waiting.
  Result resume(TxnId txn);
  Result cancel(TxnId txn, bool lock_timeout = false);
  std::vector<TxnId> take_woken();
  std::optional<TxnId> waiting_for(TxnId txn) const;

  // Two-phase commit (PREPARE TRANSACTION, COMMIT PREPARED, ROLLBACK PREPARED).
  Result prepare(TxnId txn, const std::string& gid);
  Result commit_prepared(const std::string& gid);
  Result rollback_prepared(const std::string& gid);
  std::vector<std::string> prepared() const;  // pg_prepared_xacts, by gid

  // A crash and recovery: volatile state (sessions, open transactions, waits) is lost; the
  // committed data and prepared transactions with their row locks survive.
  CrashReport crash();

  // Replication: the committed-transaction stream, and replay on a standby.
  Lsn current_lsn() const { return wal_.insert_lsn(); }
  std::vector<const WalRecord*> wal_after(Lsn after) const { return wal_.records_after(after); }
  void discard_wal_through(Lsn lsn) { wal_.discard_through(lsn); }
  Work apply(const WalRecord& record);  // standby only
  void promote();                       // the standby becomes a writable leader

  // Maintenance and introspection.
  Work vacuum();
  Work take_background_work();  // autovacuum's work since the last call
  const Work& totals() const { return totals_; }
  bool has_table(std::string_view name) const;
  const Table& table(std::string_view name) const;
  // Committed rows as a fresh snapshot sees them, in primary-key order (for checks and tests).
  std::vector<Row> committed_rows(std::string_view table) const;
  int open_transactions() const { return static_cast<int>(txns_.size()); }
  bool is_standby() const { return options_.hot_standby; }

 private:
  struct Call;  // bookkeeping of the call in progress (work counted, errors)
  enum class Step { done, skip, blocked, failed };

  Transaction* find(TxnId txn);
  Transaction& active(TxnId txn);
  Table* find_table(std::string_view name);
  std::optional<Result> refuse(Transaction& txn, StatementKind kind, RowLockMode mode);
  Snapshot statement_snapshot(Transaction& txn);
  Result start(Transaction& txn, std::unique_ptr<Statement> st);
  Result run(Transaction& txn);
  Result fail(Transaction& txn, Error error);
  Result block(Transaction& txn, TxnId blocker, std::optional<TupleRef> on_tuple);

  // Statement machinery (statements.cpp, row_access.cpp).
  std::optional<Error> scan(Transaction& txn, Statement& st);
  std::optional<Error> examine(Transaction& txn, Statement& st, Tid tid, bool& matches);
  Step process_target(Transaction& txn, Statement& st, Error& error, TxnId& blocker,
                      std::optional<TupleRef>& on_tuple);
  Step wait_for_row(Transaction& txn, Statement& st, TxnId holder, RowLockMode mode, Error& error,
                    TxnId& blocker, std::optional<TupleRef>& on_tuple);
  Step check_unique(Transaction& txn, Statement& st, int index, Error& error, TxnId& blocker);
  Step insert_index_entries(Transaction& txn, Statement& st, Error& error, TxnId& blocker);
  std::optional<Error> compute_new_row(Statement& st, const TupleVersion& v);
  std::optional<Error> write_target(Transaction& txn, Statement& st);
  std::optional<Error> ssi_write(Transaction& txn, const Table& table, const Row* old_row,
                                 const Row* new_row);
  std::optional<TxnId> conflicting_holder(const TupleVersion& v, TxnId me, RowLockMode mode) const;
  void finish_target(Transaction& txn, Statement& st);
  Result finish_statement(Transaction& txn);

  // Transaction ends (database.cpp, two_phase.cpp).
  Lsn finish_commit(Transaction& txn, std::int64_t record_bytes);
  void abort(Transaction& txn, bool log_abort);
  void release_row_locks(Transaction& txn);
  void end(TxnId txn);  // forget the volatile state
  void after_transaction_end();
  Csn vacuum_horizon() const;

  DatabaseOptions options_;
  BTreeModel btree_;
  CommitLog clog_;
  std::vector<std::unique_ptr<Table>> tables_;
  std::map<std::string, int, std::less<>> table_ids_;
  std::map<TxnId, Transaction> txns_;
  std::map<std::string, TxnId> prepared_;
  LockWaits waits_;
  SsiTracker ssi_;
  WalLog wal_;
  Work totals_, background_;
  Work* work_ = nullptr;  // the current call's counters
};

}  // namespace sdsim::storage::sql
