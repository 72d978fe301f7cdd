// Row locks, waiting and deadlocks: 13.3.2 "Row-Level Locks", 13.3.4 "Deadlocks".
#include "fixtures.hpp"

using namespace sql_test;

TEST_CASE("storage/sql: deadlock is detected and the transaction closing the cycle gets 40P01") {
  // 13.3.4's example: transaction one updates 11111 then 22222, transaction two the reverse.
  // "PostgreSQL automatically detects deadlock situations and resolves them by aborting one of
  // the transactions involved"; with waits begun more than deadlock_timeout apart, it is the
  // one whose wait completes the cycle. The other one then proceeds.
  Database db;
  bank(db, {{11111, 500}, {22222, 500}});
  TxnId one = begin(db), two = begin(db);
  must(db.update_by_key(one, "acct", {11111}, {add("bal", 100)}));
  must(db.update_by_key(two, "acct", {22222}, {add("bal", 100)}));
  Result r = db.update_by_key(two, "acct", {11111}, {add("bal", -100)});
  REQUIRE(r.blocked());
  CHECK(db.waiting_for(two) == one);
  r = db.update_by_key(one, "acct", {22222}, {add("bal", -100)});
  REQUIRE(r.failed());
  CHECK(r.sqlstate() == "40P01");
  CHECK(r.error.message == "deadlock detected");
  CHECK(r.error.detail.find("waits for ShareLock on transaction") != std::string::npos);
  REQUIRE(woken(db) == std::vector<TxnId>{two});  // the victim's locks are released at once
  CHECK(must(db.resume(two)).tag == "UPDATE 1");
  CHECK(must(db.commit(one)).tag == "ROLLBACK");
  must(db.commit(two));
  CHECK(balance(db, 11111) == 400);
  CHECK(balance(db, 22222) == 600);
}

TEST_CASE("storage/sql: waiters for one row queue on its tuple lock") {
  // 13.3.2: FOR UPDATE "prevents them from being locked, modified or deleted by other
  // transactions until the current transaction ends". Waiters queue: the first waits for the
  // holder, the next for the first (the tuple lock), so they get the row in arrival order.
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db), t2 = begin(db), t3 = begin(db);
  must(db.update_by_key(t1, "acct", {1}, {add("bal", 1)}));
  CHECK(db.update_by_key(t2, "acct", {1}, {add("bal", 10)}).waiting_for == t1);
  CHECK(db.update_by_key(t3, "acct", {1}, {add("bal", 100)}).waiting_for == t2);
  must(db.commit(t1));
  REQUIRE(woken(db) == std::vector<TxnId>{t2});  // only the head of the queue
  CHECK(bal_of(must(db.resume(t2))) == 111);
  REQUIRE(woken(db) == std::vector<TxnId>{t3});  // t2 left the tuple lock, now holds the row
  Result r = db.resume(t3);
  REQUIRE(r.blocked());
  CHECK(r.waiting_for == t2);
  must(db.commit(t2));
  REQUIRE(woken(db) == std::vector<TxnId>{t3});
  CHECK(bal_of(must(db.resume(t3))) == 211);
  must(db.commit(t3));
}

TEST_CASE("storage/sql: a deadlock through the tuple-lock queue") {
  // t2 waits for t1 on row 1; t1 waits for t3 on row 3; t3 asks for row 1 and queues behind
  // t2, which closes t3 -> t2 -> t1 -> t3: t3 is the victim.
  Database db;
  bank(db, {{1, 100}, {3, 100}});
  TxnId t1 = begin(db), t2 = begin(db), t3 = begin(db);
  must(db.update_by_key(t1, "acct", {1}, {add("bal", 1)}));
  must(db.update_by_key(t3, "acct", {3}, {add("bal", 1)}));
  REQUIRE(db.update_by_key(t2, "acct", {1}, {add("bal", 1)}).blocked());
  REQUIRE(db.update_by_key(t1, "acct", {3}, {add("bal", 1)}).blocked());
  Result r = db.select_by_key(t3, "acct", {1}, LockClause{RowLockMode::update});
  CHECK(r.sqlstate() == "40P01");
  CHECK(r.error.detail.find("ExclusiveLock on tuple") != std::string::npos);
  REQUIRE(woken(db) == std::vector<TxnId>{t1});
  must(db.resume(t1));
}

