// Work counters the hosting service charges (README.md "Cost model").
#include "fixtures.hpp"

using namespace sql_test;

TEST_CASE("storage/sql: B-tree levels grow as log_fanout(keys)") {
  BTreeModel tree{4};
  CHECK(tree.levels(1) == 1);
  CHECK(tree.levels(4) == 1);
  CHECK(tree.levels(5) == 2);
  CHECK(tree.levels(16) == 2);
  CHECK(tree.levels(17) == 3);
  CHECK(tree.leaf_pages(9) == 3);

  Database db(DatabaseOptions{.btree_fanout = 4});
  bank(db, {});
  TxnId t = begin(db);
  for (int id = 1; id <= 17; ++id) must(db.insert(t, "acct", {id, 1, Value()}));
  must(db.commit(t));
  t = begin(db);
  Result lookup = must(db.select_by_key(t, "acct", {9}));
  CHECK(lookup.work.btree_pages == 3);
  CHECK(lookup.work.rows_read == 1);
  Result range = must(db.select_where(
      t, "acct", [](const RowRef&) { return true; }, std::nullopt, KeyRange{Key{3}, Key{10}}));
  CHECK(range.count == 8);
  CHECK(range.work.btree_pages == 3 + 2);  // descent, then 8 entries on 2 leaf pages
  must(db.commit(t));
}

TEST_CASE("storage/sql: a writing commit costs one fsync, a read-only one none") {
  // Only a transaction that was assigned an xid (it wrote or locked rows) writes and flushes a
  // commit record (synchronous_commit = on).
  Database db;
  bank(db, {{1, 100}});
  TxnId reader = begin(db);
  must(db.select_by_key(reader, "acct", {1}));
  Result c = must(db.commit(reader));
  CHECK(c.work.fsyncs == 0);
  CHECK(c.work.wal_bytes == 0);

  TxnId writer = begin(db);
  Result w = must(db.insert(writer, "acct", {2, 5, Value()}));
  CHECK(w.work.rows_written == 1);
  CHECK(w.work.index_entries == 1);
  CHECK(w.work.wal_bytes > 0);
  c = must(db.commit(writer));
  CHECK(c.work.fsyncs == 1);
  CHECK(c.work.wal_bytes > 0);

  TxnId locker = begin(db);
  CHECK(must(db.select_by_key(locker, "acct", {1}, LockClause{})).work.rows_locked == 1);
  CHECK(must(db.commit(locker)).work.fsyncs == 1);
}

TEST_CASE("storage/sql: a HOT update writes no index entry, a key update one per index") {
  // "Heap-Only Tuples (HOT)" (Database Physical Storage chapter): no new index entries when no
  // indexed column changes.
  Database db;
  Schema users("users", {{"id", Type::int64}, {"email", Type::text}, {"n", Type::int64}}, {"id"});
  users.unique({"email"});
  must(db.create_table(users));
  TxnId t = begin(db);
  CHECK(must(db.insert(t, "users", {1, "a", 0})).work.index_entries == 2);
  CHECK(must(db.update_by_key(t, "users", {1}, {add("n", 1)})).work.index_entries == 0);
  CHECK(must(db.update_by_key(t, "users", {1}, {set("email", "b")})).work.index_entries == 2);
  must(db.commit(t));
}

// Five updates of one row while an older REPEATABLE READ snapshot still sees its first
// version: nothing is dead yet, so the row has six versions.
static void five_updates_under_an_old_snapshot(Database& db) {
  bank(db, {{1, 100}});
  TxnId old = begin(db, Isolation::repeatable_read);
  CHECK(bal_of(must(db.select_by_key(old, "acct", {1}))) == 100);
  for (int i = 0; i < 5; ++i) {
    TxnId t = begin(db);
    must(db.update_by_key(t, "acct", {1}, {add("bal", 1)}));
    must(db.commit(t));
  }
  Result seen = must(db.select_by_key(old, "acct", {1}));
  CHECK(bal_of(seen) == 100);
  CHECK(seen.work.rows_read == 6);  // nothing pruned: every old version is still needed
  CHECK(db.table("acct").heap().size() == 6);
  must(db.commit(old));
}

TEST_CASE("storage/sql: dead versions cost full scans until vacuum removes them") {
  Database db(DatabaseOptions{.autovacuum_threshold = 1000000});
  five_updates_under_an_old_snapshot(db);
  auto all = [](const RowRef&) { return true; };
  TxnId t = begin(db);
  CHECK(must(db.select_where(t, "acct", all)).work.rows_read == 6);  // a heap scan prunes nothing
  CHECK(must(db.select_where(t, "acct", all)).work.rows_read == 6);
  must(db.commit(t));
  Work v = db.vacuum();
  CHECK(v.rows_written == 5);
  t = begin(db);
  CHECK(must(db.select_where(t, "acct", all)).work.rows_read == 1);
  CHECK(bal_of(must(db.select_by_key(t, "acct", {1}))) == 105);
  must(db.commit(t));
}

TEST_CASE("storage/sql: a key lookup prunes the row's versions no snapshot sees") {
  // "Heap-Only Tuples (HOT)": old versions of updated rows are removed during normal
  // operation, SELECTs included, without waiting for VACUUM. So a row updated many times costs
  // a lookup its live version, not its history.
  Database db(DatabaseOptions{.autovacuum_threshold = 1000000});
  five_updates_under_an_old_snapshot(db);
  TxnId t = begin(db);
  Result first = must(db.select_by_key(t, "acct", {1}));
  CHECK(bal_of(first) == 105);
  CHECK(first.work.rows_read == 6);     // the five dead versions read once more, then removed
  CHECK(first.work.rows_written == 5);  // (a prune record: VACUUM's cost for them)
  CHECK(first.work.wal_bytes > 0);
  CHECK(db.table("acct").heap().size() == 1);
  CHECK(must(db.select_by_key(t, "acct", {1})).work.rows_read == 1);
  must(db.commit(t));
  // Each update after that leaves one dead version, which the next one prunes.
  for (int i = 0; i < 100; ++i) {
    TxnId u = begin(db);
    CHECK(must(db.update_by_key(u, "acct", {1}, {add("bal", 1)})).work.rows_read <= 2);
    must(db.commit(u));
  }
  CHECK(db.table("acct").heap().size() == 2);
  t = begin(db);
  CHECK(bal_of(must(db.select_by_key(t, "acct", {1}))) == 205);
  must(db.commit(t));
}

TEST_CASE("storage/sql: vacuum keeps versions an open snapshot still sees") {
  Database db(DatabaseOptions{.autovacuum_threshold = 0, .autovacuum_scale_factor = 0});
  bank(db, {{1, 100}});
  TxnId old = begin(db, Isolation::repeatable_read);
  CHECK(bal_of(must(db.select_by_key(old, "acct", {1}))) == 100);
  for (int i = 0; i < 3; ++i) {
    TxnId t = begin(db);
    must(db.update_by_key(t, "acct", {1}, {add("bal", 1)}));
    must(db.commit(t));  // autovacuum runs after every commit here
  }
  CHECK(bal_of(must(db.select_by_key(old, "acct", {1}))) == 100);
  must(db.commit(old));
  db.vacuum();
  CHECK(db.table("acct").heap().size() == 1);
  CHECK(db.take_background_work().rows_read > 0);
}
