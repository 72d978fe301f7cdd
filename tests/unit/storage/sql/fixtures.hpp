// Shared setup for the SQL block's tests: the bank-account table most PostgreSQL examples use.
#pragma once

#include <doctest/doctest.h>

#include <optional>
#include <utility>
#include <vector>

#include "sim/storage/sql/database.hpp"

namespace sql_test {

using namespace sdsim::storage::sql;

// acct(id bigint PRIMARY KEY, bal bigint NOT NULL CHECK (bal >= 0), version bigint)
inline Schema accounts() {
  Schema s("acct", {{"id", Type::int64}, {"bal", Type::int64, true}, {"version", Type::int64}},
           {"id"});
  s.check("acct_bal_check", [](const RowRef& r) { return r.is_null("bal") || r.i64("bal") >= 0; });
  s.version_column("version");
  return s;
}

inline Result must(Result r) {
  INFO(r.error.sqlstate << " " << r.error.message);
  REQUIRE(r.ok());
  return r;
}

inline TxnId begin(Database& db, Isolation isolation = Isolation::read_committed,
                   bool read_only = false) {
  return must(db.begin(isolation, read_only)).txn;
}

inline void bank(Database& db, const std::vector<std::pair<int, int>>& balances) {
  must(db.create_table(accounts()));
  TxnId t = begin(db);
  for (auto [id, bal] : balances) must(db.insert(t, "acct", {id, bal, Value()}));
  must(db.commit(t));
}

// The committed balance of one account (a fresh READ COMMITTED reader).
inline std::optional<std::int64_t> balance(Database& db, int id) {
  TxnId t = begin(db);
  Result r = must(db.select_by_key(t, "acct", {id}));
  must(db.commit(t));
  if (r.rows.empty()) return std::nullopt;
  return r.rows[0][1].as_int();
}

inline std::int64_t bal_of(const Result& r) {
  REQUIRE(r.rows.size() == 1);
  return r.rows[0][1].as_int();
}

inline std::vector<TxnId> woken(Database& db) { return db.take_woken(); }

}  // namespace sql_test
