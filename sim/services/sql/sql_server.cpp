#include "sim/services/sql/sql_server.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <simgrid/s4u.hpp>

#include "sim/model/run_context.hpp"
#include "sim/net/rpc.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/services/lsm/host_work.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::sql_service {

using storage::sql::Database;
using storage::sql::Replica;
using storage::sql::Status;
using storage::sql::TxnId;
namespace wal_size = storage::sql::wal_size;
using SqlResult = storage::sql::Result;

// The durable part: what is on the server's disk (the database, its WAL and its standby state)
// and what the run measures.
struct SqlDurable {
  std::unique_ptr<Database> own;     // a leader's (or a promoted standby's)
  std::unique_ptr<Replica> replica;  // a standby's
  SqlDurable* leader = nullptr;      // a standby's leader
  Endpoint<SqlProtocol> leader_endpoint;
  std::vector<Endpoint<SqlProtocol>> standbys;
  std::map<Lsn, double> commit_times;  // leader: when each commit record was flushed
  Lsn received_lsn =
      0;  // standby: the WAL received (flushed by its walreceiver), not yet all applied
  bool fenced = false;
  std::uint64_t lives = 0;
  SqlServerStats stats;

  Database& db() { return replica ? replica->database() : *own; }
};

namespace {

using Request = std::unique_ptr<Letter<SqlProtocol>>;
double now() { return sg4::Engine::get_clock(); }

SqlReply reply_of(const SqlResult& r) {
  SqlReply out;
  out.ok = !r.failed();
  out.sqlstate = r.error.sqlstate;
  out.message = r.error.message;
  out.detail = r.error.detail;
  out.tag = r.tag;
  out.rows = r.rows;
  out.count = r.count;
  out.lsn = r.lsn;
  out.work = r.work;
  return out;
}

SqlReply error_reply(std::string sqlstate, std::string message) {
  SqlReply out;
  out.ok = false;
  out.sqlstate = std::move(sqlstate);
  out.message = std::move(message);
  return out;
}

SqlResult run_statement(Database& db, TxnId txn, const SqlStatement& st) {
  using K = SqlStatement::Kind;
  switch (st.kind) {
    case K::insert:
      return db.insert(txn, st.table, st.row);
    case K::select_key:
      return db.select_by_key(txn, st.table, st.key, st.lock);
    case K::select_unique:
      return db.select_by_unique(txn, st.table, st.constraint, st.key, st.lock);
    case K::select_where:
      return db.select_where(txn, st.table, st.where, st.lock, st.range);
    case K::update_key:
      return db.update_by_key(txn, st.table, st.key, st.sets, st.expected_version);
    case K::update_where:
      return db.update_where(txn, st.table, st.where, st.sets, st.range);
    case K::delete_key:
      return db.delete_by_key(txn, st.table, st.key, st.expected_version);
    case K::delete_where:
      return db.delete_where(txn, st.table, st.where, st.range);
  }
  return {};
}

class SqlService : public ServiceHandler<SqlProtocol> {
 public:
  SqlService(RunContext& ctx, const std::string& name, const SqlConfig& cfg,
             std::shared_ptr<SqlDurable> d)
      : ctx_(ctx), name_(name), cfg_(cfg), d_(std::move(d)) {}

  void start(Inbox&) override {
    if (d_->lives++ > 0) restart();
    SqlService* self = this;  // the backends, timers and the applier die with this incarnation
    backends_ = std::make_unique<WorkerPool<Job>>(name_ + "/backend", cfg_.max_connections,
                                                  [self](int, Job& j) { self->serve(j); });
    if (d_->replica) {
      applier_ = std::make_unique<WorkerPool<Shipped>>(name_ + "/startup", 1,
                                                       [self](int, Shipped& w) { self->apply(w); });
      if (d_->received_lsn > d_->replica->replay_lsn())  // received before the crash
        applier_->submit(Shipped{d_->received_lsn, now()});
      spawn_local(name_ + "/walreceiver", [self] { self->stream_from_leader(); });
    }
  }

