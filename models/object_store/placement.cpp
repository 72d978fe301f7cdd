#include "models/object_store/placement.hpp"

#include <cstring>

#include <fmt/format.h>

#include "models/object_store/repair.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::object_store {

void PlacementService::start() {
  sg4::Host* here = sg4::this_actor::get_host();
  sg4::Actor::create("monitor", here, [this] { monitor(); })->daemonize();
  for (int i = 0; i < c_.cfg.repair_streams; ++i)
    sg4::Actor::create(fmt::format("repair-{}", i), here, [this, i] { run_repair_worker(ctx_, c_, i); })
        ->daemonize();
}

void PlacementService::handle(std::unique_ptr<Message> msg) {
  const double now = sg4::Engine::get_clock();
  if (std::strcmp(msg->op, "heartbeat") == 0) {
    const int node = std::any_cast<const Heartbeat&>(msg->body).node;
    c_.last_heartbeat[node] = now;
    if (!c_.up[node]) {
      c_.up[node] = true;
      ctx_.event("node_up", c_.datanode_hosts[node], "heartbeat after being declared dead");
    }
    return;
  }
  // "place": the ring's choice among the nodes the map holds up.
  const auto& req = std::any_cast<const PlaceRequest&>(msg->body);
  PlaceReply out;
  out.nodes = c_.ring->select(req.id, req.count, c_.cfg.rack_aware, {}, [this](int n) { return c_.up[n]; });
  auto reply = std::make_unique<Message>();
  reply->status = static_cast<int>(out.nodes.size()) == req.count ? Status::Ok : Status::Error;
  reply->body = std::move(out);
  net_reply(*msg, std::move(reply));
}

void PlacementService::net_reply(const Message& req, std::unique_ptr<Message> rep) {
  ctx_.net().reply(req, std::move(rep), 200);
}

void PlacementService::monitor() {
  while (true) {
    sg4::this_actor::sleep_for(c_.cfg.check_interval);
    const double now = sg4::Engine::get_clock();
    for (int n = 0; n < static_cast<int>(c_.up.size()); ++n)
      if (c_.up[n] && now - c_.last_heartbeat[n] > c_.cfg.grace) declare_dead(n);
  }
}

void PlacementService::declare_dead(int node) {
  const double now = sg4::Engine::get_clock();
  c_.up[node] = false;
  const bool alive = c_.died_at[node] < 0;
  if (alive) ++c_.stats.false_down;
  else c_.stats.detection_delay.add(now - c_.died_at[node]);
  int queued = 0;
  for (auto& shard : c_.meta)
    for (auto& [key, r] : shard->objects)
      for (std::size_t s = 0; s < r.nodes.size(); ++s)
        if (r.nodes[s] == node) {
          c_.enqueue_repair({r.bucket, r.name, static_cast<int>(s), node, now, alive});
          ++queued;
        }
  ctx_.event("node_down", c_.datanode_hosts[node],
             fmt::format("no heartbeat for {} s{}; {} shards queued for repair", c_.cfg.grace,
                         alive ? " (the host is alive)" : "", queued));
}

}  // namespace sdsim::object_store
