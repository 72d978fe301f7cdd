// REPEATABLE READ: 13.2.2 "Repeatable Read Isolation Level".
#include "fixtures.hpp"

using namespace sql_test;

TEST_CASE("storage/sql: repeatable read fails a concurrent update with 40001") {
  // 13.2.2: "if the first updater commits (and actually updated or deleted the row, not just
  // locked it) then the repeatable read transaction will be rolled back with the message
  // ERROR: could not serialize access due to concurrent update".
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db, Isolation::repeatable_read);
  CHECK(bal_of(must(db.select_by_key(t1, "acct", {1}))) == 100);
  TxnId t2 = begin(db);
  must(db.update_by_key(t2, "acct", {1}, {add("bal", -10)}));
  must(db.commit(t2));
  Result r = db.update_by_key(t1, "acct", {1}, {add("bal", -20)});
  REQUIRE(r.failed());
  CHECK(r.sqlstate() == "40001");
  CHECK(r.error.message == "could not serialize access due to concurrent update");
  CHECK(db.select_by_key(t1, "acct", {1}).sqlstate() == "25P02");
  CHECK(must(db.commit(t1)).tag == "ROLLBACK");
  CHECK(balance(db, 1) == 90);  // the read-then-write of t1 cannot lose t2's update
}

TEST_CASE("storage/sql: repeatable read waits for an in-progress updater, then fails or proceeds") {
  // 13.2.2: the repeatable read transaction "will wait for the first updating transaction to
  // commit or roll back"; on rollback it proceeds with the row it found.
  Database db;
  bank(db, {{1, 100}, {2, 100}});
  TxnId t1 = begin(db, Isolation::repeatable_read), t2 = begin(db);
  must(db.select_where(t1, "acct", [](const RowRef&) { return true; }));
  must(db.update_by_key(t2, "acct", {1}, {set("bal", 1)}));
  must(db.delete_by_key(t2, "acct", {2}));
  Result r = db.select_by_key(t1, "acct", {2}, LockClause{RowLockMode::share});
  REQUIRE(r.blocked());
  CHECK(r.waiting_for == t2);
  must(db.commit(t2));
  REQUIRE(woken(db) == std::vector<TxnId>{t1});
  r = db.resume(t1);
  CHECK(r.sqlstate() == "40001");
  CHECK(r.error.message == "could not serialize access due to concurrent delete");

  TxnId t3 = begin(db, Isolation::repeatable_read), t4 = begin(db);
  must(db.select_by_key(t3, "acct", {1}));
  must(db.update_by_key(t4, "acct", {1}, {set("bal", 2)}));
  REQUIRE(db.update_by_key(t3, "acct", {1}, {add("bal", 10)}).blocked());
  must(db.rollback(t4));
  REQUIRE(woken(db) == std::vector<TxnId>{t3});
  CHECK(bal_of(must(db.resume(t3))) == 11);
  must(db.commit(t3));
}

TEST_CASE("storage/sql: repeatable read tolerates a row that was only locked") {
  // 13.2.2: only a committed update or delete fails the transaction, "not just locked it".
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db, Isolation::repeatable_read), t2 = begin(db);
  must(db.select_by_key(t1, "acct", {1}));
  must(db.select_by_key(t2, "acct", {1}, LockClause{RowLockMode::update}));
  REQUIRE(db.update_by_key(t1, "acct", {1}, {add("bal", 5)}).blocked());
  must(db.commit(t2));
  REQUIRE(woken(db) == std::vector<TxnId>{t1});
  CHECK(bal_of(must(db.resume(t1))) == 105);
  must(db.commit(t1));
}

TEST_CASE("storage/sql: repeatable read snapshot starts at the first statement, not at BEGIN") {
  // 13.2.2: it "sees a snapshot as of the start of the first non-transaction-control
  // statement in the transaction", and then the same data on every read.
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db, Isolation::repeatable_read);
  TxnId t2 = begin(db);
  must(db.update_by_key(t2, "acct", {1}, {set("bal", 50)}));
  must(db.commit(t2));
  CHECK(bal_of(must(db.select_by_key(t1, "acct", {1}))) == 50);
  TxnId t3 = begin(db);
  must(db.update_by_key(t3, "acct", {1}, {set("bal", 25)}));
  must(db.insert(t3, "acct", {2, 1, Value()}));
  must(db.commit(t3));
  CHECK(bal_of(must(db.select_by_key(t1, "acct", {1}))) == 50);  // repeatable
  CHECK(must(db.select_where(t1, "acct", [](const RowRef&) { return true; })).count ==
        1);  // no phantom
  must(db.commit(t1));
}

TEST_CASE("storage/sql: repeatable read allows write skew") {
  // 13.2.3 contrasts: "If either transaction were running at the Repeatable Read isolation
  // level, both would be allowed to commit" (the mytab class/value example).
  Database db;
  Schema mytab("mytab", {{"id", Type::int64}, {"class", Type::int64}, {"value", Type::int64}},
               {"id"});
  must(db.create_table(mytab));
  TxnId s = begin(db);
  must(db.insert(s, "mytab", {1, 1, 10}));
  must(db.insert(s, "mytab", {2, 1, 20}));
  must(db.insert(s, "mytab", {3, 2, 100}));
  must(db.insert(s, "mytab", {4, 2, 200}));
  must(db.commit(s));
  auto sum = [&](TxnId t, int cls) {
    std::int64_t total = 0;
    for (auto& row : must(db.select_where(t, "mytab", [cls](const RowRef& r) {
                       return r.i64("class") == cls;
                     })).rows)
      total += row[2].as_int();
    return total;
  };
  TxnId a = begin(db, Isolation::repeatable_read), b = begin(db, Isolation::repeatable_read);
  CHECK(sum(a, 1) == 30);
  CHECK(sum(b, 2) == 300);
  must(db.insert(a, "mytab", {5, 2, 30}));
  must(db.insert(b, "mytab", {6, 1, 300}));
  must(db.commit(a));
  must(db.commit(b));
  CHECK(db.committed_rows("mytab").size() == 6);
}