  void handle(Request r) override {
    if (d_->fenced) {
      ctx_.net().reply(*r,
                       error_reply("57P03", "the database system is not accepting connections"));
      return;
    }
    if (auto* c = std::get_if<Connect>(&r->body)) return connect(*r, *c);
    if (auto* w = std::get_if<WalShip>(&r->body)) {
      d_->received_lsn = std::max(d_->received_lsn, w->lsn);
      if (applier_) applier_->submit(Shipped{w->lsn, now()});
      return;
    }
    if (std::holds_alternative<StreamFrom>(r->body)) {
      ctx_.net().reply(*r, WalShip{d_->db().current_lsn(), 0});
      return;
    }
    const std::uint64_t session =
        std::visit(overloaded{[](const Connect&) -> std::uint64_t { return 0; },
                              [](const WalShip&) -> std::uint64_t { return 0; },
                              [](const StreamFrom&) -> std::uint64_t { return 0; },
                              [](const auto& m) -> std::uint64_t { return m.session; }},
                   r->body);
    backends_->submit(Job{session, std::move(r)});
  }

 private:
  struct Session {
    TxnId txn = 0;
    bool failed = false;      // a statement failed: the block aborted the transaction
    bool autocommit = false;  // the transaction is the current statement's own
    Work txn_work;
    Request pending;         // the request whose statement runs or waits for a lock
    bool woken = false;      // the block woke the waiting statement: resume it
    double woken_at = 0;     // not before (a deadlock victim's abort is held back)
    bool busy = false;       // a backend is on the session's statement (calling, charging)
    std::uint64_t wait = 0;  // the current wait's number (for its lock_timeout timer)
    double wait_began = 0;
  };
  struct Shipped {
    Lsn lsn = 0;
    double arrived = 0;
  };
  struct Job {
    std::uint64_t session = 0;
    Request request;  // null: resume the session's waiting statement
    double not_before = 0;
  };

  Net& net() { return ctx_.net(); }
  Database& db() { return d_->db(); }
  SqlServerStats& stats() { return d_->stats; }

  void restart() {
    SqlServerStats& s = stats();
    ++s.restarts;
    const double begin = now();
    const storage::sql::CrashReport report = db().crash();
    db().take_woken();
    s.transactions_lost += report.transactions_lost;
    s.prepared_kept += report.prepared_kept;
    // Recovery replays the WAL since the last checkpoint before the crash (approximated by the
    // last commit record: checkpoints run every checkpoint_timeout while the server is up).
    double replay = 0;
    if (!d_->commit_times.empty()) {
      const double last = d_->commit_times.rbegin()->second;
      const double checkpoint =
          std::floor(last / cfg_.checkpoint_timeout) * cfg_.checkpoint_timeout;
      Lsn from = 0;
      for (auto it = d_->commit_times.rbegin(); it != d_->commit_times.rend(); ++it)
        if (it->second < checkpoint) {
          from = it->first;
          break;
        }
      replay = static_cast<double>(db().current_lsn() - from);
    }
    services::disk_read(replay);
    s.recovery_bytes_read += replay;
    s.recovery_seconds += now() - begin;
    ctx_.event("sql_restart", name_,
               fmt::format("{} open transactions rolled back, {} prepared kept, {:.0f} B of WAL "
                           "replayed",
                           report.transactions_lost, report.prepared_kept, replay));
  }

  void connect(const Envelope& r, const Connect&) {
    if (static_cast<int>(sessions_.size()) >= cfg_.max_connections) {
      ++stats().sessions_refused;
      net().reply(r, error_reply("53300", "sorry, too many clients already"));
      return;
    }
    ++stats().sessions;
    const std::uint64_t id = (d_->lives << 32) + ++next_session_;
    sessions_[id];
    SqlReply out;
    out.session = id;
    out.tag = "CONNECT";
    net().reply(r, std::move(out));
  }

