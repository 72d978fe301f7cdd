#include "models/object_store/services/placement.hpp"

#include <fmt/format.h>

#include "models/object_store/services/repair.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::object_store {

void PlacementService::start(Inbox&) {
  // A (re)start: heartbeat timestamps from before a crash say nothing about who is alive now,
  // so every node's grace period starts again; the repair workers of the previous
  // incarnation gave their tasks back as they died (run_repair_worker).
  c_.detector->restart_clocks(sg4::Engine::get_clock());
  spawn_local("monitor", [this] { monitor(); });
  for (int i = 0; i < c_.cfg.repair.streams; ++i)
    spawn_local(fmt::format("repair-{}", i), [this, i] { run_repair_worker(ctx_, c_, i); });
}

void PlacementService::handle(std::unique_ptr<Letter<PlacementProtocol>> msg) {
  std::visit(overloaded{
                 [&](const Heartbeat& hb) {
                   const double now = sg4::Engine::get_clock();
                   c_.detector->heartbeat(hb.node, 0, now);
                   if (!c_.up[hb.node]) {
                     c_.up[hb.node] = true;
                     ctx_.event("node_up", c_.datanode_hosts[hb.node],
                                "heartbeat after being declared dead");
                   }
                 },
                 [&](const Place& req) {  // the ring's choice among the nodes the map holds up
                   PlaceReply out;
                   out.nodes = c_.ring->select(req.id, req.count, c_.cfg.rack_aware, {},
                                               [this](int n) { return c_.can_store(n); });
                   const bool enough = static_cast<int>(out.nodes.size()) == req.count;
                   ctx_.net().reply(*msg, std::move(out),
                                    enough ? Status::Ok : Status::Unavailable);
                 },
             },
             msg->body);
}

void PlacementService::monitor() {
  while (true) {
    sg4::this_actor::sleep_for(c_.cfg.heartbeat.check);
    for (int n : c_.detector->expire(sg4::Engine::get_clock()))
      if (c_.up[n]) declare_dead(n);
  }
}

void PlacementService::declare_dead(int node) {
  const double now = sg4::Engine::get_clock();
  c_.up[node] = false;
  const bool alive = c_.died_at[node] < 0;
  if (alive)
    ++c_.stats.false_down;
  else
    c_.stats.detection_delay.add(now - c_.died_at[node]);
  int queued = 0;
  for (auto& shard : c_.meta)
    for (auto& [key, r] : shard->objects)
      for (std::size_t s = 0; s < r.nodes.size(); ++s)
        if (r.nodes[s] == node) {
          c_.enqueue_repair({r.bucket, r.name, static_cast<int>(s), node, now, alive});
          ++queued;
        }
  ctx_.event("node_down", c_.datanode_hosts[node],
             fmt::format("no heartbeat for {} s{}; {} shards queued for repair",
                         c_.cfg.heartbeat.grace, alive ? " (the host is alive)" : "", queued));
}

}  // namespace sdsim::object_store
