#include "models/payment/services/psp.hpp"

#include <fmt/format.h>

#include <simgrid/s4u.hpp>

namespace sg4 = simgrid::s4u;

namespace sdsim::payment {

namespace {
constexpr int kPspWorkers = 256;  // the PSP's capacity is not the architecture's concern
}  // namespace

Psp::Psp(Net& net, const PspConfig& cfg, const InjectConfig& inject,
         const external_service::ExternalEndpoint& card, std::shared_ptr<Experiment> x,
         RandomStream rng, Endpoint<PspProtocol> self, Endpoint<PaymentProtocol> merchant)
    : net_(net),
      cfg_(cfg),
      inject_(inject),
      card_(card),
      x_(std::move(x)),
      rng_(rng),
      self_(std::move(self)),
      merchant_(std::move(merchant)) {}

void Psp::start(Inbox&) {
  // Charges made through another channel (a manual capture): the settlement file holds them,
  // the payment system never heard of them.
  while (x_->n.injected_unknown_charge < inject_.unknown_charge) {
    const auto order = kUnknownOrderBase + std::uint64_t(x_->n.injected_unknown_charge++);
    x_->psp.settlement.push_back(
        SettlementRow{++x_->psp.next_charge, order, 500, "USD", "settled", 0.0});
  }
  rpcs_.clear();
  rpcs_.resize(kPspWorkers);
  pool_ = std::make_unique<WorkerPool<Job>>("psp-worker", kPspWorkers,
                                            [this](int w, Job& j) { serve(w, j); });
}

void Psp::handle(std::unique_ptr<Letter<PspProtocol>> request) {
  pool_->submit(std::move(request));
}

void Psp::serve(int worker, Job& job) {
  if (!rpcs_[worker])
    rpcs_[worker] = std::make_unique<Rpc>(net_, fmt::format("psp-worker-{}", worker));
  if (const auto* c = std::get_if<Charge>(&job->body)) return charge(*rpcs_[worker], *job, *c);
  if (const auto* r = std::get_if<Register>(&job->body)) return open_session(*job, *r);
  if (const auto* p = std::get_if<PagePay>(&job->body)) return page_pay(*rpcs_[worker], *p);
  const auto& q = std::get<Query>(job->body);
  ++x_->psp.queries;
  QueryReply reply;
  if (auto stored = x_->psp.keys.lookup(q.key, sg4::Engine::get_clock())) {
    reply.known = true;
    reply.outcome = stored->outcome;
    reply.charge_id = stored->charge_id;
  } else {
    reply.pending = x_->psp.sessions.count(q.key) > 0;
  }
  net_.reply(*job, reply);
}

void Psp::charge(Rpc& rpc, const Letter<PspProtocol>& letter, const Charge& c) {
  PspBook& book = x_->psp;
  ++book.charge_calls;
  ChargeReply stored;
  switch (book.keys.begin(c.key, ChargeParams{c.order_id, c.amount}, sg4::Engine::get_clock(),
                          &stored)) {
    case KeyCheck::stored:
      ++book.replays;
      return net_.reply(letter, stored);
    case KeyCheck::mismatch:
      ++book.mismatches;
      return net_.reply(letter, ChargeReply{ChargeOutcome::mismatch});
    case KeyCheck::in_progress:
      ++book.conflicts;
      return net_.reply(letter, ChargeReply{ChargeOutcome::conflict});
    case KeyCheck::fresh:
      break;
  }
  const bool authorized = authorize(rpc);
  // Two draws per authorised charge whatever the outcome, so one setting does not shift the other.
  const bool declined = rng_.bernoulli(cfg_.decline_rate);
  const bool answer_lost = rng_.bernoulli(cfg_.timeout_after_charge);
  if (!authorized) {
    book.keys.abandon(c.key);  // never began executing: a repeat executes afresh
    return net_.reply(letter, ChargeReply{ChargeOutcome::transient, 0, cfg_.retry_after});
  }
  ChargeReply result{declined ? ChargeOutcome::declined : ChargeOutcome::charged, 0, 0};
  if (!declined) result.charge_id = record_charge(c.order_id, c.amount);
  book.keys.finish(c.key, result);
  if (!declined && answer_lost) {
    ++book.answers_dropped;
    return;
  }
  net_.reply(letter, result);
}

// The card network's authorisation; false on its error, refusal or time-out (transient).
bool Psp::authorize(Rpc& rpc) {
  const auto card = rpc.call(card_.endpoint(), external_service::ExternalCall{"authorize", 64, 64},
                             CallOptions{cfg_.card_timeout, 0});
  if (!card.ok()) ++x_->psp.card_failures;
  return card.ok();
}

// A charge made: its settlement row (the planted amount differences settle one cent more).
std::uint64_t Psp::record_charge(std::uint64_t order_id, std::int64_t amount) {
  PspBook& book = x_->psp;
  const std::uint64_t id = ++book.next_charge;
  std::int64_t settled = amount;
  if (x_->n.injected_amount_difference < inject_.amount_difference) {
    ++x_->n.injected_amount_difference;
    x_->n.amount_difference_charges.push_back(id);
    settled += 1;
  }
  book.settlement.push_back(
      SettlementRow{id, order_id, settled, "USD", "settled", sg4::Engine::get_clock()});
  ++book.charges_per_order[order_id];
  return id;
}

// A registration: one session per key, its token for every repeat; a new session sends its
// buyer to the hosted page.
void Psp::open_session(const Letter<PspProtocol>& letter, const Register& r) {
  PspBook& book = x_->psp;
  const auto [it, opened] = book.sessions.emplace(r.key, book.sessions.size() + 1);
  net_.reply(letter, RegisterReply{it->second, opened});
  if (!opened) return;
  const double now = sg4::Engine::get_clock();
  (void)book.keys.begin(r.key, ChargeParams{r.order_id, r.amount}, now);
  const HostedConfig& h = cfg_.hosted;
  const bool abandons = rng_.bernoulli(h.abandon_rate);
  const double page = h.page_time > 0 ? rng_.exponential(h.page_time) : 0.0;
  const bool pays = !abandons && page < h.session_expiry;
  const PagePay submit{r.key, r.order_id, r.amount, pays, now + h.session_expiry};
  const double wait = pays ? page : h.session_expiry;
  Net& net = net_;
  const Endpoint<PspProtocol> self = self_;
  spawn_local("psp-buyer", [&net, self, submit, wait] {
    sg4::this_actor::sleep_for(wait);
    net.send(self, submit);
  });
}

// The hosted page submitted (or the session expired): charge through the card network (the
// buyer retries a failed card every second while the session is open), store the result under
// the key, and send it back by redirect and webhook.
void Psp::page_pay(Rpc& rpc, const PagePay& p) {
  PspBook& book = x_->psp;
  const HostedConfig& h = cfg_.hosted;
  ChargeReply result{ChargeOutcome::expired, 0, 0};
  if (p.pays) {
    while (!authorize(rpc) && sg4::Engine::get_clock() + 1.0 < p.expires_at)
      sg4::this_actor::sleep_for(1.0);
    // Drawn whatever happened, so one setting does not shift the others.
    const bool declined = rng_.bernoulli(cfg_.decline_rate);
    if (sg4::Engine::get_clock() < p.expires_at)
      result.outcome = declined ? ChargeOutcome::declined : ChargeOutcome::charged;
  } else {
    ++book.abandoned;
  }
  if (result.outcome == ChargeOutcome::charged) result.charge_id = record_charge(p.order_id, p.amount);
  book.keys.finish(p.key, result);
  const bool redirect_lost = rng_.bernoulli(h.redirect_loss);
  const bool webhook_lost = rng_.bernoulli(h.webhook_loss);
  const bool duplicated = rng_.bernoulli(h.webhook_duplicate);
  const double delay = rng_.uniform01() * h.webhook_delay,
               again = rng_.uniform01() * h.webhook_delay;
  // The buyer who paid (or was declined) comes back through the redirect; one who left does not.
  if (p.pays) {
    if (redirect_lost)
      ++book.redirects_lost;
    else
      deliver(PaymentEvent{EventSource::redirect, p.order_id, p.key, ChargeOutcome::transient, 0},
              0);
  }
  ++book.webhooks;
  if (webhook_lost) return (void)++book.webhooks_lost;
  const PaymentEvent hook{EventSource::webhook, p.order_id, p.key, result.outcome,
                          result.charge_id};
  deliver(hook, delay);
  if (duplicated) {
    ++book.webhooks_duplicated;
    deliver(hook, again);
  }
}

void Psp::deliver(const PaymentEvent& e, double delay) {
  if (delay <= 0) return (void)net_.send(merchant_, e);
  Net& net = net_;
  const Endpoint<PaymentProtocol> to = merchant_;
  spawn_local("psp-webhook", [&net, to, e, delay] {
    sg4::this_actor::sleep_for(delay);
    net.send(to, e);
  });
}

}  // namespace sdsim::payment
