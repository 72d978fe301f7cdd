#include "models/hotel/services/reservation_service.hpp"

#include <fmt/format.h>

#include <cmath>
#include <simgrid/s4u.hpp>

#include "models/hotel/booking.hpp"
#include "models/hotel/inventory.hpp"
#include "sim/net/rpc.hpp"
#include "sim/services/sql/sql_client.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::hotel {

namespace sq = storage::sql;
using namespace sql_service;

namespace {

double now() { return sg4::Engine::get_clock(); }
const sq::LockClause kForUpdate{sq::RowLockMode::update, sq::WaitPolicy::wait};  // compensation

enum class Step { ok, resubmitted, sold_out, retry, payment_failed, failed };

}  // namespace

// One worker's connections (made in the worker's own actor: an Rpc belongs to one actor).
struct ReservationService::Worker {
  Worker(Net& net, const ReservationEnv& env, const std::string& name)
      : env(env),
        rpc(net, name),
        inv(rpc, env.inventory_db),
        pay(rpc, env.payment_db),
        rng(env.seed, name) {}
  const ReservationEnv& env;
  Rpc rpc;
  SqlClient inv, pay;
  RandomStream rng;

  const Config& cfg() const { return env.cfg; }
  HotelStats& stats() { return *env.stats; }
  CoordinatorLog& log() { return *env.log; }

  // Connects (retrying while the server is down); false when it stays down for 30 s.
  bool ensure(SqlClient& c, int db) {
    for (int i = 0; i < 150 && !c.connected(); ++i) {
      if (c.connect().ok) {
        log().sessions.insert({db, c.session()});
        break;
      }
      sg4::this_actor::sleep_for(0.2);
    }
    return c.connected();
  }

  // What a failed statement means for the booking; the transaction is over either way.
  Step fail(SqlClient& c, const SqlReply& r) {
    if (c.connected()) c.rollback();
    if (r.sqlstate == "23514") ++stats().check_violations;
    if (r.sqlstate == "40001") ++stats().serialization_failures;
    if (r.sqlstate == "40P01") ++stats().deadlocks;
    switch (classify(r.sqlstate)) {
      case Verdict::resubmitted:
        return Step::resubmitted;
      case Verdict::sold_out:
        return Step::sold_out;
      case Verdict::retry:
        return Step::retry;
      case Verdict::failed:
        break;
    }
    return Step::failed;
  }

  // BEGIN, the reservation row, the inventory rows (booking.hpp decides how); leaves the
  // transaction open on ok.
  Step reserve(const Stay& s, const std::string& status, std::int64_t guest) {
    SqlClient& c = inv;
    const Concurrency mode = cfg().concurrency;
    if (!ensure(c, 0)) return Step::failed;
    SqlReply r = c.begin(booking_isolation(mode, cfg().isolation));
    if (!r.ok) return fail(c, r);
    r = c.execute(
        insert(kReservation, reservation_row(s.reservation_id, s.hotel, s.room_type, s.start_date,
                                             s.end_date, s.rooms, status, guest)));
    if (!r.ok) return fail(c, r);
    std::vector<NightRow> rows;
    for (std::int64_t d : stay_nights(s.start_date, s.end_date)) {
      NightRow n{s.hotel, s.room_type, d};
      if (reads_first(mode)) {
        r = c.execute(select_key(kInventory, night_key(s.hotel, s.room_type, d), read_lock(mode)));
        if (!r.ok) return fail(c, r);
        n = night_row(r.rows.at(0));
      }
      rows.push_back(n);
    }
    if (reads_first(mode)) {
      if (!stay_available(rows, s.rooms, cfg().inventory.overbooking)) {
        c.rollback();
        return Step::sold_out;
      }
      sg4::this_actor::sleep_for(cfg().app_time);  // the application decides
    }
    for (const NightRow& n : rows) {
      NightWrite w = night_write(mode, cfg().none_write, n, s.rooms);
      r = c.execute(update_key(kInventory, night_key(n.hotel, n.room_type, n.date),
                               std::move(w.sets), w.expected_version));
      if (!r.ok) return fail(c, r);
      if (r.count == 0) {  // optimistic: someone changed the row since we read it
        ++stats().version_conflicts;
        c.rollback();
        return Step::retry;
      }
    }
    return Step::ok;
  }

  Step commit(SqlClient& c) {
    const SqlReply r = c.commit();
    if (!r.ok) return fail(c, r);
    return r.tag == "COMMIT" ? Step::ok : Step::failed;
  }

  bool charge(const Stay& s) {
    external_service::ExternalCall call{"charge", 200, 100};
    (void)s;
    return rpc.call(env.payment_provider, call, CallOptions{cfg().payment_timeout, 0}).ok();
  }
  double amount(const Stay& s) const {
    return cfg().price * static_cast<double>(s.rooms * (s.end_date - s.start_date));
  }

