// READ COMMITTED, PostgreSQL's default: 13.2.1 "Read Committed Isolation Level".
#include "fixtures.hpp"

using namespace sql_test;

TEST_CASE("storage/sql: read committed read-then-write loses an update") {
  // 13.2.1: each statement sees data committed before it began; the second UPDATE waits for
  // the first updater, then applies its client-computed value to the updated row: lost update.
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db), t2 = begin(db);
  CHECK(bal_of(must(db.select_by_key(t1, "acct", {1}))) == 100);
  CHECK(bal_of(must(db.select_by_key(t2, "acct", {1}))) == 100);
  must(db.update_by_key(t1, "acct", {1}, {set("bal", 90)}));
  Result r = db.update_by_key(t2, "acct", {1}, {set("bal", 80)});
  REQUIRE(r.blocked());
  CHECK(r.waiting_for == t1);
  CHECK(woken(db).empty());
  must(db.commit(t1));
  CHECK(woken(db) == std::vector<TxnId>{t2});
  CHECK(must(db.resume(t2)).tag == "UPDATE 1");
  must(db.commit(t2));
  CHECK(balance(db, 1) == 80);  // t1's withdrawal of 10 is lost
}

TEST_CASE("storage/sql: SELECT FOR UPDATE prevents the lost update") {
  // 13.3.2 Row-Level Locks: FOR UPDATE makes the second locker wait; 13.2.1: when the first
  // commits, the waiter's SELECT FOR UPDATE returns the updated version of the row.
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db), t2 = begin(db);
  LockClause for_update{RowLockMode::update};
  CHECK(bal_of(must(db.select_by_key(t1, "acct", {1}, for_update))) == 100);
  Result r = db.select_by_key(t2, "acct", {1}, for_update);
  REQUIRE(r.blocked());
  must(db.update_by_key(t1, "acct", {1}, {set("bal", 90)}));
  must(db.commit(t1));
  REQUIRE(woken(db) == std::vector<TxnId>{t2});
  CHECK(bal_of(must(db.resume(t2))) == 90);  // sees the new value
  must(db.update_by_key(t2, "acct", {1}, {set("bal", 80)}));
  must(db.commit(t2));
  CHECK(balance(db, 1) == 80);  // 100 - 10 - 10
}

TEST_CASE("storage/sql: a version column prevents the lost update (optimistic locking)") {
  // UPDATE ... WHERE id = $1 AND version = $2: after waiting, 13.2.1's re-evaluation of the
  // WHERE clause on the updated row finds version 2, so the second update affects 0 rows.
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db), t2 = begin(db);
  auto seen = must(db.select_by_key(t1, "acct", {1})).rows[0];
  CHECK(seen[2].as_int() == 1);
  CHECK(must(db.select_by_key(t2, "acct", {1})).rows[0][2].as_int() == 1);
  CHECK(must(db.update_by_key(t1, "acct", {1}, {set("bal", 90)}, 1)).count == 1);
  REQUIRE(db.update_by_key(t2, "acct", {1}, {set("bal", 80)}, 1).blocked());
  must(db.commit(t1));
  REQUIRE(woken(db) == std::vector<TxnId>{t2});
  Result r = must(db.resume(t2));
  CHECK(r.tag == "UPDATE 0");  // the client sees the conflict and retries
  must(db.commit(t2));
  CHECK(balance(db, 1) == 90);
  TxnId t3 = begin(db);
  CHECK(must(db.select_by_key(t3, "acct", {1})).rows[0][2].as_int() == 2);
  CHECK(must(db.update_by_key(t3, "acct", {1}, {add("bal", -10)}, 2)).count == 1);
  must(db.commit(t3));
  CHECK(balance(db, 1) == 80);
}

