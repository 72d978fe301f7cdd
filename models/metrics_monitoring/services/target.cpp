#include "models/metrics_monitoring/services/target.hpp"

#include <fmt/format.h>

#include <cmath>
#include <deque>

#include "models/metrics_monitoring/services/discovery.hpp"
#include "sim/model/run_context.hpp"
#include "sim/net/service.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::metrics_monitoring {
namespace {

class Exporter : public ServiceHandler<TargetProtocol> {
 public:
  Exporter(Experiment& x, int target) : x_(x), target_(target) {}
  void handle(std::unique_ptr<Letter<TargetProtocol>> request) override {
    const double now = sg4::Engine::get_clock();
    ScrapeReply reply;
    for (int g = 0; g < x_.cfg.series_per_target; ++g)
      reply.values.push_back(x_.value(target_, g, now));
    x_.ctx.net().reply(*request, std::move(reply));
  }

 private:
  Experiment& x_;
  int target_;
};

// The push agent: samples on its own grid, sends what it holds; reliable pushes keep the
// samples until a collector acknowledged them (after the log did).
void run_agent(Experiment& x, int target) {
  const PushConfig& p = x.cfg.push;
  const std::string name = fmt::format("agent-{}", target);
  Rpc rpc(x.ctx.net(), name);
  Discovery discovery(x, rpc, std::uint64_t(1000 + target));
  discovery.register_target(target);
  RandomStream loss = x.ctx.stream(fmt::format("{}/loss#{}", name, sg4::Engine::get_clock()));
  std::deque<Sample> buffer;
  const double load_end = x.ctx.timeline().load_end();
  for (double t = std::ceil(sg4::Engine::get_clock() / p.interval) * p.interval; t < load_end;
       t += p.interval) {
    sg4::this_actor::sleep_until(t);
    for (int g = 0; g < x.cfg.series_per_target; ++g) {
      const std::uint32_t s = x.gauge_series[std::size_t(target)][std::size_t(g)];
      x.taken[s].push_back(t);
      if (p.transport == Transport::Reliable && int(buffer.size()) >= p.buffer_points) {
        ++x.counters.agent_dropped;
        continue;
      }
      buffer.push_back(Sample{s, t, x.value(target, g, t)});
    }
    const int collector = discovery.collector_for(x.target_names[std::size_t(target)]);
    ++x.counters.pushes;
    PushBatch batch{target, std::vector<Sample>(buffer.begin(), buffer.end())};
    if (p.transport == Transport::Udp) {
      buffer.clear();
      if (collector < 0 || loss.bernoulli(p.loss)) {
        ++x.counters.pushes_failed;
        x.counters.udp_lost += batch.samples.size();
        continue;
      }
      x.ctx.net().send(x.collectors[std::size_t(collector)], std::move(batch));
      continue;
    }
    if (collector < 0) {
      ++x.counters.pushes_failed;
      continue;
    }
    const std::size_t sent = batch.samples.size();
    CallOptions opt;
    opt.timeout = p.timeout;
    auto r = rpc.call(x.collectors[std::size_t(collector)], batch, opt);
    if (r.ok()) {
      buffer.erase(buffer.begin(), buffer.begin() + std::ptrdiff_t(sent));
    } else {
      ++x.counters.pushes_failed;
      discovery.suspect(collector);
    }
  }
}

}  // namespace

void start_target(Experiment& x, int target) {
  const Endpoint<TargetProtocol>& ep = x.targets[std::size_t(target)];
  Experiment* px = &x;
  spawn_service<TargetProtocol>(x.ctx.net(), ep, [px, target] {
    if (px->cfg.collection == Collection::Pull) {
      spawn_local(fmt::format("registrar-{}", target), [px, target] {
        Rpc rpc(px->ctx.net(), fmt::format("registrar-{}", target));
        Discovery(*px, rpc, std::uint64_t(1000 + target)).register_target(target);
      });
    } else {
      spawn_local(fmt::format("agent-{}", target), [px, target] { run_agent(*px, target); });
    }
    return std::make_unique<Exporter>(*px, target);
  });
}

}  // namespace sdsim::metrics_monitoring
