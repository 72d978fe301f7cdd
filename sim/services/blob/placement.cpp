#include "sim/services/blob/placement.hpp"

#include <fmt/format.h>

#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::blob_service {

void PlacementService::start(Inbox&) {
  // A (re)start: heartbeat timestamps from before a crash say nothing about who is alive now,
  // so every node's grace period starts again.
  b_.detector->restart_clocks(sg4::Engine::get_clock());
  spawn_local("monitor", [this] { monitor(); });
  if (b_.hooks.placement_started) b_.hooks.placement_started();
}

void PlacementService::handle(std::unique_ptr<Letter<PlacementProtocol>> msg) {
  std::visit(
      overloaded{
          [&](const Heartbeat& hb) {
            const double now = sg4::Engine::get_clock();
            b_.detector->heartbeat(hb.node, 0, now);
            if (!b_.up[hb.node]) {
              b_.up[hb.node] = true;
              b_.ctx.event("node_up", b_.hosts[hb.node], "heartbeat after being declared dead");
            }
          },
          [&](const Place& req) {  // the ring's choice among the nodes the map holds up
            PlaceReply out;
            out.nodes = b_.ring->select(req.id, req.count, b_.cfg.rack_aware, {},
                                        [this](int n) { return b_.can_store(n); });
            const bool enough = static_cast<int>(out.nodes.size()) == req.count;
            b_.ctx.net().reply(*msg, std::move(out), enough ? Status::Ok : Status::Unavailable);
          },
      },
      msg->body);
}

void PlacementService::monitor() {
  while (true) {
    sg4::this_actor::sleep_for(b_.cfg.heartbeat.check);
    for (int n : b_.detector->expire(sg4::Engine::get_clock()))
      if (b_.up[n]) declare_dead(n);
  }
}

void PlacementService::declare_dead(int node) {
  const double now = sg4::Engine::get_clock();
  b_.up[node] = false;
  ++b_.stats.node_downs;
  const bool alive = b_.died_at[node] < 0;
  if (alive)
    ++b_.stats.false_down;
  else
    b_.stats.detection_delay.add(now - b_.died_at[node]);
  const std::string detail = b_.hooks.node_down
                                 ? b_.hooks.node_down(node, alive)
                                 : fmt::format("no heartbeat for {} s{}", b_.cfg.heartbeat.grace,
                                               alive ? " (the host is alive)" : "");
  b_.ctx.event("node_down", b_.hosts[node], detail);
}

}  // namespace sdsim::blob_service
