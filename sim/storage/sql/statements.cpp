// The statement API: each call checks the transaction can run it, resolves the table and
// columns, describes the statement (access path, condition, assignments) and starts it.
#include <stdexcept>

#include "sim/storage/sql/call.hpp"

namespace sdsim::storage::sql {

namespace {

const char* command_name(StatementKind kind) {
  switch (kind) {
    case StatementKind::insert:
      return "INSERT";
    case StatementKind::update:
      return "UPDATE";
    case StatementKind::remove:
      return "DELETE";
    default:
      return "SELECT";
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

Result Database::update_where(TxnId txn, std::string_view table, Predicate where, Assignments sets,
                              KeyRange range) {
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

Result Database::delete_where(TxnId txn, std::string_view table, Predicate where, KeyRange range) {
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

}  // namespace sdsim::storage::sql
