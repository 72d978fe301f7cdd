// SERIALIZABLE: 13.2.3 "Serializable Isolation Level" (Serializable Snapshot Isolation).
#include "fixtures.hpp"

using namespace sql_test;

namespace {

void mytab(Database& db) {
  Schema s("mytab", {{"id", Type::int64}, {"class", Type::int64}, {"value", Type::int64}}, {"id"});
  must(db.create_table(s));
  TxnId t = begin(db);
  must(db.insert(t, "mytab", {1, 1, 10}));
  must(db.insert(t, "mytab", {2, 1, 20}));
  must(db.insert(t, "mytab", {3, 2, 100}));
  must(db.insert(t, "mytab", {4, 2, 200}));
  must(db.commit(t));
}

std::int64_t sum_class(Database& db, TxnId t, int cls) {
  std::int64_t total = 0;
  Result r = must(
      db.select_where(t, "mytab", [cls](const RowRef& row) { return row.i64("class") == cls; }));
  for (auto& row : r.rows) total += row[2].as_int();
  return total;
}

}  // namespace

TEST_CASE("storage/sql: serializable write skew fails the second committer with 40001") {
  // 13.2.3's example: A sums class 1 and inserts into class 2, B the reverse; "using
  // Serializable transactions will allow one transaction to commit and will roll back the
  // other with this message: could not serialize access due to read/write dependencies".
  // PostgreSQL dooms the pivot when the first commits; the other fails at its COMMIT.
  Database db;
  mytab(db);
  TxnId a = begin(db, Isolation::serializable), b = begin(db, Isolation::serializable);
  CHECK(sum_class(db, a, 1) == 30);
  CHECK(sum_class(db, b, 2) == 300);
  must(db.insert(a, "mytab", {5, 2, 30}));
  must(db.insert(b, "mytab", {6, 1, 300}));
  must(db.commit(a));
  Result r = db.commit(b);
  REQUIRE(r.failed());
  CHECK(r.sqlstate() == "40001");
  CHECK(r.error.message ==
        "could not serialize access due to read/write dependencies among transactions");
  CHECK(r.error.detail ==
        "Reason code: Canceled on identification as a pivot, during commit attempt.");
  CHECK(db.committed_rows("mytab").size() == 5);
  CHECK(db.open_transactions() == 0);  // a failed COMMIT ends the transaction
}

TEST_CASE("storage/sql: serializable write skew on updates (doctors on call)") {
  // The classic write skew of 13.2.3's discussion: each checks that someone else stays on
  // call, then goes off call. Same schedule under REPEATABLE READ leaves nobody on call.
  for (Isolation iso : {Isolation::repeatable_read, Isolation::serializable}) {
    CAPTURE(sql_name(iso));
    Database db;
    Schema s("doctors", {{"id", Type::int64}, {"on_call", Type::int64}}, {"id"});
    must(db.create_table(s));
    TxnId setup = begin(db);
    must(db.insert(setup, "doctors", {1, 1}));
    must(db.insert(setup, "doctors", {2, 1}));
    must(db.commit(setup));
    auto on_call = [](const RowRef& r) { return r.i64("on_call") == 1; };
    TxnId t1 = begin(db, iso), t2 = begin(db, iso);
    CHECK(must(db.select_where(t1, "doctors", on_call)).count == 2);
    CHECK(must(db.select_where(t2, "doctors", on_call)).count == 2);
    must(db.update_by_key(t1, "doctors", {1}, {set("on_call", 0)}));
    must(db.update_by_key(t2, "doctors", {2}, {set("on_call", 0)}));
    must(db.commit(t1));
    Result r = db.commit(t2);
    TxnId check = begin(db);
    std::int64_t left = must(db.select_where(check, "doctors", on_call)).count;
    must(db.commit(check));
    if (iso == Isolation::serializable) {
      CHECK(r.sqlstate() == "40001");
      CHECK(left == 1);
    } else {
      CHECK(r.ok());
      CHECK(left == 0);  // the anomaly
    }
  }
}

