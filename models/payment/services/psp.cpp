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
         RandomStream rng)
    : net_(net), cfg_(cfg), inject_(inject), card_(card), x_(std::move(x)), rng_(rng) {}

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
  const auto& q = std::get<Query>(job->body);
  ++x_->psp.queries;
  QueryReply reply;
  if (auto stored = x_->psp.keys.lookup(q.key, sg4::Engine::get_clock())) {
    reply.known = true;
    reply.outcome = stored->outcome;
    reply.charge_id = stored->charge_id;
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
  const auto card = rpc.call(card_.endpoint(), external_service::ExternalCall{"authorize", 64, 64},
                             CallOptions{cfg_.card_timeout, 0});
  // Two draws per authorised charge whatever the outcome, so one setting does not shift the other.
  const bool declined = rng_.bernoulli(cfg_.decline_rate);
  const bool answer_lost = rng_.bernoulli(cfg_.timeout_after_charge);
  if (!card.ok()) {
    ++book.card_failures;
    book.keys.abandon(c.key);  // never began executing: a repeat executes afresh
    return net_.reply(letter, ChargeReply{ChargeOutcome::transient, 0, cfg_.retry_after});
  }
  ChargeReply result{declined ? ChargeOutcome::declined : ChargeOutcome::charged, 0, 0};
  if (!declined) {
    result.charge_id = ++book.next_charge;
    std::int64_t settled = c.amount;
    if (x_->n.injected_amount_difference < inject_.amount_difference) {
      ++x_->n.injected_amount_difference;
      x_->n.amount_difference_charges.push_back(result.charge_id);
      settled += 1;
    }
    book.settlement.push_back(SettlementRow{result.charge_id, c.order_id, settled, "USD", "settled",
                                            sg4::Engine::get_clock()});
    ++book.charges_per_order[c.order_id];
  }
  book.keys.finish(c.key, result);
  if (!declined && answer_lost) {
    ++book.answers_dropped;
    return;
  }
  net_.reply(letter, result);
}

}  // namespace sdsim::payment
