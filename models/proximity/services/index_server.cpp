#include "models/proximity/services/index_server.hpp"

#include <fmt/format.h>

namespace sg4 = simgrid::s4u;

namespace sdsim::proximity {

void IndexServer::charge(double seconds) const {
  if (seconds > 0) sg4::this_actor::execute(seconds * e_.host_speed);
}

void IndexServer::start(Inbox&) {
  const double t0 = sg4::Engine::get_clock();
  charge(double(e_.index->build_steps()) * e_.cfg.cost.per_build_step);
  if (index_ == 0 && e_.first_build_time < 0) e_.first_build_time = sg4::Engine::get_clock() - t0;
  ++e_.builds[index_];
  workers_ = std::make_unique<WorkerPool<Request>>(fmt::format("index-{}-worker", index_),
                                                   e_.cfg.index_workers,
                                                   [this](int, Request& msg) { serve(msg); });
}

void IndexServer::serve(Request& msg) {
  const CostConfig& cost = e_.cfg.cost;
  ++e_.served[index_];
  std::visit(overloaded{
                 [&](const IndexSearch& s) {
                   IndexSearchReply r;
                   r.hits = e_.index->search({s.lat, s.lon}, s.radius_m, r.work);
                   // The primary sees every write at once, a replica those replication_lag old.
                   r.served_at = sg4::Engine::get_clock();
                   r.visible_until = r.served_at - (index_ > 0 ? e_.cfg.replication_lag : 0.0);
                   r.hits = apply_updates(std::move(r.hits), {s.lat, s.lon}, s.radius_m, e_.updates,
                                          r.visible_until, r.work);
                   charge(cost.per_query + double(r.work.cells_visited) * cost.per_cell +
                          double(r.work.points_compared) * cost.per_point);
                   net_.reply(*msg, std::move(r));
                 },
                 [&](const CellRead& c) {
                   CellRows r;
                   for (std::uint32_t i : e_.index->geohash()->cell(c.geohash))
                     r.rows.push_back(e_.businesses[i]);
                   charge(cost.per_query + cost.per_cell + double(r.rows.size()) * cost.per_point);
                   net_.reply(*msg, std::move(r));
                 },
             },
             msg->body);
}

}  // namespace sdsim::proximity
