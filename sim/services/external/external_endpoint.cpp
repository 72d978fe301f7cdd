#include "sim/services/external/external_endpoint.hpp"

#include <fmt/format.h>

#include <simgrid/s4u.hpp>

#include "sim/core/random.hpp"
#include "sim/model/run_context.hpp"
#include "sim/net/service.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::external_service {
namespace {

using Request = std::unique_ptr<Letter<ExternalProtocol>>;

class ExternalService : public ServiceHandler<ExternalProtocol> {
 public:
  ExternalService(RunContext& ctx, const ExternalEndpoint& self, std::shared_ptr<ExternalDurable> d)
      : ctx_(ctx),
        self_(self),
        d_(std::move(d)),
        rng_(ctx.seed(), fmt::format("external:{}:{}", self.name(), d_->lives + 1)) {}

  void start(Inbox&) override {
    if (d_->lives++ > 0) {
      ++d_->stats.restarts;
      d_->stats.lost_in_crash += d_->in_flight.size();
      ctx_.event("external_restart", self_.name(),
                 fmt::format("{} calls lost in flight", d_->in_flight.size()));
      d_->unanswered.insert(d_->in_flight.begin(), d_->in_flight.end());
      d_->in_flight.clear();
    }
  }

  void handle(Request r) override {
    ExternalStats& s = d_->stats;
    ++s.calls;
    const ExternalConfig& cfg = self_.config();
    if (self_.in_outage(sg4::Engine::get_clock())) {
      if (cfg.outage_mode == OutageMode::hang) {
        ++s.hung_in_outage;
        d_->unanswered.insert(r->id);
        return;
      }
      ++s.refused_in_outage;
      return ctx_.net().fail(*r, Status::Unavailable);
    }
    // Three draws per call whatever the outcome, so one setting does not shift the others.
    const bool lost = rng_.bernoulli(cfg.timeout_rate);
    const bool failed = rng_.bernoulli(cfg.failure_rate);
    const double latency = rng_.lognormal(cfg.latency_mean, cfg.latency_cv);
    if (lost) {
      ++s.timeouts_injected;
      d_->unanswered.insert(r->id);
      return;
    }
    d_->in_flight.insert(r->id);
    auto request = std::shared_ptr<Letter<ExternalProtocol>>(std::move(r));
    RunContext& ctx = ctx_;
    auto d = d_;
    spawn_local(self_.name() + "/call", [&ctx, d, request, latency, failed] {
      sg4::this_actor::sleep_for(latency);
      d->in_flight.erase(request->id);
      const auto& call = std::get<ExternalCall>(request->body);
      if (failed) {
        ++d->stats.failed;
        ctx.net().fail(*request, Status::Error);
      } else {
        ++d->stats.answered;
        ctx.net().reply(*request, ExternalReply{call.reply_bytes, latency});
      }
    });
  }

 private:
  RunContext& ctx_;
  const ExternalEndpoint& self_;
  std::shared_ptr<ExternalDurable> d_;
  RandomStream rng_;
};

}  // namespace

ExternalEndpoint::ExternalEndpoint(RunContext& ctx, std::string name, const std::string& host,
                                   ExternalConfig cfg)
    : ctx_(ctx),
      name_(std::move(name)),
      cfg_(std::move(cfg)),
      outages_(cfg_.outage_windows()),
      endpoint_(ctx.net().register_service<ExternalProtocol>(name_, host)),
      durable_(std::make_shared<ExternalDurable>()) {}

bool ExternalEndpoint::in_outage(double t) const {
  for (const Outage& o : outages_)
    if (t >= o.start && t < o.end) return true;
  return false;
}

void ExternalEndpoint::start() {
  RunContext& ctx = ctx_;
  const ExternalEndpoint& self = *this;
  auto durable = durable_;
  spawn_service<ExternalProtocol>(ctx.net(), endpoint_, [&ctx, &self, durable] {
    return std::make_unique<ExternalService>(ctx, self, durable);
  });
}

}  // namespace sdsim::external_service
