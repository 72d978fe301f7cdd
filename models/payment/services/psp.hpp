// The payment service provider (Stripe, Adyen...) as the payment executor sees it: charges
// with an idempotency key, each authorised through the card network behind it (an external
// endpoint: its latency, errors, time-outs and outages), declined by the issuer at
// decline_rate, and a status query by key. A charge may be made and its answer lost
// (timeout_after_charge): the ambiguity the executor must resolve by querying with the key.
// Every charge goes to the settlement file the PSP sends at the end of the day.
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
      RandomStream rng);
  void start(Inbox& inbox) override;
  void handle(std::unique_ptr<Letter<PspProtocol>> request) override;

 private:
  using Job = std::unique_ptr<Letter<PspProtocol>>;
  void serve(int worker, Job& job);
  void charge(Rpc& rpc, const Letter<PspProtocol>& letter, const Charge& c);

  Net& net_;
  PspConfig cfg_;
  InjectConfig inject_;
  const external_service::ExternalEndpoint& card_;
  std::shared_ptr<Experiment> x_;
  RandomStream rng_;
  std::vector<std::unique_ptr<Rpc>> rpcs_;  // one per worker, made by the worker
  std::unique_ptr<WorkerPool<Job>> pool_;
};

}  // namespace sdsim::payment
