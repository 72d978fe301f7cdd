// The payment service provider (Stripe, Adyen...) as the payment executor sees it: charges
// with an idempotency key, each authorised through the card network behind it (an external
// endpoint: its latency, errors, time-outs and outages), declined by the issuer at
// decline_rate, and a status query by key. A charge may be made and its answer lost
// (timeout_after_charge): the ambiguity the executor must resolve by querying with the key.
// Every charge goes to the settlement file the PSP sends at the end of the day.
//
// The hosted flow (flow: hosted): a registration opens one payment session per key (the
// payment order id as nonce) and returns its token; the buyer (an actor on this host playing
// the browser) completes the hosted page after page_time, or abandons it and the session
// expires. The result goes back by the buyer's redirect and by a webhook, each of which may
// be lost (redirect_loss, webhook_loss); a webhook may be delayed and duplicated.
#pragma once

#include <memory>
#include <vector>

#include "models/payment/experiment.hpp"
#include "models/payment/params.hpp"
#include "sim/core/random.hpp"
#include "sim/net/rpc.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/services/external/external_endpoint.hpp"

namespace sdsim::payment {

class Psp : public ServiceHandler<PspProtocol> {
 public:
  Psp(Net& net, const PspConfig& cfg, const InjectConfig& inject,
      const external_service::ExternalEndpoint& card, std::shared_ptr<Experiment> x,
      RandomStream rng, Endpoint<PspProtocol> self, Endpoint<PaymentProtocol> merchant);
  void start(Inbox& inbox) override;
  void handle(std::unique_ptr<Letter<PspProtocol>> request) override;

 private:
  using Job = std::unique_ptr<Letter<PspProtocol>>;
  void serve(int worker, Job& job);
  void charge(Rpc& rpc, const Letter<PspProtocol>& letter, const Charge& c);
  void open_session(const Letter<PspProtocol>& letter, const Register& r);
  void page_pay(Rpc& rpc, const PagePay& p);
  bool authorize(Rpc& rpc);
  std::uint64_t record_charge(std::uint64_t order_id, std::int64_t amount);
  void deliver(const PaymentEvent& e, double delay);

  Net& net_;
  PspConfig cfg_;
  InjectConfig inject_;
  const external_service::ExternalEndpoint& card_;
  std::shared_ptr<Experiment> x_;
  RandomStream rng_;
  Endpoint<PspProtocol> self_;
  Endpoint<PaymentProtocol> merchant_;
  std::vector<std::unique_ptr<Rpc>> rpcs_;  // one per worker, made by the worker
  std::unique_ptr<WorkerPool<Job>> pool_;
};

}  // namespace sdsim::payment
