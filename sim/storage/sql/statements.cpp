// Statements: building them, taking their snapshot, scanning for targets, running them to the
// end or to a wait (13.2.1 "Read Committed": a snapshot per statement; 13.2.2 "Repeatable
// Read": one snapshot from the transaction's first statement).
#include <stdexcept>

#include "sim/storage/sql/call.hpp"

namespace sdsim::storage::sql {

namespace {

const char* command_name(StatementKind kind) {
  switch (kind) {
    case StatementKind::insert: return "INSERT";
    case StatementKind::update: return "UPDATE";
    case StatementKind::remove: return "DELETE";
    default: return "SELECT";
  }
}

// A condition matching one key of one index (and a version, for optimistic locking).
Predicate key_match(const Schema& schema, int index, Key key,
                    std::optional<std::int64_t> expected_version) {
  return [&schema, index, key = std::move(key), expected_version](const RowRef& row) {
    if (schema.key_of(row.row(), index) != key) return false;
    if (!expected_version || schema.version_column() < 0) return true;
    const Value& v = row.row()[schema.version_column()];
    return !v.is_null() && v.as_int() == *expected_version;
  };
}

}  // namespace

// A failed transaction refuses statements; a read-only one refuses writes and row locks.
std::optional<Result> Database::refuse(Transaction& t, StatementKind kind, RowLockMode mode) {
  if (t.state == Transaction::State::failed) return error_result(in_failed_transaction());
  if (t.read_only && kind != StatementKind::select) {
    std::string command = command_name(kind);
    if (kind == StatementKind::lock) command += std::string(" ") + sql_name(mode);
    return fail(t, read_only_transaction(command));
  }
  return std::nullopt;
}

Snapshot Database::statement_snapshot(Transaction& t) {
  if (t.isolation == Isolation::read_committed) return Snapshot{clog_.last_csn(), t.id};
  if (!t.snapshot) {
    t.snapshot = Snapshot{clog_.last_csn(), t.id};
    if (t.isolation == Isolation::serializable)
      ssi_.register_transaction(t.id, t.read_only, t.snapshot->csn);
  }
  return *t.snapshot;
}

Result Database::fail(Transaction& t, Error error) {
  abort(t, true);
  return error_result(std::move(error));
}

Result Database::block(Transaction& t, TxnId blocker, std::optional<TupleRef> on_tuple) {
  waits_.begin_wait(t.id, blocker, on_tuple);
  work_->lock_waits += 1;
  Result r;
  r.status = Status::blocked;
  r.waiting_for = blocker;
  return r;
}

Result Database::insert(TxnId txn, std::string_view table, Row row) {
  Call call(*this);
  Transaction& t = active(txn);
  if (auto r = refuse(t, StatementKind::insert, RowLockMode::update)) return call.finish(*r);
  Table* tb = find_table(table);
  if (!tb) return call.finish(fail(t, undefined_table(std::string(table))));
  auto st = std::make_unique<Statement>();
  st->kind = StatementKind::insert;
  st->table = tb;
  st->new_row = std::move(row);
  return call.finish(start(t, std::move(st)));
}

Result Database::select_by_key(TxnId txn, std::string_view table, Key key,
                               std::optional<LockClause> lock) {
  Call call(*this);
  Transaction& t = active(txn);
  StatementKind kind = lock ? StatementKind::lock : StatementKind::select;
  if (auto r = refuse(t, kind, lock ? lock->mode : RowLockMode::share)) return call.finish(*r);
  Table* tb = find_table(table);
  if (!tb) return call.finish(fail(t, undefined_table(std::string(table))));
  auto st = std::make_unique<Statement>();
  st->kind = kind;
  st->table = tb;
  st->by_key = true;
  st->key = key;
  st->where = key_match(tb->schema(), 0, std::move(key), std::nullopt);
  if (lock) st->lock = *lock;
  return call.finish(start(t, std::move(st)));
}

Result Database::select_by_unique(TxnId txn, std::string_view table, std::string_view constraint,
                                  Key key, std::optional<LockClause> lock) {
  Call call(*this);
  Transaction& t = active(txn);
  StatementKind kind = lock ? StatementKind::lock : StatementKind::select;
  if (auto r = refuse(t, kind, lock ? lock->mode : RowLockMode::share)) return call.finish(*r);
  Table* tb = find_table(table);
  if (!tb) return call.finish(fail(t, undefined_table(std::string(table))));
  int index = -1;
  const auto& indexes = tb->schema().indexes();
  for (std::size_t i = 0; i < indexes.size(); ++i)
    if (indexes[i].name == constraint) index = static_cast<int>(i);
  if (index < 0) throw std::logic_error("no constraint " + std::string(constraint));
  auto st = std::make_unique<Statement>();
  st->kind = kind;
  st->table = tb;
  st->by_key = true;
  st->index = index;
  st->key = key;
  st->where = key_match(tb->schema(), index, std::move(key), std::nullopt);
  if (lock) st->lock = *lock;
  return call.finish(start(t, std::move(st)));
}

Result Database::select_where(TxnId txn, std::string_view table, Predicate where,
                              std::optional<LockClause> lock, KeyRange range) {
  Call call(*this);
  Transaction& t = active(txn);
  StatementKind kind = lock ? StatementKind::lock : StatementKind::select;
  if (auto r = refuse(t, kind, lock ? lock->mode : RowLockMode::share)) return call.finish(*r);
  Table* tb = find_table(table);
  if (!tb) return call.finish(fail(t, undefined_table(std::string(table))));
  auto st = std::make_unique<Statement>();
  st->kind = kind;
  st->table = tb;
  st->range = std::move(range);
  st->where = std::move(where);
  if (lock) st->lock = *lock;
  return call.finish(start(t, std::move(st)));
}

// Resolves SET columns; an unknown column is 42703 like PostgreSQL's parser.
static std::optional<Error> resolve(const Schema& schema, Assignments& sets, Statement& st) {
  for (auto& a : sets) {
    int c = schema.column(a.column);
    if (c < 0) return undefined_column(schema.table(), a.column);
    st.sets.emplace_back(c, std::move(a.value));
  }
  return std::nullopt;
}

Result Database::update_by_key(TxnId txn, std::string_view table, Key key, Assignments sets,
                               std::optional<std::int64_t> expected_version) {
  Call call(*this);
  Transaction& t = active(txn);
  if (auto r = refuse(t, StatementKind::update, RowLockMode::update)) return call.finish(*r);
  Table* tb = find_table(table);
  if (!tb) return call.finish(fail(t, undefined_table(std::string(table))));
  auto st = std::make_unique<Statement>();
  st->kind = StatementKind::update;
  st->table = tb;
  st->by_key = true;
  st->key = key;
  st->where = key_match(tb->schema(), 0, std::move(key), expected_version);
  if (auto error = resolve(tb->schema(), sets, *st)) return call.finish(fail(t, *error));
  return call.finish(start(t, std::move(st)));
}

Result Database::update_where(TxnId txn, std::string_view table, Predicate where,
                              Assignments sets, KeyRange range) {
  Call call(*this);
  Transaction& t = active(txn);
  if (auto r = refuse(t, StatementKind::update, RowLockMode::update)) return call.finish(*r);
  Table* tb = find_table(table);
  if (!tb) return call.finish(fail(t, undefined_table(std::string(table))));
  auto st = std::make_unique<Statement>();
  st->kind = StatementKind::update;
  st->table = tb;
  st->range = std::move(range);
  st->where = std::move(where);
  if (auto error = resolve(tb->schema(), sets, *st)) return call.finish(fail(t, *error));
  return call.finish(start(t, std::move(st)));
}

Result Database::delete_by_key(TxnId txn, std::string_view table, Key key,
                               std::optional<std::int64_t> expected_version) {
  Call call(*this);
  Transaction& t = active(txn);
  if (auto r = refuse(t, StatementKind::remove, RowLockMode::update)) return call.finish(*r);
  Table* tb = find_table(table);
  if (!tb) return call.finish(fail(t, undefined_table(std::string(table))));
  auto st = std::make_unique<Statement>();
  st->kind = StatementKind::remove;
  st->table = tb;
  st->by_key = true;
  st->key = key;
  st->where = key_match(tb->schema(), 0, std::move(key), expected_version);
  return call.finish(start(t, std::move(st)));
}

Result Database::delete_where(TxnId txn, std::string_view table, Predicate where,
                              KeyRange range) {
  Call call(*this);
  Transaction& t = active(txn);
  if (auto r = refuse(t, StatementKind::remove, RowLockMode::update)) return call.finish(*r);
  Table* tb = find_table(table);
  if (!tb) return call.finish(fail(t, undefined_table(std::string(table))));
  auto st = std::make_unique<Statement>();
  st->kind = StatementKind::remove;
  st->table = tb;
  st->range = std::move(range);
  st->where = std::move(where);
  return call.finish(start(t, std::move(st)));
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
    case StatementKind::insert: r.tag = "INSERT 0 1"; break;
    case StatementKind::update: r.tag = "UPDATE " + std::to_string(r.count); break;
    case StatementKind::remove: r.tag = "DELETE " + std::to_string(r.count); break;
    default: r.tag = "SELECT " + std::to_string(r.count); break;
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
