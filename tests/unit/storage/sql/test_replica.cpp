// A single-leader streaming replica (27.2 "Log-Shipping Standby Servers", 27.4 "Hot
// Standby"): asynchronous, so the standby lags and a failover loses the unreplayed commits.
#include "fixtures.hpp"
#include "sim/storage/sql/replica.hpp"

using namespace sql_test;

TEST_CASE("storage/sql: a replica lags the leader by the commits not yet replayed") {
  Database leader;
  bank(leader, {{1, 100}});
  Replica replica(leader);
  replica.replicate_all();
  CHECK(balance(replica.database(), 1) == 100);

  TxnId t = begin(leader);
  must(leader.update_by_key(t, "acct", {1}, {set("bal", 90)}));
  Lsn first = must(leader.commit(t)).lsn;
  t = begin(leader);
  must(leader.insert(t, "acct", {2, 5, Value()}));
  Lsn second = must(leader.commit(t)).lsn;
  CHECK(second > first);

  CHECK(balance(replica.database(), 1) == 100);  // reads on the standby lag
  FailoverLoss loss = replica.failover_loss();
  CHECK(loss.transactions == 2);
  CHECK(loss.row_changes == 2);
  CHECK(loss.wal_bytes > 0);
  CHECK(replica.lag_bytes() >= static_cast<Lsn>(loss.wal_bytes));

  Work applied = replica.replicate_until(first);
  CHECK(applied.rows_written == 1);
  CHECK(replica.replay_lsn() == first);
  CHECK(balance(replica.database(), 1) == 90);
  CHECK(balance(replica.database(), 2) == std::nullopt);
  CHECK(replica.failover_loss().transactions == 1);

  replica.replicate_until(second);
  CHECK(balance(replica.database(), 2) == 5);
  CHECK(replica.failover_loss().transactions == 0);
}

TEST_CASE("storage/sql: a standby is read-only, keeps reader snapshots, and can be promoted") {
  // 27.4: hot standby queries are read-only ("cannot execute INSERT in a read-only
  // transaction"), and SERIALIZABLE is not available there.
  Database leader;
  bank(leader, {{1, 100}});
  Replica replica(leader);
  replica.replicate_all();
  Database& standby = replica.database();
  TxnId r = begin(standby);
  CHECK(standby.insert(r, "acct", {2, 1, Value()}).sqlstate() == "25006");
  CHECK(standby.begin(Isolation::serializable).sqlstate() == "0A000");

  TxnId reader = begin(standby, Isolation::repeatable_read);
  CHECK(bal_of(must(standby.select_by_key(reader, "acct", {1}))) == 100);
  TxnId t = begin(leader);
  must(leader.update_by_key(t, "acct", {1}, {set("bal", 1)}));
  must(leader.commit(t));
  replica.replicate_all();
  CHECK(bal_of(must(standby.select_by_key(reader, "acct", {1}))) == 100);  // its snapshot
  must(standby.commit(reader));
  CHECK(balance(standby, 1) == 1);

  // The leader dies with a commit the standby never saw: promotion loses it.
  t = begin(leader);
  must(leader.update_by_key(t, "acct", {1}, {set("bal", 2)}));
  must(leader.commit(t));
  CHECK(replica.failover_loss().transactions == 1);
  Database promoted = replica.promote();
  t = begin(promoted);
  must(promoted.update_by_key(t, "acct", {1}, {add("bal", 10)}));
  must(promoted.commit(t));
  CHECK(balance(promoted, 1) == 11);

  // The promoted standby carries the stream on: a new replica of it gets tables and rows.
  Replica next(promoted);
  next.replicate_all();
  CHECK(balance(next.database(), 1) == 11);
  CHECK(next.failover_loss().transactions == 0);
}
