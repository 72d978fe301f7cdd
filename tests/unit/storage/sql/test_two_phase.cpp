// Two-phase commit: PREPARE TRANSACTION ("the transaction ... is stored permanently on disk ...
// it will survive a database crash"), COMMIT PREPARED, ROLLBACK PREPARED.
#include "fixtures.hpp"

using namespace sql_test;

TEST_CASE("storage/sql: a prepared transaction survives a crash and commits from another session") {
  Database db;
  bank(db, {{1, 100}, {2, 100}});
  TxnId t1 = begin(db);
  must(db.update_by_key(t1, "acct", {1}, {add("bal", -30)}));
  CHECK(must(db.prepare(t1, "pay-42")).tag == "PREPARE TRANSACTION");
  TxnId open = begin(db);
  must(db.update_by_key(open, "acct", {2}, {add("bal", 30)}));
  TxnId done = begin(db);
  must(db.insert(done, "acct", {3, 7, Value()}));
  must(db.commit(done));

  CrashReport report = db.crash();
  CHECK(report.transactions_lost == 1);
  CHECK(report.prepared_kept == 1);
  CHECK(db.prepared() == std::vector<std::string>{"pay-42"});
  CHECK(balance(db, 3) == 7);    // committed: durable (synchronous_commit = on)
  CHECK(balance(db, 2) == 100);  // the open transaction was rolled back
  CHECK(balance(db, 1) == 100);  // prepared, not yet committed: in doubt, invisible
  Result r = must(db.commit_prepared("pay-42"));
  CHECK(r.tag == "COMMIT PREPARED");
  CHECK(r.work.fsyncs == 1);
  CHECK(balance(db, 1) == 70);
  CHECK(db.commit_prepared("pay-42").sqlstate() == "42704");
}

TEST_CASE("storage/sql: a prepared transaction keeps its row locks across a crash") {
  // Its locks stay until COMMIT/ROLLBACK PREPARED; a writer of the same row waits, then
  // (READ COMMITTED) applies its change to the committed version.
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db);
  must(db.update_by_key(t1, "acct", {1}, {add("bal", -30)}));
  must(db.prepare(t1, "g1"));
  db.crash();
  TxnId t2 = begin(db);
  Result r = db.update_by_key(t2, "acct", {1}, {add("bal", -5)});
  REQUIRE(r.blocked());
  CHECK(r.waiting_for == t1);
  must(db.commit_prepared("g1"));
  REQUIRE(woken(db) == std::vector<TxnId>{t2});
  CHECK(bal_of(must(db.resume(t2))) == 65);
  must(db.commit(t2));

  TxnId t3 = begin(db);
  must(db.select_by_key(t3, "acct", {1}, LockClause{RowLockMode::share}));
  must(db.prepare(t3, "g2"));
  db.crash();
  TxnId t4 = begin(db);
  REQUIRE(db.delete_by_key(t4, "acct", {1}).blocked());  // FOR SHARE survived too
  CHECK(must(db.rollback_prepared("g2")).tag == "ROLLBACK PREPARED");
  REQUIRE(woken(db) == std::vector<TxnId>{t4});
  CHECK(must(db.resume(t4)).count == 1);
}

TEST_CASE("storage/sql: PREPARE TRANSACTION errors and a failed transaction's PREPARE") {
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db), t2 = begin(db);
  must(db.prepare(t1, "x"));
  Result r = db.prepare(t2, "x");
  CHECK(r.sqlstate() == "42710");
  CHECK(r.error.message == "transaction identifier \"x\" is already in use");
  CHECK(db.open_transactions() == 1);  // the failed PREPARE rolled t2 back
  must(db.rollback_prepared("x"));

  TxnId t3 = begin(db);
  CHECK(db.insert(t3, "acct", {1, 1, Value()}).sqlstate() == "23505");
  CHECK(must(db.prepare(t3, "y")).tag == "ROLLBACK");  // psql: PREPARE in a failed block
  CHECK(db.prepared().empty());

  Database disabled(DatabaseOptions{.max_prepared_transactions = 0});
  TxnId t4 = begin(disabled);
  CHECK(disabled.prepare(t4, "z").sqlstate() == "55000");
}

TEST_CASE("storage/sql: a crash loses open transactions and their waits, never a commit") {
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db), t2 = begin(db);
  must(db.update_by_key(t1, "acct", {1}, {set("bal", 1)}));
  REQUIRE(db.update_by_key(t2, "acct", {1}, {set("bal", 2)}).blocked());
  CrashReport report = db.crash();
  CHECK(report.transactions_lost == 2);
  CHECK(report.statements_interrupted == 1);
  CHECK(db.open_transactions() == 0);
  CHECK(balance(db, 1) == 100);
  TxnId t3 = begin(db);
  must(db.update_by_key(t3, "acct", {1}, {set("bal", 3)}));  // no lock left behind
  must(db.commit(t3));
  db.crash();
  CHECK(balance(db, 1) == 3);
}

TEST_CASE("storage/sql: a prepared serializable pivot is never doomed") {
  // predicate.c's commit check: a pivot T2 (T1 ->rw T2 ->rw T3) that is already prepared
  // "can't be killed", so T3 fails instead ("conflict in from prepared pivot").
  Database db;
  bank(db, {{1, 100}, {2, 100}});
  TxnId t1 = begin(db, Isolation::serializable), t2 = begin(db, Isolation::serializable),
        t3 = begin(db, Isolation::serializable);
  must(db.select_by_key(t1, "acct", {1}));                   // T1 reads A
  must(db.select_by_key(t2, "acct", {2}));                   // T2 reads B
  must(db.update_by_key(t2, "acct", {1}, {add("bal", 1)}));  // T1 ->rw T2
  must(db.update_by_key(t3, "acct", {2}, {add("bal", 1)}));  // T2 ->rw T3
  must(db.prepare(t2, "pivot"));
  Result r = db.commit(t3);
  CHECK(r.sqlstate() == "40001");
  CHECK(r.error.detail ==
        "Reason code: Canceled on commit attempt with conflict in from prepared pivot.");
  must(db.commit_prepared("pivot"));
  must(db.commit(t1));
}
