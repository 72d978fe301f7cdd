// Navigating users: each drives random A* routes on the road graph (at its own fraction of
// every arc's speed limit), records a GPS point every gps_interval and sends the points
// recorded since its last batch every batch_interval. A batch not acknowledged within
// `timeout` stays pending and is sent again at the next batch time, before the new one (the
// same key: the store keeps one copy; the log may carry its event twice).
#include <fmt/format.h>

#include <deque>

#include "models/maps/services/location_service.hpp"
#include "sim/net/rpc.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::maps {
namespace {

using storage::road_graph::ArcId;
using storage::road_graph::NodeId;

// Where a user is: the arcs of its current route and the time left on the current one.
class Driver {
 public:
  Driver(const Experiment& e, LocationState& s, RandomStream& rng)
      : e_(e), s_(s), rng_(rng), factor_(rng.uniform(e.cfg.location.speed_min, 1.0)) {
    at_ = NodeId(rng_.below(e_.graph->num_nodes()));
    plan();
  }
  // Moves on by dt seconds; returns the arc driven at the end (the GPS fix) and its speed.
  std::pair<ArcId, double> advance(double dt) {
    while (!arcs_.empty() && dt >= left_) {
      dt -= left_;
      at_ = e_.graph->arc_target(arcs_[next_]);
      if (++next_ == arcs_.size())
        plan();
      else
        left_ = duration(arcs_[next_]);
    }
    if (arcs_.empty()) return {0, 0.0};  // stranded: no route out of this node
    left_ -= dt;
    const ArcId a = arcs_[next_];
    return {a, e_.graph->arc_length(a) / duration(a)};
  }

 private:
  double duration(ArcId a) const { return e_.graph->free_flow_costs()[a] / factor_; }
  void plan() {
    arcs_.clear();
    next_ = 0;
    const std::uint64_t n = e_.graph->num_nodes();
    for (int tries = 0; tries < 8 && arcs_.empty(); ++tries) {
      auto target = NodeId(rng_.below(n - 1));
      if (target >= at_) ++target;
      auto route = s_.planner->astar(at_, target, e_.graph->free_flow_costs(), e_.scale);
      if (route.found) arcs_ = std::move(route.arcs);
    }
    if (!arcs_.empty()) left_ = duration(arcs_[0]);
  }

  const Experiment& e_;
  LocationState& s_;
  RandomStream& rng_;
  double factor_;
  NodeId at_ = 0;
  std::vector<ArcId> arcs_;
  std::size_t next_ = 0;
  double left_ = 0;
};

void run_user(Net& net, const std::shared_ptr<Experiment>& e, std::uint32_t user, double end) {
  const LocationConfig& c = e->cfg.location;
  LocationState& s = e->location;
  RandomStream rng(net.seed(), fmt::format("maps/location-user#{}", user));
  Driver driver(*e, s, rng);
  Rpc rpc(net, fmt::format("location-user-{}", user));
  // Every user navigates from the start (its first point within the first gps_interval); its
  // batches leave at a random phase of batch_interval, so that the users' requests spread.
  // Times as phase + k x interval (not sums), so that a point at a send time is in its batch.
  const double phase = rng.uniform(0, c.gps_interval);
  const double batch_phase = rng.uniform(0, c.batch_interval);
  std::uint64_t next_point = 0, slot = 0;
  double send_at = batch_phase;
  double driven_to = phase;
  std::uint32_t seq = 0;
  std::deque<std::uint64_t> pending;
  int server = int(user % s.servers.size());
  // The last batch at the load's end carries the points since the one before: the user stops
  // navigating then, and every point recorded is sent.
  bool last = false;
  while (!last) {
    if (send_at > end) {
      send_at = end;
      last = true;
    }
    sg4::this_actor::sleep_until(send_at);
    BatchRecord b;
    b.user = user;
    b.first_point = s.points.size();
    b.made = send_at;
    for (double t = phase;
         (t = phase + double(next_point) * c.gps_interval) <= send_at + 1e-9 * c.gps_interval;
         ++next_point) {
      const auto [arc, speed] = driver.advance(t - driven_to);
      driven_to = t;
      s.points.push_back(GpsPoint{t, arc, float(speed)});
      ++b.points;
    }
    if (b.points > 0) {  // the user's first slot may come before its first point
      b.seq = seq++;
      pending.push_back(s.batches.size());
      s.batches.push_back(b);
    }
    while (!pending.empty()) {
      BatchRecord& p = s.batches[pending.front()];
      ++p.attempts;
      const double start = sg4::Engine::get_clock();
      const auto r = rpc.call(s.servers[std::size_t(server)],
                              LocationBatch{pending.front(), p.points, c.point_bytes},
                              CallOptions{c.timeout, 0});
      if (!r.ok()) {
        server = (server + 1) % int(s.servers.size());  // the next server next time
        break;
      }
      const double now = sg4::Engine::get_clock();
      BatchRecord& done = s.batches[pending.front()];
      done.acknowledged = now;
      done.latency = now - start;
      s.acked.emplace_back(now, pending.front());
      pending.pop_front();
    }
    send_at = batch_phase + double(++slot) * c.batch_interval;
  }
}

}  // namespace

void start_location_users(RunContext& ctx, const std::shared_ptr<Experiment>& e) {
  const auto& hosts = ctx.hosts_with_role("client");
  const double end = ctx.timeline().load_end();
  Net* net = &ctx.net();
  for (int u = 0; u < e->cfg.location.users; ++u) {
    auto a = sg4::Actor::create(fmt::format("location-user-{}", u),
                                ctx.host(hosts[std::size_t(u) % hosts.size()]),
                                [net, e, u, end] { run_user(*net, e, std::uint32_t(u), end); });
    a->daemonize();
    ctx.timeline().add_load(a);
  }
}

}  // namespace sdsim::maps
