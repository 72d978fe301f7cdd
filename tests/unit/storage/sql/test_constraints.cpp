// Constraints: 5.4 "Constraints" (CHECK, NOT NULL, UNIQUE, PRIMARY KEY) and concurrent
// inserters of one key ("Index Uniqueness Checks", in the index access method chapter).
#include "fixtures.hpp"

using namespace sql_test;

TEST_CASE("storage/sql: a duplicate primary key is 23505 in PostgreSQL's words") {
  Database db;
  bank(db, {{1, 100}});
  TxnId t = begin(db);
  Result r = db.insert(t, "acct", {1, 5, Value()});
  REQUIRE(r.failed());
  CHECK(r.sqlstate() == "23505");
  CHECK(r.error.message == "duplicate key value violates unique constraint \"acct_pkey\"");
  CHECK(r.error.detail == "Key (id)=(1) already exists.");
  CHECK(db.insert(t, "acct", {2, 5, Value()}).sqlstate() == "25P02");
  CHECK(must(db.commit(t)).tag == "ROLLBACK");
}

TEST_CASE("storage/sql: a concurrent inserter of the same key waits, then fails or succeeds") {
  // "Index Uniqueness Checks": "If a conflicting row has been inserted by an as-yet-uncommitted
  // transaction, the would-be inserter must wait to see if that transaction commits. If it rolls
  // back then there is no conflict. If it commits without deleting the conflicting row again, there
  // is a uniqueness violation."
  Database db;
  bank(db, {});
  TxnId t1 = begin(db), t2 = begin(db);
  must(db.insert(t1, "acct", {5, 1, Value()}));
  Result r = db.insert(t2, "acct", {5, 2, Value()});
  REQUIRE(r.blocked());
  CHECK(r.waiting_for == t1);
  must(db.commit(t1));
  REQUIRE(woken(db) == std::vector<TxnId>{t2});
  CHECK(db.resume(t2).sqlstate() == "23505");

  TxnId t3 = begin(db), t4 = begin(db);
  must(db.insert(t3, "acct", {6, 1, Value()}));
  REQUIRE(db.insert(t4, "acct", {6, 2, Value()}).blocked());
  must(db.rollback(t3));
  REQUIRE(woken(db) == std::vector<TxnId>{t4});
  CHECK(must(db.resume(t4)).tag == "INSERT 0 1");
  must(db.commit(t4));
  CHECK(balance(db, 6) == 2);

  // A delete in progress also makes the inserter wait; once committed the key is free.
  TxnId t5 = begin(db), t6 = begin(db);
  must(db.delete_by_key(t5, "acct", {6}));
  REQUIRE(db.insert(t6, "acct", {6, 3, Value()}).blocked());
  must(db.commit(t5));
  REQUIRE(woken(db) == std::vector<TxnId>{t6});
  must(db.resume(t6));
  must(db.commit(t6));
  CHECK(balance(db, 6) == 3);
}

TEST_CASE("storage/sql: CHECK and NOT NULL violations, checked in PostgreSQL's order") {
  // CREATE TABLE reference: NOT NULL first; "When a table has multiple CHECK constraints,
  // they will be tested for each row in alphabetical order by name".
  Database db;
  bank(db, {{1, 100}});
  TxnId t = begin(db);
  Result r = db.update_by_key(t, "acct", {1}, {add("bal", -1000)});
  REQUIRE(r.failed());
  CHECK(r.sqlstate() == "23514");
  CHECK(r.error.message ==
        "new row for relation \"acct\" violates check constraint \"acct_bal_check\"");
  CHECK(r.error.detail == "Failing row contains (1, -900, 2).");
  must(db.rollback(t));

  t = begin(db);
  r = db.insert(t, "acct", {2, Value(), Value()});
  CHECK(r.sqlstate() == "23502");
  CHECK(r.error.message ==
        "null value in column \"bal\" of relation \"acct\" violates not-null constraint");
  must(db.rollback(t));

  Schema s("t", {{"id", Type::int64}, {"x", Type::int64}}, {"id"});
  s.check("t_z_check", [](const RowRef& row) { return row.i64("x") < 10; });
  s.check("t_a_check", [](const RowRef& row) { return row.i64("x") > 0; });
  must(db.create_table(s));
  t = begin(db);
  CHECK(db.insert(t, "t", {1, 50}).error.message.find("\"t_z_check\"") != std::string::npos);
  must(db.rollback(t));
  t = begin(db);
  CHECK(db.insert(t, "t", {1, -50}).error.message.find("\"t_a_check\"") != std::string::npos);
  must(db.rollback(t));
}

TEST_CASE("storage/sql: a violating UPDATE fails before waiting for the row") {
  // PostgreSQL evaluates the constraints of the new row before heap_update takes the row, so a
  // violation does not wait for the lock holder.
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db), t2 = begin(db);
  must(db.update_by_key(t1, "acct", {1}, {add("bal", 1)}));
  CHECK(db.update_by_key(t2, "acct", {1}, {set("bal", -1)}).sqlstate() == "23514");
}

TEST_CASE("storage/sql: unique constraints on other columns, NULLs distinct") {
  // 5.4.3: "two null values are never considered equal" for a unique constraint.
  Database db;
  Schema users("users", {{"id", Type::int64}, {"email", Type::text}}, {"id"});
  users.unique({"email"});
  must(db.create_table(users));
  TxnId t = begin(db);
  must(db.insert(t, "users", {1, "a@x"}));
  must(db.insert(t, "users", {2, Value()}));
  must(db.insert(t, "users", {3, Value()}));
  Result r = db.insert(t, "users", {4, "a@x"});
  CHECK(r.error.message == "duplicate key value violates unique constraint \"users_email_key\"");
  CHECK(r.error.detail == "Key (email)=(a@x) already exists.");
  must(db.rollback(t));
  t = begin(db);
  must(db.insert(t, "users", {1, "a@x"}));
  must(db.commit(t));
  t = begin(db);
  CHECK(must(db.select_by_unique(t, "users", "users_email_key", {"a@x"})).rows[0][0].as_int() == 1);
  // Deleting and re-inserting a key within one transaction is fine.
  must(db.delete_by_key(t, "users", {1}));
  must(db.insert(t, "users", {9, "a@x"}));
  must(db.commit(t));
  CHECK(db.committed_rows("users").size() == 1);
}

TEST_CASE("storage/sql: errors for an unknown table, a wrong type and a read-only transaction") {
  Database db;
  bank(db, {{1, 100}});
  TxnId t = begin(db);
  CHECK(db.insert(t, "nope", {1}).sqlstate() == "42P01");
  t = begin(db);
  CHECK(db.insert(t, "acct", {1, "lots", Value()}).sqlstate() == "42804");
  t = begin(db, Isolation::read_committed, true);
  Result r = db.select_by_key(t, "acct", {1}, LockClause{RowLockMode::update});
  CHECK(r.sqlstate() == "25006");
  CHECK(r.error.message == "cannot execute SELECT FOR UPDATE in a read-only transaction");
}