  // Every call into the block is followed by handing the statements it woke to their
  // backends: at once, or (when the call chose a deadlock victim) deadlock_timeout later.
  template <class F>
  SqlResult call(F&& f) {
    SqlResult r = f();
    const bool victim = r.failed() && r.sqlstate() == storage::sql::sqlstate::deadlock_detected;
    const double release = victim ? now() + cfg_.deadlock_timeout : now();
    for (TxnId t : db().take_woken()) {
      auto it = session_of_.find(t);
      if (it == session_of_.end()) continue;
      // The statement may be the current call's own (woken in the call that made it wait).
      Session& s = sessions_.at(it->second);
      if (!s.pending) continue;
      s.woken = true;
      s.woken_at = release;
      if (!s.busy) backends_->submit(Job{it->second, nullptr, release});
    }
    return r;
  }

  void charge(Session& s, const Work& w) {
    const SqlCosts& c = cfg_.costs;
    services::cpu(c.cpu_per_statement + c.cpu_per_btree_page * double(w.btree_pages) +
                  c.cpu_per_row_read * double(w.rows_read) +
                  c.cpu_per_row_write * double(w.rows_written + w.rows_locked + w.index_entries));
    services::wait(c.buffer_miss_ratio * double(w.btree_pages) * c.disk_read_latency);
    s.txn_work += w;
  }

  // The WAL flush before a commit, a PREPARE or a COMMIT/ROLLBACK PREPARED.
  void flush(double bytes) {
    services::disk_write(bytes);
    services::wait(cfg_.costs.fsync);
    stats().wal_bytes_written += bytes;
    ++stats().fsyncs;
  }

  void bind(std::uint64_t id, Session& s, TxnId txn) {
    s.txn = txn;
    s.failed = false;
    s.txn_work = {};
    session_of_[txn] = id;
  }
  void unbind(Session& s) {
    session_of_.erase(s.txn);
    s.txn = 0;
    s.failed = false;
    s.autocommit = false;
    s.txn_work = {};
  }

  void serve(Job& j) {
    if (j.not_before > now()) sg4::this_actor::sleep_until(j.not_before);
    auto it = sessions_.find(j.session);
    if (!j.request) {  // a wake-up
      if (it == sessions_.end() || !it->second.pending || !it->second.woken || it->second.busy)
        return;
      Session& s = it->second;
      s.busy = true;
      s.woken = false;
      const SqlResult r = call([&] { return db().resume(s.txn); });
      charge(s, r.work);
      return settle(j.session, s, r);
    }
    const Envelope& req = *j.request;
    // A client that gave up waiting may send while a backend is still on its statement.
    while (it != sessions_.end() && it->second.busy) {
      sg4::this_actor::sleep_for(1e-4);
      it = sessions_.find(j.session);
    }
    if (it == sessions_.end()) {
      net().reply(req, error_reply("08003", "connection does not exist"));
      return;
    }
    Session& s = it->second;
    if (s.pending) {  // the client gave up waiting: only ROLLBACK and a disconnect are served
      const bool ends = std::holds_alternative<Rollback>(j.request->body) ||
                        std::holds_alternative<Disconnect>(j.request->body);
      if (!ends)
        return net().reply(req, error_reply("08P01", "another command is already in progress"));
      s.pending.reset();  // its statement ends with the transaction, unanswered
      s.woken = false;
      s.wait_began = 0;
      ++s.wait;
    }
    std::visit(overloaded{[&](const Begin& m) { begin(j.session, s, req, m); },
                          [&](const Execute& m) {
                            ++stats().statements;
                            if (!s.txn) {
                              const SqlResult b =
                                  call([&] { return db().begin(Isolation::read_committed); });
                              if (b.failed()) return (void)net().reply(req, reply_of(b));
                              bind(j.session, s, b.txn);
                              s.autocommit = true;
                            }
                            s.pending = std::move(j.request);
                            s.busy = true;
                            const SqlResult r =
                                call([&] { return run_statement(db(), s.txn, m.statement); });
                            charge(s, r.work);
                            settle(j.session, s, r);
                          },
                          [&](const Commit&) { net().reply(req, commit(s)); },
                          [&](const Rollback&) {
                            if (!s.txn) return (void)net().reply(req, warning("ROLLBACK"));
                            const SqlResult r = call([&] { return db().rollback(s.txn); });
                            services::cpu(cfg_.costs.cpu_per_statement);
                            ++stats().rollbacks;
                            unbind(s);
                            net().reply(req, reply_of(r));
                          },
                          [&](const Prepare& m) { prepare(s, req, m); },
                          [&](const FinishPrepared& m) { finish_prepared(s, req, m); },
                          [&](const Disconnect&) {
                            if (s.txn) call([&] { return db().rollback(s.txn); });
                            unbind(s);
                            sessions_.erase(it);
                            SqlReply out;
                            out.tag = "DISCONNECT";
                            net().reply(req, std::move(out));
                          },
                          [&](const auto&) {}},
               j.request->body);
  }