TEST_CASE("storage/sql: serializable read-only anomaly dooms the pivot") {
  // 13.2.3 notes a read-only transaction may see an anomaly at REPEATABLE READ; the receipts
  // example of Ports & Grittner (VLDB 2012, section 2.1.2): T1 inserts a receipt into the
  // current batch, T2 closes the batch, T3 (read-only) reports the closed batch without T1's
  // receipt. Under SSI T3's read makes T1 a pivot: T1 fails at commit.
  auto run = [](bool report) {
    Database db;
    must(db.create_table(Schema("control", {{"id", Type::int64}, {"batch", Type::int64}}, {"id"})));
    must(db.create_table(
        Schema("receipts", {{"id", Type::int64}, {"batch", Type::int64}, {"amount", Type::int64}},
               {"id"})));
    TxnId s = begin(db);
    must(db.insert(s, "control", {1, 1}));
    must(db.insert(s, "receipts", {1, 1, 100}));
    must(db.commit(s));
    TxnId t1 = begin(db, Isolation::serializable);
    std::int64_t batch = must(db.select_by_key(t1, "control", {1})).rows[0][1].as_int();
    must(db.insert(t1, "receipts", {2, batch, 50}));
    TxnId t2 = begin(db, Isolation::serializable);
    must(db.select_by_key(t2, "control", {1}));
    must(db.update_by_key(t2, "control", {1}, {add("batch", 1)}));
    must(db.commit(t2));
    if (report) {
      TxnId t3 = begin(db, Isolation::serializable, true);
      CHECK(must(db.select_by_key(t3, "control", {1})).rows[0][1].as_int() == 2);
      Result closed = must(
          db.select_where(t3, "receipts", [](const RowRef& r) { return r.i64("batch") == 1; }));
      CHECK(closed.count == 1);  // T1's receipt is not there
      must(db.commit(t3));
    }
    return db.commit(t1);
  };
  Result without_report = run(false);
  CHECK(without_report.ok());  // T1 -> T2 alone is serializable (T1 before T2)
  Result with_report = run(true);
  CHECK(with_report.sqlstate() == "40001");
  CHECK(with_report.error.detail ==
        "Reason code: Canceled on identification as a pivot, during commit attempt.");
}

TEST_CASE(
    "storage/sql: serializable insert of a key a concurrent transaction inserted fails 40001") {
  // Both read key 3 (absent) and insert it: the second waits for the first (unique index);
  // when the first commits, PostgreSQL (9.6 and later) reports the serialization failure the
  // unique violation would hide (13.5: retrying 23505 is otherwise the application's job).
  Database db;
  bank(db, {{1, 100}});
  TxnId t1 = begin(db, Isolation::serializable), t2 = begin(db, Isolation::serializable);
  CHECK(must(db.select_by_key(t1, "acct", {3})).count == 0);
  CHECK(must(db.select_by_key(t2, "acct", {3})).count == 0);
  must(db.insert(t1, "acct", {3, 5, Value()}));
  REQUIRE(db.insert(t2, "acct", {3, 6, Value()}).blocked());
  must(db.commit(t1));
  REQUIRE(woken(db) == std::vector<TxnId>{t2});
  CHECK(db.resume(t2).sqlstate() == "40001");
  // Under READ COMMITTED the same schedule is a plain unique violation.
  TxnId t3 = begin(db), t4 = begin(db);
  must(db.insert(t3, "acct", {4, 5, Value()}));
  REQUIRE(db.insert(t4, "acct", {4, 6, Value()}).blocked());
  must(db.commit(t3));
  REQUIRE(woken(db) == std::vector<TxnId>{t4});
  CHECK(db.resume(t4).sqlstate() == "23505");
}

TEST_CASE("storage/sql: a doomed serializable transaction fails at its next read") {
  // predicate.c's rule, as documented in the SSI paper: the pivot is marked and fails at its
  // next read that checks conflicts ("during conflict out checking").
  Database db;
  mytab(db);
  TxnId a = begin(db, Isolation::serializable), b = begin(db, Isolation::serializable);
  sum_class(db, a, 1);
  sum_class(db, b, 2);
  must(db.insert(a, "mytab", {5, 2, 30}));
  must(db.insert(b, "mytab", {6, 1, 300}));
  must(db.commit(a));
  Result r = db.select_by_key(b, "mytab", {1});
  CHECK(r.sqlstate() == "40001");
  CHECK(r.error.detail ==
        "Reason code: Canceled on identification as a pivot, during conflict out checking.");
}

TEST_CASE("storage/sql: serializable transactions without a cycle both commit") {
  // Only dangerous structures fail: disjoint key reads and writes are serializable.
  Database db;
  bank(db, {{1, 100}, {2, 100}});
  TxnId t1 = begin(db, Isolation::serializable), t2 = begin(db, Isolation::serializable);
  must(db.select_by_key(t1, "acct", {1}));
  must(db.select_by_key(t2, "acct", {2}));
  must(db.update_by_key(t1, "acct", {1}, {add("bal", 1)}));
  must(db.update_by_key(t2, "acct", {2}, {add("bal", 1)}));
  must(db.commit(t1));
  must(db.commit(t2));
  // A one-way dependency (t3 reads what t4 writes) is serializable too: t3 before t4.
  TxnId t3 = begin(db, Isolation::serializable), t4 = begin(db, Isolation::serializable);
  must(db.select_by_key(t3, "acct", {1}));
  must(db.update_by_key(t4, "acct", {1}, {add("bal", 1)}));
  must(db.commit(t4));
  must(db.select_by_key(t3, "acct", {2}));
  must(db.commit(t3));
  CHECK(balance(db, 1) == 102);
}