  // Autocommit statements retried until the server answers (a saga's steps must happen).
  SqlReply until_done(SqlClient& c, int db, const SqlStatement& st) {
    while (true) {
      if (ensure(c, db)) {
        SqlReply r = c.execute(st);
        if (r.sqlstate != "08006" && r.sqlstate != "40001" && r.sqlstate != "40P01") return r;
      }
      sg4::this_actor::sleep_for(0.1);
    }
  }

  // Releases the rooms of a pending reservation and cancels it (once: it checks the status under
  // a row lock). Returns whether this call did it.
  bool compensate(const Stay& s) {
    while (true) {
      if (!ensure(inv, 0)) {
        sg4::this_actor::sleep_for(0.1);
        continue;
      }
      SqlReply r = inv.begin(sq::Isolation::read_committed);
      if (r.ok) r = inv.execute(select_key(kReservation, {s.reservation_id}, kForUpdate));
      if (r.ok && (r.rows.empty() || r.rows.at(0).at(6).as_text() != "pending")) {
        inv.rollback();
        return false;
      }
      for (std::int64_t d : stay_nights(s.start_date, s.end_date))
        if (r.ok)
          r = inv.execute(update_key(kInventory, night_key(s.hotel, s.room_type, d),
                                     {sq::add("total_reserved", -s.rooms)}));
      if (r.ok)
        r = inv.execute(
            update_key(kReservation, {s.reservation_id}, {sq::set("status", "cancelled")}));
      if (r.ok) r = inv.commit();
      if (r.ok && r.tag == "COMMIT") return true;
      if (inv.connected()) inv.rollback();
      sg4::this_actor::sleep_for(0.1);
    }
  }

  void finish_prepared(SqlClient& c, int db, const std::string& gid, bool commit) {
    while (true) {
      if (ensure(c, db)) {
        const SqlReply r = commit ? c.commit_prepared(gid) : c.rollback_prepared(gid);
        if (r.ok || r.sqlstate == "42704") return;  // 42704: done already (or never prepared)
      }
      sg4::this_actor::sleep_for(0.1);
    }
  }

  // The two-phase transaction's second phase, from its logged state; forgets it.
  void complete_twopc(const std::string& gid) {
    TwoPcEntry& e = log().twopc.at(gid);
    const bool commit = e.state == TwoPcEntry::State::decided_commit;
    finish_prepared(inv, 0, gid, commit);
    if (e.payment_prepared || !commit) finish_prepared(pay, 1, gid, commit);
    TwoPcEntry& done = log().twopc.at(gid);
    if (done.prepared_at >= 0) {
      stats().prepared_time.add(now() - done.prepared_at);
      --stats().prepared_now;
    }
    ++(commit ? stats().twopc_commits : stats().twopc_aborts);
    log().twopc.erase(gid);
  }

  Step book_local(const Stay& s, std::int64_t guest) {
    const Step st = reserve(s, "confirmed", guest);
    return st == Step::ok ? commit(inv) : st;
  }

  Step book_saga(const Stay& s, std::int64_t guest) {
    log().sagas[s.reservation_id] = SagaEntry{s, -1};
    Step st = reserve(s, "pending", guest);
    if (st == Step::ok) st = commit(inv);
    if (st != Step::ok) {
      log().sagas.erase(s.reservation_id);
      return st;
    }
    log().sagas[s.reservation_id].reserved_at = now();
    stats().rooms_held_unpaid += s.rooms * (s.end_date - s.start_date);
    const bool paid = charge(s);
    if (paid) {
      until_done(pay, 1, insert(kPayment, {s.reservation_id, amount(s)}));
      until_done(inv, 0,
                 update_key(kReservation, {s.reservation_id}, {sq::set("status", "confirmed")}));
    } else if (compensate(s)) {
      ++stats().compensations;
      stats().inconsistent_window.add(now() - log().sagas[s.reservation_id].reserved_at);
    }
    stats().rooms_held_unpaid -= s.rooms * (s.end_date - s.start_date);
    log().sagas.erase(s.reservation_id);
    return paid ? Step::ok : Step::payment_failed;
  }

  Step book_twopc(const Stay& s, std::int64_t guest) {
    const std::string gid = fmt::format("hotel-{}", s.reservation_id);
    log().twopc[gid] = TwoPcEntry{s};
    Step st = reserve(s, "confirmed", guest);
    if (st == Step::ok) {
      const SqlReply r = inv.prepare(gid);
      st = r.ok ? Step::ok : fail(inv, r);
    }
    if (st != Step::ok) {
      log().twopc.erase(gid);
      return st;
    }
    log().twopc[gid].prepared_at = now();
    ++stats().prepared_now;
    bool vote = charge(s);
    if (vote) {
      vote = ensure(pay, 1);
      SqlReply r;
      if (vote) r = pay.begin();
      if (vote && r.ok) r = pay.execute(insert(kPayment, {s.reservation_id, amount(s)}));
      if (vote && r.ok) r = pay.prepare(gid);
      vote = vote && r.ok;
      if (vote)
        log().twopc[gid].payment_prepared = true;
      else if (pay.connected())
        pay.rollback();
    }
    sg4::this_actor::sleep_for(cfg().db.costs.fsync);  // the decision record, flushed
    log().twopc[gid].state =
        vote ? TwoPcEntry::State::decided_commit : TwoPcEntry::State::decided_abort;
    complete_twopc(gid);
    return vote ? Step::ok : Step::payment_failed;
  }