TEST_CASE("storage/sql: share locks are compatible, FOR UPDATE waits for each sharer in turn") {
  // Table 13.3 "Conflicting Row-Level Locks": FOR SHARE conflicts with FOR NO KEY UPDATE and
  // FOR UPDATE, not with FOR SHARE or FOR KEY SHARE.
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db), t2 = begin(db), t3 = begin(db), t4 = begin(db);
  LockClause share{RowLockMode::share};
  must(db.select_by_key(t1, "acct", {1}, share));
  must(db.select_by_key(t2, "acct", {1}, share));
  must(db.select_by_key(t4, "acct", {1}, LockClause{RowLockMode::key_share}));
  CHECK(db.update_by_key(t3, "acct", {1}, {add("bal", 1)}).waiting_for == t1);
  must(db.commit(t1));
  REQUIRE(woken(db) == std::vector<TxnId>{t3});
  CHECK(db.resume(t3).waiting_for == t2);  // the next sharer
  must(db.rollback(t2));
  REQUIRE(woken(db) == std::vector<TxnId>{t3});
  CHECK(must(db.resume(t3)).count == 1);  // key share does not block a non-key update
  must(db.commit(t3));
  must(db.commit(t4));
}

TEST_CASE("storage/sql: NOWAIT fails with 55P03 and SKIP LOCKED skips the row") {
  // SELECT reference, "The Locking Clause": with NOWAIT "the statement reports an error,
  // rather than waiting"; with SKIP LOCKED "any selected rows that cannot be immediately
  // locked are skipped".
  Database db;
  bank(db, {{1, 100}, {2, 100}, {3, 100}});
  TxnId t1 = begin(db), t2 = begin(db), t3 = begin(db);
  must(db.select_by_key(t1, "acct", {2}, LockClause{RowLockMode::update}));
  Result skipped = must(db.select_where(
      t2, "acct", [](const RowRef&) { return true; },
      LockClause{RowLockMode::update, WaitPolicy::skip_locked}));
  REQUIRE(skipped.count == 2);
  CHECK(skipped.rows[0][0].as_int() == 1);
  CHECK(skipped.rows[1][0].as_int() == 3);
  Result r = db.select_by_key(t3, "acct", {2}, LockClause{RowLockMode::share, WaitPolicy::nowait});
  CHECK(r.sqlstate() == "55P03");
  CHECK(r.error.message == "could not obtain lock on row in relation \"acct\"");
}

TEST_CASE("storage/sql: cancel ends a wait with 57014, or 55P03 for a lock timeout") {
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db), t2 = begin(db), t3 = begin(db);
  must(db.update_by_key(t1, "acct", {1}, {add("bal", 1)}));
  REQUIRE(db.update_by_key(t2, "acct", {1}, {add("bal", 1)}).blocked());
  CHECK(db.cancel(t2).sqlstate() == "57014");
  REQUIRE(db.update_by_key(t3, "acct", {1}, {add("bal", 1)}).blocked());
  Result r = db.cancel(t3, true);
  CHECK(r.sqlstate() == "55P03");
  CHECK(r.error.message == "canceling statement due to lock timeout");
  TxnId t4 = begin(db);
  REQUIRE(db.update_by_key(t4, "acct", {1}, {add("bal", 1)}).blocked());
  CHECK(must(db.rollback(t4)).tag == "ROLLBACK");  // a client that disconnects while waiting
  must(db.commit(t1));
  CHECK(woken(db).empty());  // nobody is waiting any more
  CHECK(db.open_transactions() == 2);  // the cancelled ones stay open, failed, until ended
  CHECK(must(db.commit(t2)).tag == "ROLLBACK");
  must(db.rollback(t3));
  CHECK(db.open_transactions() == 0);
}