  static SqlReply warning(const char* tag) {
    SqlReply out;  // PostgreSQL: WARNING "there is no transaction in progress", and the tag
    out.tag = tag;
    return out;
  }

  void begin(std::uint64_t id, Session& s, const Envelope& req, const Begin& m) {
    services::cpu(cfg_.costs.cpu_per_statement);
    if (s.txn) return net().reply(req, warning("BEGIN"));  // "already a transaction in progress"
    const SqlResult r = call([&] { return db().begin(m.isolation, m.read_only); });
    if (r.ok()) bind(id, s, r.txn);
    net().reply(req, reply_of(r));
  }

  // After the session's statement was called and charged: the reply, or a wait. A wake-up that
  // came while the backend was still busy with it is served here, by the same backend.
  void settle(std::uint64_t id, Session& s, SqlResult r) {
    while (finish_statement(id, s, r) && s.woken) {
      if (s.woken_at > now()) sg4::this_actor::sleep_until(s.woken_at);
      if (!s.woken || !s.pending) break;
      s.woken = false;
      r = call([&] { return db().resume(s.txn); });
      charge(s, r.work);
    }
    s.busy = false;
  }

  // A statement's outcome: a wait (true: no reply yet), or the reply, after the autocommit's
  // commit.
  bool finish_statement(std::uint64_t id, Session& s, const SqlResult& r) {
    if (r.blocked()) {
      if (s.wait_began == 0) s.wait_began = now();
      ++stats().lock_waits;
      const std::uint64_t wait = ++s.wait;
      if (cfg_.lock_timeout > 0) {
        SqlService* self = this;
        spawn_local(name_ + "/lock_timeout", [self, id, wait] { self->lock_timeout(id, wait); });
      }
      return true;
    }
    Request req = std::move(s.pending);
    s.woken = false;
    if (s.wait_began > 0) stats().lock_wait.add(now() - s.wait_began);
    s.wait_began = 0;
    ++s.wait;
    SqlReply out = reply_of(r);
    if (r.failed()) {
      ++stats().errors;
      s.failed = true;
      if (r.sqlstate() == storage::sql::sqlstate::deadlock_detected) {
        ++stats().deadlocks;
        sg4::this_actor::sleep_for(cfg_.deadlock_timeout);  // the check runs this late
      }
      if (s.autocommit) {
        call([&] { return db().rollback(s.txn); });
        unbind(s);
      }
    } else if (s.autocommit) {
      const SqlReply c = commit(s);
      out.lsn = c.lsn;
      if (!c.ok) out = c;
    }
    if (req) net().reply(*req, std::move(out));
    return false;
  }

  void lock_timeout(std::uint64_t id, std::uint64_t wait) {
    sg4::this_actor::sleep_for(cfg_.lock_timeout);
    for (auto it = sessions_.find(id); it != sessions_.end() && it->second.busy;
         it = sessions_.find(id))
      sg4::this_actor::sleep_for(1e-4);  // its backend is on it: look again
    auto it = sessions_.find(id);
    if (it == sessions_.end() || !it->second.pending || it->second.wait != wait) return;
    ++stats().lock_timeouts;
    Session& s = it->second;
    s.busy = true;
    settle(id, s, call([&] { return db().cancel(s.txn, true); }));
  }

