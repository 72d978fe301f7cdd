// Transactions: begin, commit, rollback, and what ends them (13.2 "Transaction Isolation").
#include <algorithm>
#include <stdexcept>

#include "sim/storage/sql/call.hpp"

namespace sdsim::storage::sql {

const char* sql_name(Isolation isolation) {
  switch (isolation) {
    case Isolation::read_committed:
      return "READ COMMITTED";
    case Isolation::repeatable_read:
      return "REPEATABLE READ";
    case Isolation::serializable:
      return "SERIALIZABLE";
  }
  return "?";
}

Assignment set(std::string column, Value value) {
  return {std::move(column), [value](const RowRef&) { return value; }};
}

Assignment add(std::string column, std::int64_t delta) {
  std::string name = column;
  return {std::move(column), [name, delta](const RowRef& row) {
            const Value& v = row[name];
            if (v.is_null()) return Value();
            if (v.is(Type::float64)) return Value(v.as_double() + static_cast<double>(delta));
            return Value(v.as_int() + delta);
          }};
}

Database::Database(DatabaseOptions options) : options_(options) {
  btree_.fanout = options_.btree_fanout;
}
Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

Result Database::create_table(Schema schema) {
  Call call(*this);
  if (find_table(schema.table())) return call.finish(error_result(duplicate_table(schema.table())));
  int id = static_cast<int>(tables_.size());
  table_ids_[schema.table()] = id;
  tables_.push_back(std::make_unique<Table>(schema, id));
  if (!options_.hot_standby) {  // DDL is replicated like data
    Lsn lsn = wal_.append(wal_size::create_table);
    work_->wal_bytes += wal_size::create_table;
    work_->fsyncs += 1;
    wal_.publish(WalRecord{lsn, 0, schema, {}, wal_size::create_table});
  }
  return call.finish(tagged("CREATE TABLE"));
}

Table* Database::find_table(std::string_view name) {
  auto it = table_ids_.find(name);
  return it == table_ids_.end() ? nullptr : tables_[it->second].get();
}

bool Database::has_table(std::string_view name) const { return table_ids_.count(name) != 0; }

const Table& Database::table(std::string_view name) const {
  auto it = table_ids_.find(name);
  if (it == table_ids_.end()) throw std::logic_error("no table " + std::string(name));
  return *tables_[it->second];
}

Transaction* Database::find(TxnId txn) {
  auto it = txns_.find(txn);
  return it == txns_.end() ? nullptr : &it->second;
}

// The session's open transaction; anything else is a caller bug.
Transaction& Database::active(TxnId txn) {
  Transaction* t = find(txn);
  if (!t) throw std::logic_error("transaction " + std::to_string(txn) + " is not open");
  if (t->state == Transaction::State::prepared)
    throw std::logic_error("transaction " + std::to_string(txn) + " is prepared");
  if (t->pending)
    throw std::logic_error("transaction " + std::to_string(txn) + " has a statement in progress");
  return *t;
}

Result Database::begin(Isolation isolation, bool read_only) {
  Call call(*this);
  if (options_.hot_standby && isolation == Isolation::serializable)
    return call.finish(error_result(serializable_on_standby()));
  Transaction t;
  t.id = clog_.assign();
  t.isolation = isolation;
  t.read_only = read_only || options_.hot_standby;
  TxnId id = t.id;
  txns_.emplace(id, std::move(t));
  Result r = tagged("BEGIN");
  r.txn = id;
  return call.finish(r);
}

Result Database::commit(TxnId txn) {
  Call call(*this);
  Transaction& t = active(txn);
  if (t.state == Transaction::State::failed) {  // psql answers ROLLBACK
    end(txn);
    return call.finish(tagged("ROLLBACK"));
  }
  if (ssi_.tracked(txn)) {
    if (auto error = ssi_.pre_commit(txn)) {
      abort(t, true);
      end(txn);
      after_transaction_end();
      return call.finish(error_result(*error));
    }
  }
  Result r = tagged("COMMIT");
  r.lsn = finish_commit(t, t.has_xid ? wal_size::commit : 0);
  return call.finish(r);
}

Lsn Database::finish_commit(Transaction& t, std::int64_t record_bytes) {
  TxnId txn = t.id;
  Csn csn = clog_.commit(txn);
  Lsn lsn = wal_.insert_lsn();
  if (record_bytes > 0) {  // only a transaction with an xid logs and flushes its commit
    lsn = wal_.append(record_bytes);
    t.wal_bytes += record_bytes;
    work_->wal_bytes += record_bytes;
    work_->fsyncs += 1;
  }
  release_row_locks(t);
  waits_.transaction_ended(txn);
  if (ssi_.tracked(txn)) ssi_.committed(txn, csn, false);
  if (!t.changes.empty())
    wal_.publish(WalRecord{lsn, txn, std::nullopt, std::move(t.changes), t.wal_bytes});
  end(txn);
  after_transaction_end();
  return lsn;
}

// Also ends a transaction whose statement is waiting, as when its client disconnects.
Result Database::rollback(TxnId txn) {
  Call call(*this);
  Transaction* found = find(txn);
  if (!found || found->state == Transaction::State::prepared)
    throw std::logic_error("transaction " + std::to_string(txn) + " is not open");
  Transaction& t = *found;
  if (t.state == Transaction::State::active) abort(t, true);
  end(txn);
  after_transaction_end();
  return call.finish(tagged("ROLLBACK"));
}

void Database::abort(Transaction& t, bool log_abort) {
  clog_.abort(t.id);
  release_row_locks(t);
  waits_.transaction_ended(t.id);
  if (ssi_.tracked(t.id)) ssi_.rolled_back(t.id);
  if (t.has_xid && log_abort) {
    wal_.append(wal_size::abort);
    work_->wal_bytes += wal_size::abort;
  }
  t.pending.reset();
  t.changes.clear();
  t.state = Transaction::State::failed;
}

void Database::release_row_locks(Transaction& t) {
  for (const TupleRef& ref : t.row_locks) {
    auto& heap = tables_[ref.table]->heap();
    if (!heap.count(ref.tid)) continue;
    auto& lockers = tables_[ref.table]->version(ref.tid).lockers;
    lockers.erase(std::remove_if(lockers.begin(), lockers.end(),
                                 [&](const RowLocker& l) { return l.txn == t.id; }),
                  lockers.end());
  }
  t.row_locks.clear();
}

void Database::end(TxnId txn) { txns_.erase(txn); }

// The oldest snapshot still in use: versions deleted before it are dead to everyone.
Csn Database::vacuum_horizon() const {
  Csn horizon = clog_.last_csn();
  for (const auto& [id, t] : txns_) {
    if (t.state != Transaction::State::active) continue;
    if (t.snapshot) horizon = std::min(horizon, t.snapshot->csn);
    if (t.pending) horizon = std::min(horizon, t.pending->snapshot.csn);
  }
  return horizon;
}

// Vacuum reads the heap and writes a prune record per table; removing a version is a write.
Work Database::vacuum() {
  Work w;
  Csn horizon = vacuum_horizon();
  for (auto& table : tables_) {
    w.rows_read += static_cast<std::int64_t>(table->heap().size());
    std::int64_t removed = table->vacuum(horizon, clog_);
    w.rows_written += removed;
    w.wal_bytes += wal_size::prune(removed);
  }
  totals_ += w;
  return w;
}

void Database::after_transaction_end() {
  ssi_.forget_finished();
  Csn horizon = vacuum_horizon();
  for (auto& table : tables_) {
    double limit = static_cast<double>(options_.autovacuum_threshold) +
                   options_.autovacuum_scale_factor * static_cast<double>(table->distinct_keys(0));
    if (static_cast<double>(table->changes_since_vacuum) <= limit) continue;
    Work w;
    w.rows_read = static_cast<std::int64_t>(table->heap().size());
    w.rows_written = table->vacuum(horizon, clog_);
    w.wal_bytes = wal_size::prune(w.rows_written);
    background_ += w;
    totals_ += w;
  }
}

Work Database::take_background_work() {
  Work w = background_;
  background_ = Work{};
  return w;
}

std::vector<Row> Database::committed_rows(std::string_view name) const {
  const Table& t = table(name);
  Snapshot snapshot{clog_.last_csn(), 0};
  std::vector<Row> rows;
  for (const auto& [key, tids] : t.entries(0))
    for (Tid tid : tids)
      if (visible(t.version(tid), snapshot, clog_)) rows.push_back(t.version(tid).row);
  return rows;
}

}  // namespace sdsim::storage::sql
