// The SQL database service (sim/services/sql) on a small platform, four servers:
//
//   bank     six clients transfer money between 10 accounts (READ COMMITTED, SELECT ... FOR
//            UPDATE in random order, so deadlocks happen; CHECK bal >= 0 refuses overdrafts;
//            each transfer also inserts its id into `transfers`); the host crashes at 6 s for
//            1 s. Naive reference: the balances are the initial ones plus exactly the transfers
//            in `transfers`, which hold every acknowledged transfer and otherwise only ones
//            whose COMMIT was unanswered; the crash rolled back exactly the transactions open
//            at it (PostgreSQL 15 docs, 30.3 "Write-Ahead Logging": synchronous_commit on).
//   2PC      a coordinator runs 60 two-phase transactions across bank and ledger (PREPARE
//            TRANSACTION on both, then COMMIT PREPARED; docs "PREPARE TRANSACTION": a prepared
//            transaction survives a crash), through the bank's crash: each gid ends committed
//            on both servers or on neither, and the crash kept the prepared ones.
//   ledger   lost updates (13.2.1 "Read Committed Isolation Level"): two clients increment a
//            counter by read-then-write under READ COMMITTED (updates are lost), with SELECT
//            FOR UPDATE (none), under REPEATABLE READ retrying 40001 (13.2.2; none), and with
//            `n = n + 1` (none); a reference counts the acknowledged increments. A deadlock
//            between two transactions whose waits begin 1.3 s apart: the second waiter gets
//            40P01 deadlock_timeout (1 s) after its wait began, and only then does the first
//            go on (13.3.4 "Deadlocks"; 20.12 "Lock Management": deadlock_timeout).
//   primary  + an asynchronous standby with recovery_min_apply_delay 50 ms (27.2.5 "Streaming
//            Replication"; 20.6 recovery_min_apply_delay): a writer increments a counter every
//            10 ms, a reader reads the standby every 7 ms: reads are stale by at most the lag,
//            measured; writes on the standby fail with 25006. The standby is down 4-7 s and
//            the primary crashes at 6 s for good, so the standby, promoted at 7.5 s, never
//            received the commits of 4-6 s: they are lost and counted (the old leader's
//            committed count minus the promoted one; all of them acknowledged to the writer).
//            The promoted standby (lock_timeout 300 ms) fails a statement that waits that long
//            for a row lock with 55P03.
#include <map>
#include <set>

#include "harness_b.hpp"
#include "sim/core/random.hpp"
#include "sim/net/rpc.hpp"
#include "sim/services/sql/sql_client.hpp"
#include "sim/services/sql/sql_server.hpp"

using namespace sdsim;
using namespace sdsim::sql_service;
namespace sq = sdsim::storage::sql;
namespace sg4 = simgrid::s4u;

