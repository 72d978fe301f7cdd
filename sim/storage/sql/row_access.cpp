// Taking a target row for UPDATE, DELETE or SELECT ... FOR: waiting for its holder, then
// EvalPlanQual under READ COMMITTED or a serialization failure under the stricter levels
// (13.2.1, 13.2.2); writing the new version and its index entries, where a unique index makes
// a concurrent inserter of the same key wait for the first to end (_bt_check_unique).
#include <algorithm>

#include "sim/storage/sql/call.hpp"

namespace sdsim::storage::sql {

namespace {

bool key_changed(const Schema& schema, const Row& before, const Row& after) {
  for (std::size_t i = 0; i < schema.indexes().size(); ++i)
    if (schema.key_of(before, static_cast<int>(i)) != schema.key_of(after, static_cast<int>(i)))
      return true;
  return false;
}

bool has_null(const Key& key) {
  return std::any_of(key.begin(), key.end(), [](const Value& v) { return v.is_null(); });
}

}  // namespace

std::optional<TxnId> Database::conflicting_holder(const TupleVersion& v, TxnId me,
                                                  RowLockMode mode) const {
  if (v.xmax != 0 && v.xmax != me && clog_.status(v.xmax) == TxnStatus::in_progress &&
      conflicts(v.xmax_mode, mode))
    return v.xmax;
  for (const auto& l : v.lockers)
    if (l.txn != me && clog_.status(l.txn) == TxnStatus::in_progress && conflicts(l.mode, mode))
      return l.txn;
  return std::nullopt;
}

// The new row an UPDATE writes from version v; its constraints are checked before any wait,
// as PostgreSQL checks them before heap_update (and again on a newer version after EPQ).
std::optional<Error> Database::compute_new_row(Statement& st, const TupleVersion& v) {
  const Schema& schema = st.table->schema();
  st.new_row = v.row;
  RowRef old(schema, v.row);
  bool version_set = false;
  for (const auto& [column, value] : st.sets) {
    st.new_row[column] = value(old);
    version_set = version_set || column == schema.version_column();
  }
  if (schema.version_column() >= 0 && !version_set) {
    const Value& ver = v.row[schema.version_column()];
    st.new_row[schema.version_column()] = Value(ver.is_null() ? 1 : ver.as_int() + 1);
  }
  if (auto error = schema.coerce(st.new_row)) return error;
  if (auto error = schema.check_constraints(st.new_row)) return error;
  st.hot = true;
  for (std::size_t c = 0; c < v.row.size(); ++c)
    if (!(v.row[c] == st.new_row[c]) && schema.indexed(static_cast<int>(c))) st.hot = false;
  return std::nullopt;
}

Database::Step Database::process_target(Transaction& t, Statement& st, Error& error, TxnId& blocker,
                                        std::optional<TupleRef>& on_tuple) {
  Table& table = *st.table;
  const Schema& schema = table.schema();
  for (;;) {
    TupleVersion& v = table.version(st.current);
    if (st.kind == StatementKind::update && st.checked != st.current) {
      if (auto e = compute_new_row(st, v)) {
        error = *e;
        return Step::failed;
      }
      st.checked = st.current;
    }
    if (v.xmax != 0 && v.xmax != t.id && clog_.status(v.xmax) == TxnStatus::committed) {
      // Changed by a transaction that committed after our snapshot.
      if (t.isolation != Isolation::read_committed) {
        error = v.next ? concurrent_update() : concurrent_delete();
        return Step::failed;
      }
      if (v.next == 0) return Step::skip;  // deleted: the row is ignored
      // EvalPlanQual: follow the update chain to the newest version and re-check the WHERE.
      Tid w = st.current;
      for (;;) {
        const TupleVersion& x = table.version(w);
        bool replaced =
            x.xmax != 0 && x.xmax != t.id && clog_.status(x.xmax) == TxnStatus::committed;
        if (!replaced) break;
        if (x.next == 0) return Step::skip;
        w = x.next;
        work_->rows_read += 1;
      }
      if (!st.where(RowRef(schema, table.version(w).row))) return Step::skip;
      if (st.tuple_lock) waits_.release_tuple_lock(*st.tuple_lock, t.id);
      st.tuple_lock.reset();
      st.current = w;
      continue;
    }
    RowLockMode mode = st.lock.mode;
    if (st.kind == StatementKind::remove) mode = RowLockMode::update;
    if (st.kind == StatementKind::update)
      mode =
          key_changed(schema, v.row, st.new_row) ? RowLockMode::update : RowLockMode::no_key_update;
    if (auto holder = conflicting_holder(v, t.id, mode))
      return wait_for_row(t, st, *holder, mode, error, blocker, on_tuple);
    return Step::done;
  }
}

namespace {
std::string wait_text(TxnId waiter, TxnId blocker, bool tuple_lock, const std::string& table) {
  std::string lock = tuple_lock ? "ExclusiveLock on tuple of relation \"" + table + "\""
                                : "ShareLock on transaction " + std::to_string(blocker);
  // PostgreSQL names backend processes; here each transaction stands for its session.
  return "Transaction " + std::to_string(waiter) + " waits for " + lock +
         "; blocked by transaction " + std::to_string(blocker) + ".";
}
}  // namespace

// The row is held: NOWAIT fails, SKIP LOCKED skips, otherwise queue on the tuple lock and wait
// for the holder (or for the transaction ahead of us on the tuple lock).
Database::Step Database::wait_for_row(Transaction& t, Statement& st, TxnId holder, RowLockMode mode,
                                      Error& error, TxnId& blocker,
                                      std::optional<TupleRef>& on_tuple) {
  Table& table = *st.table;
  TupleRef ref{table.id(), st.current};
  bool select_lock = st.kind == StatementKind::lock;
  if (select_lock && st.lock.wait == WaitPolicy::skip_locked) return Step::skip;
  if (select_lock && st.lock.wait == WaitPolicy::nowait) {
    error = row_lock_not_available(table.schema().table());
    return Step::failed;
  }
  TxnId target = holder;
  on_tuple.reset();
  if (auto ahead = waits_.tuple_lock_conflict(ref, t.id, mode);
      ahead && !waits_.holds_tuple_lock(ref, t.id)) {
    target = *ahead;
    on_tuple = ref;
  } else {
    waits_.take_tuple_lock(ref, t.id, mode);
    st.tuple_lock = ref;
  }
  auto cycle = waits_.cycle_through(t.id, target);
  if (!cycle.empty()) {
    std::string detail;
    for (std::size_t i = 0; i < cycle.size(); ++i) {
      TxnId waiter = cycle[i], next = cycle[(i + 1) % cycle.size()];
      bool on_lock = i == 0 ? on_tuple.has_value() : waits_.waiting_on_tuple(waiter).has_value();
      detail += (i ? "\n" : "") + wait_text(waiter, next, on_lock, table.schema().table());
    }
    error = deadlock(detail);
    return Step::failed;
  }
  blocker = target;
  return Step::blocked;
}

std::optional<Error> Database::ssi_write(Transaction& t, const Table& table, const Row* old_row,
                                         const Row* new_row) {
  if (!ssi_.tracked(t.id)) return std::nullopt;
  const Schema& schema = table.schema();
  std::vector<PredicateTarget> targets;
  for (std::size_t i = 0; i < schema.indexes().size(); ++i) {
    int index = static_cast<int>(i);
    if (old_row) targets.push_back({table.id(), index, schema.key_of(*old_row, index)});
    if (new_row && (!old_row || schema.key_of(*old_row, index) != schema.key_of(*new_row, index)))
      targets.push_back({table.id(), index, schema.key_of(*new_row, index)});
  }
  targets.push_back({table.id(), -1, {}});
  return ssi_.conflict_in(t.id, targets);
}

std::optional<Error> Database::write_target(Transaction& t, Statement& st) {
  Table& table = *st.table;
  const Schema& schema = table.schema();
  TupleVersion& v = table.version(st.current);
  t.has_xid = true;
  std::int64_t bytes = 0;
  switch (st.kind) {
    case StatementKind::lock: {
      auto mine = std::find_if(v.lockers.begin(), v.lockers.end(),
                               [&](const RowLocker& l) { return l.txn == t.id; });
      if (mine == v.lockers.end()) {
        v.lockers.push_back({t.id, st.lock.mode});
        t.row_locks.push_back({table.id(), st.current});
      } else {
        mine->mode = std::max(mine->mode, st.lock.mode);
      }
      work_->rows_locked += 1;
      bytes = wal_size::heap_lock;
      st.out.rows.push_back(v.row);
      break;
    }
    case StatementKind::remove: {
      if (auto e = ssi_write(t, table, &v.row, nullptr)) return e;
      v.xmax = t.id;
      v.xmax_mode = RowLockMode::update;
      v.next = 0;
      work_->rows_written += 1;
      bytes = wal_size::heap_delete;
      t.changes.push_back({schema.table(), RowChange::Op::remove, schema.key_of(v.row, 0), {}});
      st.out.rows.push_back(v.row);
      table.changes_since_vacuum += 1;
      break;
    }
    default: {  // update
      if (auto e = ssi_write(t, table, &v.row, &st.new_row)) return e;
      Key old_key = schema.key_of(v.row, 0);
      RowLockMode mode =
          key_changed(schema, v.row, st.new_row) ? RowLockMode::update : RowLockMode::no_key_update;
      Tid tid = table.add_version(st.new_row, t.id);
      TupleVersion& old = table.version(st.current);
      old.xmax = t.id;
      old.xmax_mode = mode;
      old.next = tid;
      work_->rows_written += 1;
      bytes = wal_size::heap_update(st.new_row);
      t.changes.push_back({schema.table(), RowChange::Op::update, old_key, st.new_row});
      st.out.rows.push_back(st.new_row);
      table.changes_since_vacuum += 1;
      st.written = tid;
      st.next_index = 0;
      break;
    }
  }
  st.out.count += 1;
  wal_.append(bytes);
  t.wal_bytes += bytes;
  work_->wal_bytes += bytes;
  return std::nullopt;
}

// Index entries of the version just written. A HOT update adds none (PostgreSQL follows the
// heap chain); here the entries are still listed so lookups find the version, uncharged.
Database::Step Database::insert_index_entries(Transaction& t, Statement& st, Error& error,
                                              TxnId& blocker) {
  Table& table = *st.table;
  const Schema& schema = table.schema();
  const std::size_t indexes = schema.indexes().size();
  bool hot = st.kind == StatementKind::update && st.hot;
  for (; st.next_index < indexes; ++st.next_index) {
    int index = static_cast<int>(st.next_index);
    Key key = schema.key_of(table.version(st.written).row, index);
    if (!hot) {
      work_->btree_pages += btree_.levels(table.distinct_keys(index));
      Step step = check_unique(t, st, index, error, blocker);
      if (step != Step::done) return step;
      work_->index_entries += 1;
      std::int64_t bytes = wal_size::index_insert(key);
      wal_.append(bytes);
      t.wal_bytes += bytes;
      work_->wal_bytes += bytes;
    }
    table.add_entry(index, key, st.written);
  }
  return Step::done;
}

// A live duplicate is 23505; a duplicate whose inserter or deleter is still running makes us
// wait for it and check again. SERIALIZABLE first looks for an rw-conflict that the unique
// violation would otherwise hide (PostgreSQL 9.6+), so it may fail with 40001 instead.
Database::Step Database::check_unique(Transaction& t, Statement& st, int index, Error& error,
                                      TxnId& blocker) {
  Table& table = *st.table;
  const Schema& schema = table.schema();
  Key key = schema.key_of(table.version(st.written).row, index);
  if (has_null(key)) return Step::done;  // NULLs are distinct
  auto wait_for = [&](TxnId holder) {
    auto cycle = waits_.cycle_through(t.id, holder);
    if (!cycle.empty()) {
      std::string detail;
      for (std::size_t i = 0; i < cycle.size(); ++i)
        detail += (i ? "\n" : "") +
                  wait_text(cycle[i], cycle[(i + 1) % cycle.size()], false, schema.table());
      error = deadlock(detail);
      return Step::failed;
    }
    blocker = holder;
    return Step::blocked;
  };
  for (Tid tid : table.lookup(index, key)) {
    if (tid == st.written) continue;
    const TupleVersion& v = table.version(tid);
    work_->rows_read += 1;
    if (v.xmin != t.id) {
      TxnStatus inserter = clog_.status(v.xmin);
      if (inserter == TxnStatus::aborted) continue;
      if (inserter == TxnStatus::in_progress) return wait_for(v.xmin);
    }
    if (v.xmax == t.id) continue;
    if (v.xmax != 0) {
      TxnStatus deleter = clog_.status(v.xmax);
      if (deleter == TxnStatus::committed) continue;
      if (deleter == TxnStatus::in_progress) return wait_for(v.xmax);
    }
    if (ssi_.tracked(t.id))
      if (auto e = ssi_.conflict_in(t.id, {{table.id(), index, key}})) {
        error = *e;
        return Step::failed;
      }
    error = unique_violation(schema.indexes()[index].name, schema.index_columns(index),
                             join_values(key));
    return Step::failed;
  }
  return Step::done;
}

}  // namespace sdsim::storage::sql
