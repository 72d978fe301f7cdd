#include "models/payment/services/payment_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <simgrid/s4u.hpp>

#include "models/payment/tables.hpp"

namespace sg4 = simgrid::s4u;
namespace sq = sdsim::storage::sql;
using namespace sdsim::sql_service;

namespace sdsim::payment {

namespace {
double now() { return sg4::Engine::get_clock(); }
constexpr int kCommitTries = 20;
}  // namespace

PaymentService::PaymentService(Net& net, const Config& cfg, PaymentEndpoints to,
                               std::shared_ptr<Experiment> x, RandomStream rng)
    : net_(net), cfg_(cfg), to_(std::move(to)), x_(std::move(x)), rng_(rng) {}

void PaymentService::start(Inbox&) {
  workers_.clear();
  workers_.resize(cfg_.workers);
  pool_ = std::make_unique<WorkerPool<Job>>("executor", cfg_.workers,
                                            [this](int i, Job& j) { serve(i, j); });
  x_->n.stale_sessions.insert(x_->n.sessions.begin(), x_->n.sessions.end());
  x_->n.sessions.clear();
  // The previous life's orders may or may not have been stored: the recovery scan tells.
  x_->n.ambiguous_inserts.insert(x_->n.open_orders.begin(), x_->n.open_orders.end());
  if (x_->n.lives++ > 0) {
    ++x_->n.recoveries;
    pool_->submit(Job{nullptr, {}, true});
  }
  // The sweeper: orders no worker of this life holds and not final (a crash, or a database
  // answer lost on the way) are resumed every sweep_interval. It dies with the host.
  const double every = cfg_.sweep_interval;
  spawn_local("payment-sweeper", [this, every] {
    while (true) {
      sg4::this_actor::sleep_for(every);
      pool_->submit(Job{nullptr, {}, true});
    }
  });
  // Mode log: the retry consumers, one group, a new member incarnation per life.
  if (to_.queue.log)
    for (int m = 0; m < cfg_.retry_queue.consumers; ++m)
      spawn_local(fmt::format("payment-retry-consumer-{}", m),
                  [this, m, life = x_->n.lives] { run_retry_consumer(m, life); });
}

void PaymentService::handle(std::unique_ptr<Letter<PaymentProtocol>> request) {
  pool_->submit(Job{std::move(request), {}, false});
}

void PaymentService::serve(int index, Job& job) {
  Worker& w = workers_[index];
  if (!w.rpc) {
    w.rpc = std::make_unique<Rpc>(net_, fmt::format("executor-{}", index));
    w.db = std::make_unique<SqlClient>(*w.rpc, to_.database, CallOptions{5.0, 0});
    if (to_.queue.log) w.log = std::make_unique<Rpc>(net_, fmt::format("executor-{}/log", index));
  }
  if (job.request) {
    if (const auto* e = std::get_if<PaymentEvent>(&job.request->body)) return on_event(w, *e);
    return pay_in(w, *job.request);
  }
  if (job.retry) return retry_one(w, job.retry - 1, job.batch);
  if (job.recover) return recover(w);
  resume(w, job.resume);
  active_->erase(job.resume.id);
}

// A statement in autocommit (or in the open transaction), reconnecting after a lost session.
SqlReply PaymentService::run(Worker& w, SqlStatement st) {
  connect(w);
  return w.db->execute(std::move(st));
}

void PaymentService::connect(Worker& w) {
  while (!w.db->connected()) {
    if (w.db->connect().ok) {
      x_->n.sessions.insert(w.db->session());
    } else {
      sg4::this_actor::sleep_for(0.1);
    }
  }
}

void PaymentService::pay_in(Worker& w, const Letter<PaymentProtocol>& letter) {
  const auto& p = std::get<PayIn>(letter.body);
  const Order o{p.order_id, p.amount, p.seller};
  if (!active_->insert(o.id).second)
    return net_.fail(letter, Status::Retry);  // a retry while we work on it
  // Shared: a crash unwinds this worker after the handler is gone.
  struct Done {
    std::shared_ptr<std::set<std::uint64_t>> active;
    std::uint64_t id;
    ~Done() { active->erase(id); }
  } done{active_, o.id};
  x_->n.open_orders.insert(o.id);
  SqlReply r = run(w, insert("orders", new_order_row(o.id, o.amount, o.seller, now())));
  if (!r.ok && r.sqlstate != "23505") {
    // No answer: stored or not, the sweeper's next scan tells.
    x_->n.ambiguous_inserts.insert(o.id);
    return net_.fail(letter, Status::Retry);
  }
  if (!r.ok) {
    // The checkout retried an order already stored: answer from its state, never charge again.
    const SqlReply s =
        r.sqlstate == "23505" ? run(w, select_key("orders", {std::int64_t(o.id)})) : r;
    if (s.ok && !s.rows.empty()) {
      const OrderState st = order_state(s.rows.front());
      if (is_final(st)) x_->n.open_orders.erase(o.id);
      if (st == OrderState::success) return net_.reply(letter, PayInReply{PayInOutcome::success});
      if (st == OrderState::failed) return net_.fail(letter, Status::Error);
    }
    return net_.fail(letter, Status::Retry);  // still executing: ask again later
  }
  start_executing(w, o);
  if (cfg_.flow == Flow::hosted) {
    // The redirect to the hosted page; a failed registration is the sweeper's to repeat.
    open_session(w, o);
    return net_.reply(letter, PayInReply{PayInOutcome::pending});
  }
  const OrderState final = execute(w, o);
  if (final == OrderState::success) return net_.reply(letter, PayInReply{PayInOutcome::success});
  // Mode log: queued for a retry, the checkout hears "processing" (the book's async pay-in).
  if (final == OrderState::executing && to_.queue.log)
    return net_.reply(letter, PayInReply{PayInOutcome::pending});
  net_.fail(letter, final == OrderState::failed ? Status::Error : Status::Retry);
}

// After a restart: every order the previous life left NOT_STARTED or EXECUTING.
void PaymentService::recover(Worker& w) {
  // The previous lives' sessions hold its open transactions and their row locks until the
  // server notices the client is gone (TCP keepalive, 2 h on Linux): end them, as a
  // supervisor's pg_terminate_backend would.
  for (const std::uint64_t session : x_->n.stale_sessions)
    w.rpc->call(to_.database, Disconnect{session}, CallOptions{5.0, 0});
  x_->n.stale_sessions.clear();
  SqlReply r;
  do {
    r = run(w, select_where("orders", [](const sq::RowRef& row) {
              const std::string& s = row.text("state");
              return s == "NOT_STARTED" || s == "EXECUTING";
            }));
  } while (!r.ok);
  std::set<std::uint64_t> unfinished;
  // Mode log: an order with a retry record not yet consumed is the retry consumers' to finish.
  const std::set<std::uint64_t> queued =
      to_.queue.log ? orders_in_retry_topic() : std::set<std::uint64_t>{};
  for (const sq::Row& row : r.rows) {
    const Order o = order_of<Order>(row);
    unfinished.insert(o.id);
    if (queued.count(o.id)) continue;
    if (!active_->insert(o.id).second) continue;  // a worker of this life has it
    ++x_->n.recovered_orders;
    pool_->submit(Job{nullptr, o, false});
  }
  // An unanswered insert whose order is not unfinished was never stored (or is final).
  for (auto it = x_->n.ambiguous_inserts.begin(); it != x_->n.ambiguous_inserts.end();) {
    if (!unfinished.count(*it)) x_->n.open_orders.erase(*it);
    it = unfinished.count(*it) ? std::next(it) : x_->n.ambiguous_inserts.erase(it);
  }
}

// NOT_STARTED -> EXECUTING, and only that (a final state is never left); the state it found.
OrderState PaymentService::start_executing(Worker& w, const Order& o) {
  const std::int64_t id = std::int64_t(o.id);
  const sq::KeyRange just{sq::Key{id}, sq::Key{id}};
  while (!run(w, update_where(
                     "orders", [](const sq::RowRef& r) { return r.text("state") == "NOT_STARTED"; },
                     {sq::set("state", "EXECUTING")}, just))
              .ok)
    sg4::this_actor::sleep_for(0.1);
  SqlReply r;
  while (!(r = run(w, select_key("orders", {id}))).ok || r.rows.empty())
    sg4::this_actor::sleep_for(0.1);
  return order_state(r.rows.front());
}

std::uint64_t PaymentService::key_for(const Order& o) {
  // Without idempotency every attempt is a new request to the PSP (a fresh key).
  return cfg_.idempotency ? o.id : (1ULL << 62) + ++x_->n.fresh_keys;
}

// An order a crash left unfinished: a previous life may have charged it.
OrderState PaymentService::resume(Worker& w, const Order& o) {
  if (const OrderState st = start_executing(w, o); is_final(st))
    return st;  // finished since the scan
  if (cfg_.flow == Flow::hosted) return resume_hosted(w, o);
  if (cfg_.idempotency) {
    // The key's result decides: charged, declined, or never executed (charge it now).
    const auto q = w.rpc->call(to_.psp, Query{o.id}, CallOptions{cfg_.psp_timeout, 0});
    ++x_->n.psp_queries;
    if (q.ok() && q.value().known) {
      ++x_->n.resolved_by_query;
      const bool charged = q.value().outcome == ChargeOutcome::charged;
      return finish(w, o, charged ? OrderState::success : OrderState::failed, q.value().charge_id,
                    0);
    }
  }
  return execute(w, o);
}

std::optional<ChargeReply> PaymentService::charge_once(Worker& w, const Order& o,
                                                      std::uint64_t key) {
  ++x_->n.psp_calls;
  const auto r =
      w.rpc->call(to_.psp, Charge{key, o.id, o.amount}, CallOptions{cfg_.psp_timeout, 0});
  std::optional<ChargeReply> answer;
  if (r.ok()) answer = r.value();
  if (!answer) ++x_->n.psp_timeouts;
  // Mode log asks nothing: the retry, with the same key, gets the first result replayed.
  if (!answer && cfg_.idempotency && !to_.queue.log) {
    // Timed out: charged or not? Ask the PSP with the key.
    const auto q = w.rpc->call(to_.psp, Query{key}, CallOptions{cfg_.psp_timeout, 0});
    ++x_->n.psp_queries;
    if (q.ok() && q.value().known) {
      ++x_->n.resolved_by_query;
      answer = ChargeReply{q.value().outcome, q.value().charge_id, 0};
    }
  }
  return answer;
}

OrderState PaymentService::execute(Worker& w, const Order& o) {
  if (to_.queue.log) return attempt_or_queue(w, o, 1);
  for (int attempt = 1; attempt <= cfg_.max_attempts; ++attempt) {
    const std::optional<ChargeReply> answer = charge_once(w, o, key_for(o));
    double retry_after = 0;
    if (answer) {
      if (answer->outcome == ChargeOutcome::charged)
        return finish(w, o, OrderState::success, answer->charge_id, attempt);
      if (answer->outcome == ChargeOutcome::declined || answer->outcome == ChargeOutcome::mismatch)
        return finish(w, o, OrderState::failed, 0, attempt);
      retry_after = answer->retry_after;
    }
    if (attempt < cfg_.max_attempts)
      sg4::this_actor::sleep_for(cfg_.retry.delay(attempt, rng_, retry_after));
  }
  ++x_->n.dead_letters;
  return finish(w, o, OrderState::failed, 0, -cfg_.max_attempts);  // negative: to the dead letters
}

// Registers the order's payment session at the PSP (retried on time-outs); false when the
// PSP stayed unreachable.
bool PaymentService::open_session(Worker& w, const Order& o) {
  for (int attempt = 1; attempt <= cfg_.max_attempts; ++attempt) {
    ++x_->n.registrations;
    const auto r = w.rpc->call(to_.psp, Register{key_for(o), o.id, o.amount},
                               CallOptions{cfg_.psp_timeout, 0});
    if (r.ok()) return true;
    if (attempt < cfg_.max_attempts) sg4::this_actor::sleep_for(cfg_.retry.delay(attempt, rng_));
  }
  return false;
}

// A hosted order no result has finished yet: ask the PSP by key (poll); a key the PSP does
// not know was never registered (register it). Without keys there is nothing lasting to ask
// about: the order gets a new session (and its buyer a new page to pay).
OrderState PaymentService::resume_hosted(Worker& w, const Order& o) {
  if (cfg_.idempotency && cfg_.poll) {
    const auto q = w.rpc->call(to_.psp, Query{o.id}, CallOptions{cfg_.psp_timeout, 0});
    ++x_->n.psp_queries;
    if (!q.ok() || q.value().pending) return OrderState::executing;  // the buyer is on the page
    if (q.value().known) {
      bool already = false;
      const bool charged = q.value().outcome == ChargeOutcome::charged;
      const OrderState s = finish(w, o, charged ? OrderState::success : OrderState::failed,
                                  q.value().charge_id, 1, &already);
      if (!already && is_final(s)) ++x_->n.by_poll;
      return s;
    }
  }
  open_session(w, o);
  return OrderState::executing;
}

// A redirect or a webhook: the first to arrive finishes the order, the others find it final.
void PaymentService::on_event(Worker& w, const PaymentEvent& e) {
  ++x_->n.events;
  const SqlReply r = run(w, select_key("orders", {std::int64_t(e.order_id)}));
  if (!r.ok || r.rows.empty()) return;  // lost on the way: the sweeper's poll decides
  if (is_final(order_state(r.rows.front()))) return (void)++x_->n.events_ignored;
  const Order o = order_of<Order>(r.rows.front());
  ChargeOutcome outcome = e.outcome;
  std::uint64_t charge = e.charge_id;
  if (e.source == EventSource::redirect) {
    // The redirect's query string is the buyer's to forge: the PSP says what happened.
    const auto q = w.rpc->call(to_.psp, Query{e.key}, CallOptions{cfg_.psp_timeout, 0});
    ++x_->n.psp_queries;
    if (!q.ok() || !q.value().known) return;
    outcome = q.value().outcome;
    charge = q.value().charge_id;
  }
  if (outcome == ChargeOutcome::transient || outcome == ChargeOutcome::conflict) return;
  bool already = false;
  const OrderState s = finish(
      w, o, outcome == ChargeOutcome::charged ? OrderState::success : OrderState::failed, charge, 1,
      &already);
  if (already) ++x_->n.events_ignored;
  if (!already && is_final(s)) ++(e.source == EventSource::webhook ? x_->n.by_webhook : x_->n.by_redirect);
}

// One transaction: the order's final state and flags, and on success the two ledger entries
// and the seller's wallet. The order's row lock makes a second finisher find it final.
OrderState PaymentService::finish(Worker& w, const Order& o, OrderState to, std::uint64_t charge,
                                  int attempts, bool* already) {
  const bool dead = attempts < 0;
  const std::int64_t id = std::int64_t(o.id);
  for (int tries = 0; tries < kCommitTries; ++tries) {
    if (tries > 0) {
      ++x_->n.commit_retries;
      sg4::this_actor::sleep_for(0.1);
    }
    if (tries > 0 && w.db->connected()) w.db->rollback();
    connect(w);
    if (!w.db->begin().ok) continue;
    SqlReply r = w.db->execute(select_key("orders", {id}, sq::LockClause{}));
    if (!r.ok || r.rows.empty()) continue;
    const OrderState found = order_state(r.rows.front());
    if (is_final(found)) {
      w.db->rollback();
      x_->n.open_orders.erase(o.id);
      if (already) *already = true;
      return found;
    }
    const double t = now();
    bool skip_ledger = false;
    // The planted bug takes orders whose charge the PSP did not settle off (one mismatch each).
    const auto& off = x_->n.amount_difference_charges;
    if (to == OrderState::success && x_->n.injected_missing_ledger < cfg_.inject.missing_ledger &&
        std::find(off.begin(), off.end(), charge) == off.end())
      skip_ledger = true;
    const bool books = to == OrderState::success && !skip_ledger;
    r = w.db->execute(update_key("orders", {id},
                                 final_order_sets(to, charge, std::abs(attempts), books, dead, t)));
    if (r.ok && books) {
      for (const LedgerEntry& e : pay_in_entries(o.id, o.seller, o.amount, t))
        if (r.ok) r = w.db->execute(insert("ledger", ledger_row(e)));
      if (r.ok) r = w.db->execute(update_key("wallet", {o.seller}, {sq::add("balance", o.amount)}));
      if (r.ok && r.count == 0)
        r = w.db->execute(insert("wallet", {o.seller, o.amount}));  // first pay-in
    }
    if (r.ok && dead)
      r = w.db->execute(insert("dead_letters", {id, std::int64_t(cfg_.max_attempts), t}));
    if (!r.ok) continue;
    if (!w.db->commit().ok) continue;
    if (skip_ledger) {
      ++x_->n.injected_missing_ledger;
      x_->n.missing_ledger_orders.push_back(o.id);
    }
    x_->n.open_orders.erase(o.id);
    return to;
  }
  return OrderState::executing;  // the database stayed unreachable: recovery will finish it
}

}  // namespace sdsim::payment