namespace {

constexpr double kBankCrashAt = 6.03, kBankDownFor = 1.0, kPrimaryCrashAt = 6.0,
                 kStandbyCrashAt = 4.0, kStandbyDownFor = 3.0, kPromoteAt = 7.5;
constexpr int kAccounts = 10, kTransferClients = 6, kTransfersEach = 150;
constexpr std::int64_t kInitialBalance = 1000;

double now() { return sg4::Engine::get_clock(); }
const sq::LockClause kForUpdate{sq::RowLockMode::update, sq::WaitPolicy::wait};

// Connects, retrying while the server is down.
void connect(SqlClient& c) {
  while (!c.connect().ok) sg4::this_actor::sleep_for(0.2);
}

// ---- bank: transfers under deadlocks and a crash ----
struct BankLog {
  std::set<std::int64_t> acked, unanswered_commit;  // transfer ids
  int in_txn_failures = 0, begin_failures = 0;      // 08006 inside a transaction / on BEGIN
  int deadlocks = 0, overdrafts = 0, retries = 0;
  double min_deadlock_latency = 1e9;  // s: from the statement that closed the cycle to 40P01
};

void transfer_client(Net& net, const SqlServer& bank, int index, BankLog& log) {
  Rpc rpc(net, fmt::format("bank-client-{}", index));
  SqlClient c(rpc, bank.endpoint(), CallOptions{10.0, 0});
  RandomStream rng(7, fmt::format("bank-{}", index));
  sg4::this_actor::sleep_until(0.5);
  connect(c);
  for (int k = 0; k < kTransfersEach; ++k) {
    const std::int64_t id = index * 1000 + k;
    const std::int64_t src = rng.below(kAccounts);
    std::int64_t dst = rng.below(kAccounts - 1);
    if (dst >= src) ++dst;
    const std::int64_t amount = 1 + rng.below(300);
    while (true) {  // one transfer, retried after a deadlock
      if (!c.connected()) connect(c);
      const SqlReply b = c.begin();
      if (!b.ok) {
        ++log.begin_failures;
        break;
      }
      SqlReply r = c.execute(select_key("acct", {src}, kForUpdate));
      sg4::this_actor::sleep_for(0.002);
      double sent = now();
      if (r.ok) r = c.execute(select_key("acct", {dst}, kForUpdate));
      if (r.ok) sent = now(), r = c.execute(update_key("acct", {src}, {sq::add("bal", -amount)}));
      if (r.ok) sent = now(), r = c.execute(update_key("acct", {dst}, {sq::add("bal", amount)}));
      if (r.ok) r = c.execute(insert("transfers", {id, src, dst, amount}));
      if (r.ok) {
        r = c.commit();
        if (r.ok && r.tag == "COMMIT") log.acked.insert(id);
        if (!r.ok && r.sqlstate == "08006") log.unanswered_commit.insert(id), ++log.in_txn_failures;
        break;
      }
      if (r.sqlstate == "08006") {
        ++log.in_txn_failures;
        break;
      }
      c.rollback();
      if (r.sqlstate == "40P01") {
        ++log.deadlocks;
        ++log.retries;
        log.min_deadlock_latency = std::min(log.min_deadlock_latency, now() - sent);
        continue;
      }
      if (r.sqlstate == "23514") ++log.overdrafts;  // acct_bal_check: not enough money
      break;
    }
    sg4::this_actor::sleep_for(0.001 * static_cast<double>(rng.below(10)));
  }
}

// ---- 2PC across bank and ledger ----
struct TwoPcLog {
  std::set<std::string> decided_commit, decided_abort;
  int prepared_both = 0, commit_retries = 0;
};

// Retries COMMIT/ROLLBACK PREPARED until the server answers; 42704 means it was done already
// (an earlier attempt's answer was lost).
void finish(SqlClient& c, const std::string& gid, bool commit, int& retries) {
  while (true) {
    if (!c.connected()) connect(c);
    const SqlReply r = commit ? c.commit_prepared(gid) : c.rollback_prepared(gid);
    if (r.ok || r.sqlstate == "42704") return;
    ++retries;
    sg4::this_actor::sleep_for(0.1);
  }
}

void coordinator(Net& net, const SqlServer& bank, const SqlServer& ledger, TwoPcLog& log) {
  Rpc rpc_a(net, "2pc-bank"), rpc_b(net, "2pc-ledger");
  SqlClient a(rpc_a, bank.endpoint(), CallOptions{2.0, 0});
  SqlClient b(rpc_b, ledger.endpoint(), CallOptions{2.0, 0});
  sg4::this_actor::sleep_until(3.0);
  connect(a);
  connect(b);
  for (int i = 0; i < 60; ++i) {
    const std::string gid = fmt::format("g{}", i);
    sg4::this_actor::sleep_until(3.0 + 0.1 * i);
    bool ok = true;
    for (SqlClient* c : {&a, &b}) {
      if (!c->connected()) connect(*c);
      ok = ok && c->begin().ok;
      ok = ok && c->execute(insert(c == &a ? "xfer" : "entries", {gid})).ok;
      ok = ok && c->prepare(gid).ok;
      if (!ok && c->connected()) c->rollback();
    }
    sg4::this_actor::sleep_for(0.05);  // the window in which a crash finds them prepared
    (ok ? log.decided_commit : log.decided_abort).insert(gid);
    log.prepared_both += ok;
    finish(a, gid, ok, log.commit_retries);
    finish(b, gid, ok, log.commit_retries);
  }
}

// ---- ledger: lost updates and a timed deadlock ----
enum class Increment { read_then_write, for_update, repeatable_read, atomic };

struct CounterLog {
  int acked = 0, serialization_failures = 0;
};

void incrementer(Net& net, const SqlServer& ledger, const std::string& name, std::int64_t key,
                 Increment how, CounterLog& log) {
  Rpc rpc(net, name);
  SqlClient c(rpc, ledger.endpoint());
  sg4::this_actor::sleep_until(12.0);
  connect(c);
  for (int i = 0; i < 100; ++i) {
    while (true) {
      if (how == Increment::atomic) {
        if (c.execute(update_key("ctr", {key}, {sq::add("n", 1)})).ok) ++log.acked;
        break;
      }
      c.begin(how == Increment::repeatable_read ? Isolation::repeatable_read
                                                : Isolation::read_committed);
      const auto lock = how == Increment::for_update ? std::optional(kForUpdate) : std::nullopt;
      SqlReply r = c.execute(select_key("ctr", {key}, lock));
      const std::int64_t n = r.ok ? r.rows.at(0).at(1).as_int() : 0;
      sg4::this_actor::sleep_for(0.001);  // the application computes n + 1
      if (r.ok) r = c.execute(update_key("ctr", {key}, {sq::set("n", n + 1)}));
      if (r.ok) r = c.commit();
      if (r.ok && r.tag == "COMMIT") {
        ++log.acked;
        break;
      }
      c.rollback();
      if (r.sqlstate != "40001") break;
      ++log.serialization_failures;
    }
  }
}

// A client gives up on a lock wait (its call times out): its connection closes, the server rolls
// its transaction back, so the row is free once the holder ends (a NOWAIT lock succeeds).
struct AbandonLog {
  std::string waiter_state, nowait_state;
};

void abandon_holder(Net& net, const SqlServer& ledger) {
  Rpc rpc(net, "abandon-holder");
  SqlClient c(rpc, ledger.endpoint());
  connect(c);
  sg4::this_actor::sleep_until(40.0);
  c.begin();
  c.execute(select_key("locks", {1}, kForUpdate));
  sg4::this_actor::sleep_until(41.0);
  c.commit();
}

void abandon_waiter(Net& net, const SqlServer& ledger, AbandonLog& log) {
  Rpc rpc(net, "abandon-waiter");
  SqlClient c(rpc, ledger.endpoint(), CallOptions{0.2, 0});
  connect(c);
  sg4::this_actor::sleep_until(40.1);
  c.begin();
  log.waiter_state = c.execute(select_key("locks", {1}, kForUpdate)).sqlstate;
  Rpc rpc2(net, "abandon-nowait");
  SqlClient d(rpc2, ledger.endpoint());
  connect(d);
  sg4::this_actor::sleep_until(41.5);
  d.begin();
  const SqlReply r = d.execute(
      select_key("locks", {1}, sq::LockClause{sq::RowLockMode::update, sq::WaitPolicy::nowait}));
  log.nowait_state = r.ok ? "ok" : r.sqlstate;
  d.rollback();
}

struct DeadlockLog {
  double first_reply = 0, second_reply = 0;
  std::string first_state, second_state;
};

// T1 locks row 1 at 30.0 s and waits for row 2 from 30.2 s; T2 locks row 2 at 30.1 s and closes
// the cycle at 31.5 s (its wait begins 1.3 s after T1's, more than deadlock_timeout).
void deadlocker(Net& net, const SqlServer& ledger, bool first, DeadlockLog& log) {
  Rpc rpc(net, first ? "deadlock-t1" : "deadlock-t2");
  SqlClient c(rpc, ledger.endpoint());
  connect(c);
  const std::int64_t mine = first ? 1 : 2, other = first ? 2 : 1;
  sg4::this_actor::sleep_until(first ? 30.0 : 30.1);
  c.begin();
  c.execute(select_key("locks", {mine}, kForUpdate));
  sg4::this_actor::sleep_until(first ? 30.2 : 31.5);
  const SqlReply r = c.execute(select_key("locks", {other}, kForUpdate));
  (first ? log.first_reply : log.second_reply) = now();
  (first ? log.first_state : log.second_state) = r.ok ? "ok" : r.sqlstate;
  if (r.ok)
    c.commit();
  else
    c.rollback();
}

// ---- lock_timeout on the promoted standby (lock_timeout 300 ms; 20.11 "Client Connection
// Defaults": the statement fails with 55P03 once it has waited that long) ----
struct TimeoutLog {
  std::string state;
  double waited = 0;
};

void lock_holder(Net& net, const SqlServer& server) {
  Rpc rpc(net, "timeout-holder");
  SqlClient c(rpc, server.endpoint());
  sg4::this_actor::sleep_until(10.0);
  connect(c);
  c.begin();
  c.execute(select_key("counter", {1}, kForUpdate));
  sg4::this_actor::sleep_until(11.0);
  c.commit();
}

void lock_waiter(Net& net, const SqlServer& server, TimeoutLog& log) {
  Rpc rpc(net, "timeout-waiter");
  SqlClient c(rpc, server.endpoint());
  sg4::this_actor::sleep_until(10.2);
  connect(c);
  const double sent = now();
  const SqlReply r = c.execute(update_key("counter", {1}, {sq::add("n", 1)}));
  log.waited = now() - sent;
  log.state = r.ok ? "ok" : r.sqlstate;
}

// ---- primary and standby ----
struct ReplicaLog {
  std::map<std::int64_t, double> acked;  // counter value -> when its commit was acknowledged
  std::int64_t last_acked_before_crash = 0, promoted_value = -1, final_value = -1;
  int reads = 0, stale = 0, after_failover = 0;
  double max_stale_age = 0;  // s: since the first newer value was acknowledged
  std::string standby_write_state;
  sq::FailoverLoss loss;
  std::int64_t leader_committed = 0;
};

void counter_writer(Net& net, SqlServer& primary, SqlServer& standby, ReplicaLog& log) {
  Rpc rpc(net, "replica-writer");
  SqlClient c(rpc, primary.endpoint(), CallOptions{0.5, 0});
  sg4::this_actor::sleep_until(0.5);
  connect(c);
  for (int i = 0; now() < kPrimaryCrashAt + 0.3; ++i) {
    sg4::this_actor::sleep_until(0.5 + 0.01 * i);
    const SqlReply r = c.execute(update_key("counter", {1}, {sq::add("n", 1)}));
    if (r.ok) log.acked[r.rows.at(0).at(1).as_int()] = now();
  }
  log.last_acked_before_crash = log.acked.empty() ? 0 : log.acked.rbegin()->first;
  sg4::this_actor::sleep_until(kPromoteAt);
  log.leader_committed = primary.database().committed_rows("counter").at(0).at(1).as_int();
  log.loss = standby.promote();
  c.retarget(standby.endpoint());
  connect(c);
  const SqlReply r0 = c.execute(select_key("counter", {1}));
  log.promoted_value = r0.rows.at(0).at(1).as_int();
  for (int i = 0; i < 50; ++i)
    if (c.execute(update_key("counter", {1}, {sq::add("n", 1)})).ok) ++log.after_failover;
  log.final_value = c.execute(select_key("counter", {1})).rows.at(0).at(1).as_int();
}

void standby_reader(Net& net, const SqlServer& standby, ReplicaLog& log) {
  Rpc rpc(net, "replica-reader");
  SqlClient c(rpc, standby.endpoint());
  sg4::this_actor::sleep_until(0.6);
  connect(c);
  log.standby_write_state = c.execute(update_key("counter", {1}, {sq::add("n", 1)})).sqlstate;
  for (int i = 0; now() < kStandbyCrashAt - 0.1; ++i) {
    sg4::this_actor::sleep_until(0.7 + 0.007 * i);
    const double sent = now();
    const SqlReply r = c.execute(select_key("counter", {1}));
    if (!r.ok) continue;
    ++log.reads;
    const std::int64_t v = r.rows.at(0).at(1).as_int();
    auto newer = log.acked.upper_bound(v);  // the first value acknowledged after v
    if (newer != log.acked.end() && newer->second < sent) {
      ++log.stale;
      log.max_stale_age = std::max(log.max_stale_age, sent - newer->second);
    }
  }
}

sq::Schema accounts() {
  return sq::Schema("acct", {{"id", sq::Type::int64}, {"bal", sq::Type::int64, true}}, {"id"})
      .check("acct_bal_check", [](const sq::RowRef& r) { return r.i64("bal") >= 0; });
}
sq::Schema counters(const std::string& name) {
  return sq::Schema(name, {{"id", sq::Type::int64}, {"n", sq::Type::int64, true}}, {"id"});
}
sq::Schema gids(const std::string& name) {
  return sq::Schema(name, {{"gid", sq::Type::text}}, {"gid"});
}

// Loads rows before the run, through the block (a restore).
void load(SqlServer& server, const std::string& table, const std::vector<sq::Row>& rows) {
  auto& db = const_cast<sq::Database&>(server.database());
  const sq::TxnId t = db.begin().txn;
  for (const auto& r : rows) db.insert(t, table, r);
  db.commit(t);
}

}  // namespace