TEST_CASE("storage/sql: read committed UPDATE SET bal = bal - 10 re-evaluates on the new row") {
  // 13.2.1: "the second updater ... will attempt to apply its operation to the updated version
  // of the row", so an expression on the row itself loses nothing.
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db), t2 = begin(db);
  must(db.update_by_key(t1, "acct", {1}, {add("bal", -10)}));
  REQUIRE(db.update_by_key(t2, "acct", {1}, {add("bal", -10)}).blocked());
  must(db.commit(t1));
  REQUIRE(woken(db) == std::vector<TxnId>{t2});
  CHECK(bal_of(must(db.resume(t2))) == 80);  // RETURNING the new row
  must(db.commit(t2));
  CHECK(balance(db, 1) == 80);
}

TEST_CASE("storage/sql: read committed re-checks the WHERE clause and keeps its snapshot") {
  // 13.2.1's website example: hits 9 and 10; UPDATE website SET hits = hits + 1 runs while
  // DELETE FROM website WHERE hits = 10 waits. The DELETE has no effect: the row it found
  // now has hits 11, and the row that became 10 was not in its snapshot.
  Database db;
  Schema site("website", {{"id", Type::int64}, {"hits", Type::int64}}, {"id"});
  must(db.create_table(site));
  TxnId setup = begin(db);
  must(db.insert(setup, "website", {1, 9}));
  must(db.insert(setup, "website", {2, 10}));
  must(db.commit(setup));
  TxnId t1 = begin(db), t2 = begin(db);
  CHECK(must(db.update_where(t1, "website", [](const RowRef&) { return true; }, {add("hits", 1)}))
            .count == 2);
  Result r =
      db.delete_where(t2, "website", [](const RowRef& row) { return row.i64("hits") == 10; });
  REQUIRE(r.blocked());
  must(db.commit(t1));
  REQUIRE(woken(db) == std::vector<TxnId>{t2});
  CHECK(must(db.resume(t2)).tag == "DELETE 0");
  must(db.commit(t2));
  CHECK(db.committed_rows("website").size() == 2);
}

TEST_CASE("storage/sql: a waiter skips a row the first updater deleted, uses it if it aborted") {
  // 13.2.1: "the second updater will ignore the row if the first updater deleted it"; "If the
  // first updater rolls back, then its effects are negated and the second updater can proceed".
  Database db;
  bank(db, {{1, 100}, {2, 100}});
  TxnId t1 = begin(db), t2 = begin(db);
  must(db.delete_by_key(t1, "acct", {1}));
  must(db.update_by_key(t1, "acct", {2}, {set("bal", 0)}));
  REQUIRE(db.update_by_key(t2, "acct", {1}, {add("bal", 1)}).blocked());
  must(db.commit(t1));
  REQUIRE(woken(db) == std::vector<TxnId>{t2});
  CHECK(must(db.resume(t2)).tag == "UPDATE 0");
  must(db.commit(t2));
  CHECK(balance(db, 1) == std::nullopt);

  TxnId t3 = begin(db), t4 = begin(db);
  must(db.update_by_key(t3, "acct", {2}, {set("bal", 50)}));
  REQUIRE(db.update_by_key(t4, "acct", {2}, {add("bal", 7)}).blocked());
  must(db.rollback(t3));
  REQUIRE(woken(db) == std::vector<TxnId>{t4});
  CHECK(bal_of(must(db.resume(t4))) == 7);
  must(db.commit(t4));
}

TEST_CASE("storage/sql: read committed sees other commits between its statements") {
  // 13.2.1: "two successive SELECT commands can see different data, even though they are
  // within a single transaction" (a non-repeatable read); uncommitted data is never seen.
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db), t2 = begin(db);
  CHECK(bal_of(must(db.select_by_key(t1, "acct", {1}))) == 100);
  must(db.update_by_key(t2, "acct", {1}, {set("bal", 50)}));
  CHECK(bal_of(must(db.select_by_key(t1, "acct", {1}))) == 100);  // no dirty read
  must(db.commit(t2));
  CHECK(bal_of(must(db.select_by_key(t1, "acct", {1}))) == 50);
  must(db.commit(t1));
}