  // After a crash: every session of the previous life is closed, then the logs are replayed.
  void recover() {
    std::vector<std::string> gids;
    for (const auto& [gid, e] : log().twopc) gids.push_back(gid);
    for (const std::string& gid : gids) {
      TwoPcEntry& e = log().twopc.at(gid);
      if (e.state == TwoPcEntry::State::preparing)
        e.state = TwoPcEntry::State::decided_abort;  // presumed abort
      ++stats().twopc_recovered;
      complete_twopc(gid);
    }
    std::vector<std::int64_t> ids;
    for (const auto& [id, e] : log().sagas) ids.push_back(id);
    for (std::int64_t id : ids) {
      const SagaEntry e = log().sagas.at(id);
      const SqlReply paid = until_done(pay, 1, select_key(kPayment, {id}));
      if (!paid.rows.empty()) {  // paid: go forward
        until_done(inv, 0, update_key(kReservation, {id}, {sq::set("status", "confirmed")}));
        ++stats().saga_forward_recoveries;
      } else if (compensate(e.stay)) {  // no payment recorded: go back
        ++stats().compensations;
        if (e.reserved_at >= 0) stats().inconsistent_window.add(now() - e.reserved_at);
      }
      if (e.reserved_at >= 0)
        stats().rooms_held_unpaid -= e.stay.rooms * (e.stay.end_date - e.stay.start_date);
      log().sagas.erase(id);
    }
  }
};

void ReservationService::start(Inbox&) {
  const int life = ++env_.log->lives;
  env_.log->busy = 0;
  for (int i = 0; i < env_.cfg.workers; ++i) workers_.push_back(nullptr);
  pool_ = std::make_unique<WorkerPool<Job>>(env_.name + "-worker", env_.cfg.workers,
                                            [this](int i, Job& job) { serve(i, job); });
  if (life == 1) return;
  // The recovery runs beside the service; a booking of the new life never touches an id of the
  // old one (ids are the clients'), so the two need no ordering.
  ++env_.log->busy;
  auto log = env_.log;
  spawn_local(env_.name + "-recovery", [this, life, log] {
    Worker w(net_, env_, fmt::format("{}-recovery-{}", env_.name, life));
    w.recover();
    --log->busy;
  });
}

void ReservationService::handle(std::unique_ptr<Letter<ReservationProtocol>> msg) {
  ++env_.log->busy;
  pool_->submit(std::move(msg));
}

void ReservationService::serve(int index, Job& job) {
  if (!workers_[index])
    workers_[index] = std::make_shared<Worker>(
        net_, env_, fmt::format("{}-w{}-{}", env_.name, index, env_.log->lives));
  Worker& w = *workers_[index];
  while (!*env_.loaded) sg4::this_actor::sleep_for(0.01);
  const Book& b = std::get<Book>(job->body);
  HotelStats& stats = *env_.stats;
  ++stats.submitted;
  Stay s{b.reservation_id, b.hotel, b.room_type, b.start_date, b.end_date, b.rooms};
  if (!env_.cfg.idempotency)  // the service names the reservation: a re-submission is a new one
    s.reservation_id = (static_cast<std::int64_t>(env_.index) << 40) + env_.log->next_id++;
  stats.intent_of[s.reservation_id] = b.reservation_id;
  int attempts = 0;
  Step st = Step::failed;
  while (true) {
    ++attempts;
    switch (env_.cfg.across) {
      case Across::local:
        st = w.book_local(s, b.guest);
        break;
      case Across::saga:
        st = w.book_saga(s, b.guest);
        break;
      case Across::twopc:
        st = w.book_twopc(s, b.guest);
        break;
    }
    if (st != Step::retry || attempts > env_.cfg.max_retries) break;
    ++stats.retries;
    const double backoff =
        env_.cfg.retry_backoff * std::pow(2.0, attempts - 1) * (1.0 + w.rng.uniform01());
    sg4::this_actor::sleep_for(backoff);
  }
  std::string outcome;
  switch (st) {
    case Step::ok:
      outcome = "booked", ++stats.booked;
      break;
    case Step::resubmitted:
      outcome = "resubmitted", ++stats.resubmitted;
      break;
    case Step::sold_out:
      outcome = "sold_out", ++stats.sold_out;
      break;
    case Step::retry:
      outcome = "failed", ++stats.failed;
      break;
    case Step::payment_failed:
      outcome = "payment_failed", ++stats.payment_failed;
      break;
    case Step::failed:
      outcome = "failed", ++stats.failed;
      break;
  }
  stats.outcome_of[job->id] = {outcome, s.reservation_id, attempts};
  net_.reply(*job, BookReply{outcome, attempts});
  --env_.log->busy;
}

}  // namespace sdsim::hotel
