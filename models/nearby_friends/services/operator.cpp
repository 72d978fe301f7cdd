#include "models/nearby_friends/services/operator.hpp"

#include <fmt/format.h>

#include <simgrid/s4u.hpp>

#include "models/nearby_friends/pubsub_ring.hpp"
#include "sim/coord/coord_client.hpp"
#include "sim/model/run_context.hpp"
#include "sim/net/service.hpp"
#include "sim/services/kv/kv_client.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::nearby_friends {

namespace {

constexpr int kLoaders = 16;
constexpr double kLossWindow = 5.0;  // s after a ring change its losses are counted in

double now() { return sg4::Engine::get_clock(); }

void load_friends(RunContext& ctx, std::shared_ptr<Experiment> e, int loader,
                  std::shared_ptr<int> running) {
  Rpc rpc(ctx.net(), fmt::format("friends-loader-{}", loader));
  kv_service::KvClient client(rpc, *e->friends_store, kv_service::KvClientOptions{}, loader);
  for (std::size_t u = std::size_t(loader); u < e->graph.users(); u += kLoaders) {
    const std::string value = encode_friends(e->graph.friends(std::uint32_t(u)));
    while (!client
                .put("friends:" + std::to_string(u), lsm_service::Value::bytes(value),
                     kv_service::Consistency::all)
                .ok())
      sg4::this_actor::sleep_for(0.1);
  }
  if (--*running == 0) e->friends_loaded = true;
}

class Operator {
 public:
  Operator(RunContext& ctx, std::shared_ptr<Experiment> e)
      : ctx_(ctx), e_(std::move(e)), rpc_(ctx.net(), "pubsub-operator"),
        coord_(rpc_, e_->coord->endpoints(), 1) {}

  void run() {
    const PubSubConfig& p = e_->cfg.pubsub;
    std::vector<int> first;
    for (int j = 0; j < p.servers; ++j) first.push_back(j);
    ring_ = PubSubRing(first, p.vnodes);
    next_spare_ = p.servers;
    while (!coord_.put(kRingKey, ring_.text())) {}
    e_->ring_written = true;
    ctx_.event("ring_written", "pubsub", ring_.text());
    misses_.assign(e_->pubsub.size(), 0);
    dead_.assign(e_->pubsub.size(), false);
    while (true) {
      sg4::this_actor::sleep_for(p.detect_interval);
      if (e_->startup_done < 0 && e_->friends_loaded) e_->startup_done = now();
      probe();
      if (p.grow_at > 0 && !grown_ && now() >= p.grow_at) {
        grown_ = true;
        PubSubRing next = ring_;
        while (next.slots() < p.grow_to && next_spare_ < int(e_->pubsub.size()))
          next = next.grown(next_spare_++);
        change("grow", next);
      }
      if (p.replace_at > 0 && !replaced_ && now() >= p.replace_at && p.replace_slot < ring_.slots() &&
          next_spare_ < int(e_->pubsub.size())) {
        replaced_ = true;
        change("replace", ring_.with_slot(p.replace_slot, next_spare_++));
      }
    }
  }

 private:
  void probe() {
    const PubSubConfig& p = e_->cfg.pubsub;
    std::vector<Rpc::Call<redis_service::RedisProtocol, redis_service::Command>> calls;
    const std::vector<int> servers = ring_.servers();
    for (int j : servers) calls.push_back({&e_->pubsub[std::size_t(j)]->endpoint(), {{"PING"}, 0}});
    auto answers = rpc_.gather(calls, int(calls.size()), 0.5);
    for (std::size_t k = 0; k < servers.size(); ++k) {
      const int j = servers[k];
      misses_[std::size_t(j)] = answers[k].ok() ? 0 : misses_[std::size_t(j)] + 1;
      if (dead_[std::size_t(j)] || misses_[std::size_t(j)] < p.detect_misses) continue;
      dead_[std::size_t(j)] = true;
      ++e_->pubsub_declared_dead;
      ctx_.event("pubsub_dead", fmt::format("pubsub-{}", j),
                 fmt::format("{} PINGs unanswered", misses_[std::size_t(j)]));
      if (p.replace_dead && next_spare_ < int(e_->pubsub.size()))
        change("replace_dead", ring_.with_slot(int(k), next_spare_++));
    }
  }

  void change(const std::string& kind, const PubSubRing& next) {
    RingChange c;
    c.time = now();
    c.kind = kind;
    c.before = ring_.text();
    c.after = next.text();
    c.moved_fraction = moved_fraction(ring_, next, std::uint32_t(e_->graph.users()));
    ring_ = next;
    while (!coord_.put(kRingKey, ring_.text())) {}
    ctx_.event("ring_change", "pubsub",
               fmt::format("{}: {} -> {} ({:.4f} of channels moved)", kind, c.before, c.after,
                           c.moved_fraction));
    const std::size_t n = e_->ring_changes.size();
    auto lost = [e = e_] { return e->ledger->pushes_expected - e->ledger->pushes_delivered; };
    c.pushes_lost_before = lost();
    e_->ring_changes.push_back(c);
    ctx_.timeline().at(now() + kLossWindow, "ring-change-loss", [e = e_, n, lost] {
      e->ring_changes[n].pushes_lost = lost() - e->ring_changes[n].pushes_lost_before;
    });
  }

  RunContext& ctx_;
  std::shared_ptr<Experiment> e_;
  Rpc rpc_;
  coord::CoordClient coord_;
  PubSubRing ring_;
  int next_spare_ = 0;
  bool grown_ = false, replaced_ = false;
  std::vector<int> misses_;
  std::vector<bool> dead_;
};

}  // namespace

void start_operator(RunContext& ctx, std::shared_ptr<Experiment> e) {
  const std::string& host = ctx.hosts_with_role("operator").front();
  auto running = std::make_shared<int>(kLoaders);
  for (int k = 0; k < kLoaders; ++k)
    sg4::Actor::create(fmt::format("friends-loader-{}", k), ctx.host(host),
                       [&ctx, e, k, running] { load_friends(ctx, e, k, running); })
        ->daemonize();
  sg4::Actor::create("pubsub-operator", ctx.host(host), [&ctx, e] {
    Operator op(ctx, e);
    op.run();
  })->daemonize();
}

}  // namespace sdsim::nearby_friends