  SqlReply commit(Session& s) {
    services::cpu(cfg_.costs.cpu_per_statement);
    if (!s.txn) return warning("COMMIT");
    const bool writes = !s.failed && s.txn_work.rows_written + s.txn_work.rows_locked > 0;
    if (writes) flush(double(s.txn_work.wal_bytes + wal_size::commit));
    const SqlResult r = call([&] { return db().commit(s.txn); });
    stats().fsync_mismatches += r.work.fsyncs != (writes && r.tag == "COMMIT" ? 1 : 0);
    if (r.tag == "COMMIT") {
      ++stats().commits;
      if (r.lsn > 0) ship(r.lsn, double(s.txn_work.wal_bytes + r.work.wal_bytes));
    } else {
      ++stats().rollbacks;
    }
    unbind(s);
    return reply_of(r);
  }

  void ship(Lsn lsn, double bytes) {
    d_->commit_times[lsn] = now();
    for (const auto& standby : d_->standbys) net().send(standby, WalShip{lsn, bytes});
  }

  void prepare(Session& s, const Envelope& req, const Prepare& m) {
    services::cpu(cfg_.costs.cpu_per_statement);
    if (!s.txn)
      return net().reply(req, error_reply("25P01", "there is no transaction in progress"));
    if (!s.failed) flush(double(s.txn_work.wal_bytes + wal_size::prepare));
    const SqlResult r = call([&] { return db().prepare(s.txn, m.gid); });
    if (r.ok()) ++stats().prepared;
    if (r.failed()) ++stats().errors;
    unbind(s);  // a prepared transaction leaves its session
    net().reply(req, reply_of(r));
  }

  void finish_prepared(Session& s, const Envelope& req, const FinishPrepared& m) {
    services::cpu(cfg_.costs.cpu_per_statement);
    const char* what = m.commit ? "COMMIT PREPARED" : "ROLLBACK PREPARED";
    if (s.txn)
      return net().reply(req, error_reply("25001", fmt::format("{} cannot run inside a transaction "
                                                               "block",
                                                               what)));
    const auto gids = db().prepared();
    if (std::find(gids.begin(), gids.end(), m.gid) != gids.end())
      flush(double(m.commit ? wal_size::commit_prepared : wal_size::abort));
    const SqlResult r = call(
        [&] { return m.commit ? db().commit_prepared(m.gid) : db().rollback_prepared(m.gid); });
    if (r.ok()) {
      ++stats().finished_prepared;
      if (m.commit && r.lsn > 0) ship(r.lsn, double(r.work.wal_bytes));
    } else {
      ++stats().errors;
    }
    net().reply(req, reply_of(r));
  }

  // Standby: replay up to the shipped LSN, recovery_min_apply_delay after it arrived.
  void apply(const Shipped& w) {
    if (cfg_.recovery_min_apply_delay > 0)
      sg4::this_actor::sleep_until(w.arrived + cfg_.recovery_min_apply_delay);
    Replica* replica = d_->replica.get();
    if (!replica || w.lsn <= replica->replay_lsn()) return;  // promoted, or already replayed
    const Database& leader = *d_->leader->own;
    std::int64_t changes = 0;
    double bytes = 0;
    std::vector<Lsn> replayed;
    for (const auto* rec : leader.wal_after(replica->replay_lsn())) {
      if (rec->lsn > w.lsn) break;
      changes += static_cast<std::int64_t>(rec->changes.size());
      bytes += double(rec->bytes);
      if (!rec->created) replayed.push_back(rec->lsn);
    }
    replica->replicate_until(w.lsn);
    services::disk_write(bytes);
    services::cpu(cfg_.costs.cpu_per_replayed_row * double(changes));
    const double t = now();
    for (Lsn lsn : replayed) {
      auto it = d_->leader->commit_times.find(lsn);
      if (it != d_->leader->commit_times.end()) stats().replication_lag.add(t - it->second);
    }
    stats().transactions_replayed += replayed.size();
    stats().row_changes_replayed += static_cast<std::uint64_t>(changes);
  }

