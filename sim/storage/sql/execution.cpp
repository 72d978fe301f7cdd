// Running statements: taking their snapshot (13.2.1 "Read Committed": one per statement;
// 13.2.2 "Repeatable Read": one from the transaction's first statement), scanning for targets,
// and carrying on to the end or to a wait, from which resume() continues.
#include <stdexcept>

#include "sim/storage/sql/call.hpp"

namespace sdsim::storage::sql {

Snapshot Database::statement_snapshot(Transaction& t) {
  if (t.isolation == Isolation::read_committed) return Snapshot{clog_.last_csn(), t.id};
  if (!t.snapshot) {
    t.snapshot = Snapshot{clog_.last_csn(), t.id};
    if (t.isolation == Isolation::serializable)
      ssi_.register_transaction(t.id, t.read_only, t.snapshot->csn);
  }
  return *t.snapshot;
}

// An error aborts the transaction at once, releasing its locks (PostgreSQL's AbortTransaction
// on ERROR); the session still has to end it, and until then gets 25P02.
Result Database::fail(Transaction& t, Error error) {
  abort(t, true);
  return error_result(std::move(error));
}

// The statement sleeps: the caller learns whom it waits for, take_woken() tells when to resume.
Result Database::block(Transaction& t, TxnId blocker, std::optional<TupleRef> on_tuple) {
  waits_.begin_wait(t.id, blocker, on_tuple);
  work_->lock_waits += 1;
  Result r;
  r.status = Status::blocked;
  r.waiting_for = blocker;
  return r;
}

Result Database::start(Transaction& t, std::unique_ptr<Statement> st) {
  st->snapshot = statement_snapshot(t);
  if (st->kind == StatementKind::insert) {
    const Schema& schema = st->table->schema();
    if (auto error = schema.coerce(st->new_row)) return fail(t, *error);
    if (auto error = schema.check_constraints(st->new_row)) return fail(t, *error);
  } else if (auto error = scan(t, *st)) {
    return fail(t, *error);
  }
  t.pending = std::move(st);
  return run(t);
}

// Finds the versions the statement's snapshot sees that match, charging the B-tree and heap
// pages it reads and taking SIREAD locks for a SERIALIZABLE transaction.
std::optional<Error> Database::scan(Transaction& t, Statement& st) {
  Table& table = *st.table;
  bool serializable = ssi_.tracked(t.id);
  auto consider = [&](Tid tid) -> std::optional<Error> {
    bool matches = false;
    if (auto error = examine(t, st, tid, matches)) return error;
    if (matches) st.targets.push_back(tid);
    return std::nullopt;
  };
  if (st.by_key) {
    work_->btree_pages += btree_.levels(table.distinct_keys(st.index));
    // The heap page is pruned as it is read (a primary only: a standby replays the primary's
    // pruning): the dead versions are read once more, then gone.
    if (!is_standby() && table.lookup(st.index, st.key).size() > 1) {
      std::int64_t removed = table.prune(st.index, st.key, vacuum_horizon(), clog_);
      work_->rows_read += removed;
      work_->rows_written += removed;
      work_->wal_bytes += wal_size::prune(removed);
    }
    if (serializable) ssi_.predicate_lock(t.id, {table.id(), st.index, st.key});
    for (Tid tid : std::vector<Tid>(table.lookup(st.index, st.key)))
      if (auto error = consider(tid)) return error;
  } else {
    if (serializable) ssi_.predicate_lock(t.id, {table.id(), -1, {}});
    const auto& entries = table.entries(0);
    auto first = st.range.from ? entries.lower_bound(*st.range.from) : entries.begin();
    auto last = st.range.to ? entries.upper_bound(*st.range.to) : entries.end();
    if (st.range.from || st.range.to) {  // an index range scan; a full scan reads the heap
      std::int64_t in_range = std::distance(first, last);
      work_->btree_pages += btree_.levels(table.distinct_keys(0)) + btree_.leaf_pages(in_range);
    }
    for (auto it = first; it != last; ++it)
      for (Tid tid : it->second)
        if (auto error = consider(tid)) return error;
  }
  if (st.kind == StatementKind::select) {
    for (Tid tid : st.targets) st.out.rows.push_back(table.version(tid).row);
    st.out.count = static_cast<std::int64_t>(st.targets.size());
  }
  return std::nullopt;
}

// One tuple version read by the scan: visibility, then (SERIALIZABLE) the rw-conflict out to
// a concurrent writer whose insert or delete this snapshot does not see.
std::optional<Error> Database::examine(Transaction& t, Statement& st, Tid tid, bool& matches) {
  const TupleVersion& v = st.table->version(tid);
  work_->rows_read += 1;
  bool seen = visible(v, st.snapshot, clog_);
  if (ssi_.tracked(t.id)) {
    if (auto error = ssi_.check_doomed_for_read(t.id)) return error;
    TxnId writer = 0;
    if (!seen && v.xmin != t.id && clog_.status(v.xmin) != TxnStatus::aborted &&
        !clog_.committed_by(v.xmin, st.snapshot.csn))
      writer = v.xmin;
    else if (seen && v.xmax != 0 && v.xmax != t.id && clog_.status(v.xmax) != TxnStatus::aborted)
      writer = v.xmax;
    if (writer)
      if (auto error = ssi_.conflict_out(t.id, writer)) return error;
  }
  matches = seen && st.where(RowRef(st.table->schema(), v.row));
  return std::nullopt;
}

Result Database::run(Transaction& t) {
  Statement& st = *t.pending;
  Error error;
  TxnId blocker = 0;
  std::optional<TupleRef> on_tuple;
  if (st.kind == StatementKind::insert) {
    if (st.written == 0) {
      if (auto e = ssi_write(t, *st.table, nullptr, &st.new_row)) return fail(t, *e);
      st.written = st.table->add_version(st.new_row, t.id);
      t.has_xid = true;
      work_->rows_written += 1;
      std::int64_t bytes = wal_size::heap_insert(st.new_row);
      wal_.append(bytes);
      t.wal_bytes += bytes;
      work_->wal_bytes += bytes;
      st.table->changes_since_vacuum += 1;  // becomes dead if the transaction aborts
    }
    Step step = insert_index_entries(t, st, error, blocker);
    if (step == Step::blocked) return block(t, blocker, std::nullopt);
    if (step == Step::failed) return fail(t, error);
    const Schema& schema = st.table->schema();
    t.changes.push_back({schema.table(), RowChange::Op::insert, {}, st.new_row});
    st.out.rows.push_back(st.new_row);
    st.out.count = 1;
    return finish_statement(t);
  }
  if (st.kind == StatementKind::select) return finish_statement(t);  // rows came with the scan
  while (st.next < st.targets.size()) {
    if (st.written != 0) {  // an updated row's index entries
      Step step = insert_index_entries(t, st, error, blocker);
      if (step == Step::blocked) return block(t, blocker, std::nullopt);
      if (step == Step::failed) return fail(t, error);
      finish_target(t, st);
      continue;
    }
    if (st.current == 0) st.current = st.targets[st.next];
    Step step = process_target(t, st, error, blocker, on_tuple);
    if (step == Step::blocked) return block(t, blocker, on_tuple);
    if (step == Step::failed) return fail(t, error);
    if (step == Step::skip) {
      finish_target(t, st);
      continue;
    }
    if (auto e = write_target(t, st)) return fail(t, *e);
    if (st.written == 0) finish_target(t, st);
  }
  return finish_statement(t);
}

void Database::finish_target(Transaction& t, Statement& st) {
  if (st.tuple_lock) waits_.release_tuple_lock(*st.tuple_lock, t.id);
  st.tuple_lock.reset();
  st.next += 1;
  st.current = st.checked = st.written = 0;
  st.next_index = 0;
}

Result Database::finish_statement(Transaction& t) {
  std::unique_ptr<Statement> st = std::move(t.pending);
  Result r = std::move(st->out);
  switch (st->kind) {
    case StatementKind::insert:
      r.tag = "INSERT 0 1";
      break;
    case StatementKind::update:
      r.tag = "UPDATE " + std::to_string(r.count);
      break;
    case StatementKind::remove:
      r.tag = "DELETE " + std::to_string(r.count);
      break;
    default:
      r.tag = "SELECT " + std::to_string(r.count);
      break;
  }
  return r;
}

Result Database::resume(TxnId txn) {
  Call call(*this);
  Transaction* t = find(txn);
  if (!t || !t->pending) throw std::logic_error("transaction has no statement to resume");
  waits_.end_wait(txn);
  return call.finish(run(*t));
}

Result Database::cancel(TxnId txn, bool lock_timeout) {
  Call call(*this);
  Transaction* t = find(txn);
  if (!t || !t->pending) throw std::logic_error("transaction has no statement to cancel");
  return call.finish(fail(*t, lock_timeout ? sql::lock_timeout() : statement_canceled()));
}

std::vector<TxnId> Database::take_woken() { return waits_.take_woken(); }

std::optional<TxnId> Database::waiting_for(TxnId txn) const { return waits_.waiting_for(txn); }

}  // namespace sdsim::storage::sql