int main() {
  harness_b::Sim sim("sql_service", harness_b::one_rack(5), {{"sql", 4}, {"client", 1}});
  const auto& hosts = sim.hosts("sql");
  const SqlConfig cfg = harness_b::configure(sql_params());
  SqlServer bank(sim.ctx(), "sql-bank", hosts[0], cfg);
  SqlServer ledger(sim.ctx(), "sql-ledger", hosts[1], cfg);
  SqlServer primary(sim.ctx(), "sql-primary", hosts[2], cfg);
  bank.create_table(accounts());
  bank.create_table(sq::Schema("transfers",
                               {{"id", sq::Type::int64},
                                {"src", sq::Type::int64},
                                {"dst", sq::Type::int64},
                                {"amount", sq::Type::int64}},
                               {"id"}));
  bank.create_table(gids("xfer"));
  ledger.create_table(gids("entries"));
  ledger.create_table(counters("ctr"));
  ledger.create_table(counters("locks"));
  primary.create_table(counters("counter"));
  std::vector<sq::Row> accts;
  for (int i = 0; i < kAccounts; ++i) accts.push_back({i, kInitialBalance});
  load(bank, "acct", accts);
  load(ledger, "ctr", {{0, 0}, {1, 0}, {2, 0}, {3, 0}});
  load(ledger, "locks", {{1, 0}, {2, 0}});
  load(primary, "counter", {{1, 0}});
  SqlServer standby(
      sim.ctx(), "sql-standby", hosts[3],
      harness_b::configure(sql_params(), "{recovery_min_apply_delay: 50ms, lock_timeout: 300ms}"),
      primary);
  for (SqlServer* s : {&bank, &ledger, &primary, &standby}) s->start();
  sim.crash(hosts[0], kBankCrashAt, kBankDownFor);
  sim.crash(hosts[2], kPrimaryCrashAt, -1);
  sim.crash(hosts[3], kStandbyCrashAt, kStandbyDownFor);

  const std::string client = sim.hosts("client")[0];
  BankLog bank_log[kTransferClients];
  for (int i = 0; i < kTransferClients; ++i)
    sim.driver(fmt::format("bank-{}", i), client,
               [&, i] { transfer_client(sim.net(), bank, i, bank_log[i]); });
  TwoPcLog two_pc;
  sim.driver("2pc", client, [&] { coordinator(sim.net(), bank, ledger, two_pc); });
  const std::vector<std::pair<std::string, Increment>> kinds = {
      {"read_then_write", Increment::read_then_write},
      {"for_update", Increment::for_update},
      {"repeatable_read", Increment::repeatable_read},
      {"atomic", Increment::atomic}};
  std::vector<CounterLog> counter_logs(8);
  for (std::size_t k = 0; k < kinds.size(); ++k)
    for (int j = 0; j < 2; ++j)
      sim.driver(fmt::format("inc-{}-{}", kinds[k].first, j), client, [&, k, j] {
        incrementer(sim.net(), ledger, fmt::format("inc-{}-{}", kinds[k].first, j),
                    static_cast<std::int64_t>(k), kinds[k].second, counter_logs[2 * k + j]);
      });
  DeadlockLog dl;
  sim.driver("deadlock-t1", client, [&] { deadlocker(sim.net(), ledger, true, dl); });
  sim.driver("deadlock-t2", client, [&] { deadlocker(sim.net(), ledger, false, dl); });
  ReplicaLog rl;
  sim.driver("replica-writer", client, [&] { counter_writer(sim.net(), primary, standby, rl); });
  sim.driver("replica-reader", client, [&] { standby_reader(sim.net(), standby, rl); });
  AbandonLog al;
  sim.driver("abandon-holder", client, [&] { abandon_holder(sim.net(), ledger); });
  sim.driver("abandon-waiter", client, [&] { abandon_waiter(sim.net(), ledger, al); });
  TimeoutLog tl;
  sim.driver("timeout-holder", client, [&] { lock_holder(sim.net(), standby); });
  sim.driver("timeout-waiter", client, [&] { lock_waiter(sim.net(), standby, tl); });
  sim.run();

  // ---- bank ----
  BankLog all;
  for (const BankLog& l : bank_log) {
    all.acked.insert(l.acked.begin(), l.acked.end());
    all.unanswered_commit.insert(l.unanswered_commit.begin(), l.unanswered_commit.end());
    all.in_txn_failures += l.in_txn_failures;
    all.begin_failures += l.begin_failures;
    all.deadlocks += l.deadlocks;
    all.overdrafts += l.overdrafts;
    all.min_deadlock_latency = std::min(all.min_deadlock_latency, l.min_deadlock_latency);
  }
  std::map<std::int64_t, std::int64_t> expected;  // naive reference: replay the transfers
  for (int i = 0; i < kAccounts; ++i) expected[i] = kInitialBalance;
  std::set<std::int64_t> present;
  for (const sq::Row& t : bank.database().committed_rows("transfers")) {
    present.insert(t[0].as_int());
    expected[t[1].as_int()] -= t[3].as_int();
    expected[t[2].as_int()] += t[3].as_int();
  }
  int missing = 0, extra = 0, present_unanswered = 0, wrong_balance = 0;
  for (std::int64_t id : all.acked) missing += !present.count(id);
  for (std::int64_t id : present)
    if (!all.acked.count(id)) {
      extra += !all.unanswered_commit.count(id);
      present_unanswered += all.unanswered_commit.count(id) > 0;
    }
  std::int64_t total = 0;
  for (const sq::Row& a : bank.database().committed_rows("acct")) {
    total += a[1].as_int();
    wrong_balance += a[1].as_int() != expected[a[0].as_int()] || a[1].as_int() < 0;
  }
  const SqlServerStats& bs = bank.stats();
  sim.check(missing == 0, fmt::format("bank: every acknowledged transfer survived the crash "
                                      "({} missing of {})",
                                      missing, all.acked.size()));
  sim.check(extra == 0, fmt::format("bank: no transfer committed that was not acknowledged, "
                                    "except unanswered COMMITs ({})",
                                    extra));
  sim.check(wrong_balance == 0 && total == kAccounts * kInitialBalance,
            fmt::format("bank: balances are the initial ones plus the committed transfers ({} "
                        "differ; total {})",
                        wrong_balance, total));
  sim.check(bs.restarts == 1 && all.in_txn_failures > 0,
            fmt::format("bank: the crash interrupted transactions ({} clients lost theirs)",
                        all.in_txn_failures));
  const int open_at_crash = all.in_txn_failures - present_unanswered;
  sim.check(static_cast<int>(bs.transactions_lost) >= open_at_crash &&
                static_cast<int>(bs.transactions_lost) <= open_at_crash + all.begin_failures,
            fmt::format("bank: recovery rolled back exactly the open transactions ({} rolled back; "
                        "{} open, {} more if their BEGIN was served)",
                        bs.transactions_lost, open_at_crash, all.begin_failures));
  sim.check(all.deadlocks > 0 && bs.deadlocks == static_cast<std::uint64_t>(all.deadlocks),
            fmt::format("bank: deadlocks are detected ({} seen by clients, {} by the server)",
                        all.deadlocks, bs.deadlocks));
  sim.check(all.min_deadlock_latency >= cfg.deadlock_timeout,
            fmt::format("bank: every 40P01 comes deadlock_timeout after its wait began (shortest "
                        "{:.4f} s)",
                        all.min_deadlock_latency));
  sim.check(all.overdrafts > 0,
            fmt::format("bank: CHECK bal >= 0 refused overdrafts ({})", all.overdrafts));
  sim.check(bs.fsync_mismatches == 0 && ledger.stats().fsync_mismatches == 0,
            "the service flushed exactly when the block counts an fsync");
  sim.note(fmt::format(
      "bank: {} transfers acknowledged, {} unanswered commits ({} of them committed), {} "
      "overdrafts refused, {} deadlocks; {} lock waits (mean {:.1f} ms, max {:.3f} s); crash: {} "
      "transactions rolled back, {} prepared kept, recovery read {:.0f} B; {} fsyncs, {:.0f} B "
      "WAL",
      all.acked.size(), all.unanswered_commit.size(), present_unanswered, all.overdrafts,
      all.deadlocks, bs.lock_waits, bs.lock_wait.mean() * 1e3, bs.lock_wait.max(),
      bs.transactions_lost, bs.prepared_kept, bs.recovery_bytes_read, bs.fsyncs,
      bs.wal_bytes_written));

  // ---- 2PC ----
  std::set<std::string> on_bank, on_ledger;
  for (const sq::Row& r : bank.database().committed_rows("xfer")) on_bank.insert(r[0].as_text());
  for (const sq::Row& r : ledger.database().committed_rows("entries"))
    on_ledger.insert(r[0].as_text());
  sim.check(on_bank == on_ledger && on_bank == two_pc.decided_commit,
            fmt::format("2pc: each transaction committed on both servers or neither ({} on bank, "
                        "{} on ledger, {} decided)",
                        on_bank.size(), on_ledger.size(), two_pc.decided_commit.size()));
  sim.check(bs.prepared_kept > 0,
            fmt::format("2pc: the crash kept {} prepared transactions", bs.prepared_kept));
  sim.check(bank.database().prepared().empty() && ledger.database().prepared().empty(),
            "2pc: nothing is left in doubt");
  sim.note(
      fmt::format("2pc: {} committed, {} aborted, {} prepared transactions survived the "
                  "crash, {} COMMIT/ROLLBACK PREPARED retries",
                  two_pc.decided_commit.size(), two_pc.decided_abort.size(), bs.prepared_kept,
                  two_pc.commit_retries));

  // ---- ledger ----
  const auto ctr = ledger.database().committed_rows("ctr");
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    const int acked = counter_logs[2 * k].acked + counter_logs[2 * k + 1].acked;
    const int failures =
        counter_logs[2 * k].serialization_failures + counter_logs[2 * k + 1].serialization_failures;
    const std::int64_t n = ctr.at(k).at(1).as_int();
    const bool lossy = kinds[k].second == Increment::read_then_write;
    sim.check(
        acked == 200 && (lossy ? n < acked : n == acked),
        fmt::format("ledger {}: {} increments acknowledged, counter {} ({} lost{})", kinds[k].first,
                    acked, n, acked - n, lossy ? ", as READ COMMITTED allows" : ""));
    if (kinds[k].second == Increment::repeatable_read)
      sim.check(failures > 0,
                fmt::format("ledger repeatable_read: {} serialization failures (40001)", failures));
    sim.note(
        fmt::format("ledger {}: counter {} after {} acknowledged increments, {} lost, {} "
                    "serialization failures",
                    kinds[k].first, n, acked, acked - n, failures));
  }
  sim.check(dl.second_state == "40P01" && std::abs(dl.second_reply - 32.5) < 0.01 &&
                dl.first_state == "ok" && std::abs(dl.first_reply - 32.5) < 0.01,
            fmt::format("ledger: the deadlock victim (second waiter) fails at {:.4f} s ({}), "
                        "deadlock_timeout after its wait, and the first goes on then ({:.4f} s, "
                        "{})",
                        dl.second_reply, dl.second_state, dl.first_reply, dl.first_state));

  sim.check(al.waiter_state == "08006" && al.nowait_state == "ok",
            fmt::format("ledger: a client that gave up on a lock wait ({}) leaves no lock behind "
                        "(a later NOWAIT lock: {})",
                        al.waiter_state, al.nowait_state));

  // ---- replica ----
  const SqlServerStats& ss = standby.stats();
  const auto& lag = ss.replication_lag;
  sim.check(rl.standby_write_state == "25006",
            fmt::format("standby: a write fails with 25006 ({})", rl.standby_write_state));
  const double delay = standby.config().recovery_min_apply_delay;
  sim.check(rl.reads > 400 && rl.stale > 0 && rl.max_stale_age <= delay + 0.002,
            fmt::format("standby: {} of {} reads stale, by at most {:.4f} s (apply delay {} s)",
                        rl.stale, rl.reads, rl.max_stale_age, delay));
  sim.check(lag.count() > 300 && lag.min() >= delay && lag.quantile(0.9) < delay + 0.002 &&
                lag.max() > kStandbyDownFor,
            fmt::format("standby: replication lag is recovery_min_apply_delay plus the network "
                        "(min {:.4f} s, p90 {:.4f} s over {}), and the outage for what was "
                        "received before it ({:.3f} s)",
                        lag.min(), lag.quantile(0.9), lag.count(), lag.max()));
  const std::int64_t lost = rl.leader_committed - rl.promoted_value;
  sim.check(rl.promoted_value >= 0 && lost > 100 && rl.loss.transactions == lost &&
                rl.last_acked_before_crash <= rl.leader_committed &&
                rl.last_acked_before_crash > rl.promoted_value &&
                rl.acked.count(rl.promoted_value) &&
                rl.acked.at(rl.promoted_value) < kStandbyCrashAt &&
                rl.acked.upper_bound(rl.promoted_value)->second > kStandbyCrashAt - 0.002,
            fmt::format("failover: {} commits lost, counted {} (leader {} committed, {} "
                        "acknowledged, standby had {})",
                        lost, rl.loss.transactions, rl.leader_committed, rl.last_acked_before_crash,
                        rl.promoted_value));
  sim.check(rl.after_failover == 50 && rl.final_value == rl.promoted_value + 50,
            fmt::format("failover: the promoted standby takes writes ({} -> {})", rl.promoted_value,
                        rl.final_value));
  sim.note(fmt::format(
      "standby: {} transactions replayed, lag mean {:.4f} s, p99 {:.4f} s, max {:.4f} s; {} of {} "
      "reads stale (at most {:.4f} s old); failover lost {} commits ({} acknowledged to the "
      "client)",
      ss.transactions_replayed, lag.mean(), lag.quantile(0.99), lag.max(), rl.stale, rl.reads,
      rl.max_stale_age, rl.loss.transactions, rl.last_acked_before_crash - rl.promoted_value));
  sim.check(tl.state == "55P03" && tl.waited >= 0.3 && tl.waited < 0.31 &&
                standby.stats().lock_timeouts == 1,
            fmt::format("lock_timeout: a statement waiting 300 ms for a row lock fails with 55P03 "
                        "({}, after {:.4f} s)",
                        tl.state, tl.waited));
  return sim.finish();
}