  // Standby: after a (re)start, ask the leader where its WAL ends and catch up to it.
  void stream_from_leader() {
    Rpc rpc(net(), name_ + "/walreceiver");
    for (int attempt = 0; attempt < 1000 && d_->replica; ++attempt) {
      auto r =
          rpc.call(d_->leader_endpoint, StreamFrom{d_->replica->replay_lsn()}, CallOptions{1.0, 0});
      if (r.ok()) {
        d_->received_lsn = std::max(d_->received_lsn, r.value().lsn);
        if (applier_) applier_->submit(Shipped{r.value().lsn, now()});
        return;
      }
      sg4::this_actor::sleep_for(1.0);  // wal_retrieve_retry_interval is 5 s; a 1 s poll here
    }
  }

  RunContext& ctx_;
  const std::string& name_;
  const SqlConfig& cfg_;
  std::shared_ptr<SqlDurable> d_;
  std::map<std::uint64_t, Session> sessions_;
  std::map<TxnId, std::uint64_t> session_of_;
  std::uint64_t next_session_ = 0;
  std::unique_ptr<WorkerPool<Job>> backends_;
  std::unique_ptr<WorkerPool<Shipped>> applier_;
};

}  // namespace

double row_bytes(const Row& row) { return static_cast<double>(wal_size::tuple(row)); }

double SqlStatement::wire_bytes() const {
  double b = kHeaderBytes + table.size() + constraint.size() + row_bytes(row) + row_bytes(key);
  b += 32.0 * (double(sets.size()) + (where ? 1 : 0));
  return b;
}

SqlStatement insert(std::string table, Row row) {
  SqlStatement s;
  s.kind = SqlStatement::Kind::insert;
  s.table = std::move(table);
  s.row = std::move(row);
  return s;
}
SqlStatement select_key(std::string table, Key key, std::optional<LockClause> lock) {
  SqlStatement s;
  s.kind = SqlStatement::Kind::select_key;
  s.table = std::move(table);
  s.key = std::move(key);
  s.lock = lock;
  return s;
}
SqlStatement select_unique(std::string table, std::string constraint, Key key,
                           std::optional<LockClause> lock) {
  SqlStatement s = select_key(std::move(table), std::move(key), lock);
  s.kind = SqlStatement::Kind::select_unique;
  s.constraint = std::move(constraint);
  return s;
}
SqlStatement select_where(std::string table, Predicate where, std::optional<LockClause> lock,
                          KeyRange range) {
  SqlStatement s;
  s.kind = SqlStatement::Kind::select_where;
  s.table = std::move(table);
  s.where = std::move(where);
  s.lock = lock;
  s.range = std::move(range);
  return s;
}
SqlStatement update_key(std::string table, Key key, Assignments sets,
                        std::optional<std::int64_t> expected_version) {
  SqlStatement s;
  s.kind = SqlStatement::Kind::update_key;
  s.table = std::move(table);
  s.key = std::move(key);
  s.sets = std::move(sets);
  s.expected_version = expected_version;
  return s;
}
SqlStatement update_where(std::string table, Predicate where, Assignments sets, KeyRange range) {
  SqlStatement s = select_where(std::move(table), std::move(where), {}, std::move(range));
  s.kind = SqlStatement::Kind::update_where;
  s.sets = std::move(sets);
  return s;
}
SqlStatement delete_key(std::string table, Key key, std::optional<std::int64_t> expected_version) {
  SqlStatement s = update_key(std::move(table), std::move(key), {}, expected_version);
  s.kind = SqlStatement::Kind::delete_key;
  return s;
}
SqlStatement delete_where(std::string table, Predicate where, KeyRange range) {
  SqlStatement s = select_where(std::move(table), std::move(where), {}, std::move(range));
  s.kind = SqlStatement::Kind::delete_where;
  return s;
}

SqlServer::SqlServer(RunContext& ctx, std::string name, const std::string& host, SqlConfig cfg)
    : ctx_(ctx),
      name_(std::move(name)),
      cfg_(std::move(cfg)),
      endpoint_(ctx.net().register_service<SqlProtocol>(name_, host)),
      durable_(std::make_shared<SqlDurable>()) {
  durable_->own = std::make_unique<Database>(cfg_.options());
}

SqlServer::SqlServer(RunContext& ctx, std::string name, const std::string& host, SqlConfig cfg,
                     SqlServer& leader)
    : ctx_(ctx),
      name_(std::move(name)),
      cfg_(std::move(cfg)),
      endpoint_(ctx.net().register_service<SqlProtocol>(name_, host)),
      durable_(std::make_shared<SqlDurable>()) {
  if (leader.is_standby()) throw std::logic_error("sql: a standby of a standby (cascading)");
  durable_->replica = std::make_unique<Replica>(*leader.durable_->own, cfg_.options(true));
  durable_->replica->replicate_all();  // the base backup
  durable_->leader = leader.durable_.get();
  durable_->leader_endpoint = leader.endpoint_;
  leader.durable_->standbys.push_back(endpoint_);
}

SqlServer::~SqlServer() = default;

storage::sql::Result SqlServer::create_table(storage::sql::Schema schema) {
  if (is_standby()) throw std::logic_error("sql: create_table on a standby");
  return durable_->own->create_table(std::move(schema));
}

storage::sql::Result SqlServer::load_rows(const std::string& table,
                                          const std::vector<storage::sql::Row>& rows) {
  if (is_standby()) throw std::logic_error("sql: load_rows on a standby");
  Database& db = *durable_->own;
  const storage::sql::TxnId txn = db.begin().txn;
  for (const storage::sql::Row& row : rows) {
    storage::sql::Result r = db.insert(txn, table, row);
    if (!r.ok()) {
      db.rollback(txn);
      return r;
    }
  }
  return db.commit(txn);
}

void SqlServer::start() {
  RunContext& ctx = ctx_;
  const std::string& name = name_;
  const SqlConfig& cfg = cfg_;
  auto durable = durable_;
  spawn_service<SqlProtocol>(ctx.net(), endpoint_, [&ctx, &name, &cfg, durable] {
    return std::make_unique<SqlService>(ctx, name, cfg, durable);
  });
}

storage::sql::FailoverLoss SqlServer::promote() {
  SqlDurable& d = *durable_;
  if (!d.replica) throw std::logic_error("sql: promote() of a server that is no standby");
  // Recovery ends after replaying all the WAL received (recovery_min_apply_delay no longer
  // applies); what never arrived is lost.
  if (d.received_lsn > d.replica->replay_lsn()) {
    d.replica->replicate_until(d.received_lsn);
  }
  const storage::sql::FailoverLoss loss = d.replica->failover_loss();
  d.own = std::make_unique<Database>(d.replica->promote());
  d.replica.reset();
  ++d.stats.promotions;
  d.stats.failover_loss.transactions += loss.transactions;
  d.stats.failover_loss.row_changes += loss.row_changes;
  d.stats.failover_loss.wal_bytes += loss.wal_bytes;
  ctx_.event("sql_promote", name_,
             fmt::format("standby promoted; {} committed transactions of the old leader lost",
                         loss.transactions));
  return loss;
}

void SqlServer::fence() { durable_->fenced = true; }
bool SqlServer::is_standby() const { return durable_->replica != nullptr; }
const Database& SqlServer::database() const { return durable_->db(); }
Lsn SqlServer::replay_lsn() const {
  return durable_->replica ? durable_->replica->replay_lsn() : durable_->own->current_lsn();
}
const SqlServerStats& SqlServer::stats() const { return durable_->stats; }

}  // namespace sdsim::sql_service
