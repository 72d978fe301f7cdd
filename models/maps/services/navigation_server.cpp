#include "models/maps/services/navigation_server.hpp"

#include <fmt/format.h>

#include "sim/services/lsm/host_work.hpp"
#include "sim/storage/road_graph/k_shortest.hpp"

namespace sdsim::maps {

using namespace storage::road_graph;

void NavigationServer::start(Inbox&) {
  search_ = std::make_unique<ShortestPathSearch>(*e_.graph);
  workers_ = std::make_unique<WorkerPool<Request>>(fmt::format("navigation-{}-worker", index_),
                                                   e_.cfg.workers,
                                                   [this](int, Request& msg) { serve(msg); });
}

std::vector<Route> NavigationServer::routes_by(std::string_view algorithm, double scale,
                                               const RouteRequest& r, RouteOutcome& out) {
  const auto& costs = e_.graph->free_flow_costs();
  std::vector<Route> routes;
  std::uint64_t nodes = 0;
  if (e_.cfg.k > 1) {
    KShortestResult y =
        yen_k_shortest(*search_, r.source, r.target, std::size_t(e_.cfg.k), costs, scale);
    nodes = y.nodes_expanded;
    routes = std::move(y.paths);
  } else {
    Route route = scale > 0 ? search_->astar(r.source, r.target, costs, scale)
                            : search_->dijkstra(r.source, r.target, costs);
    nodes = route.nodes_expanded;
    if (route.found) routes.push_back(std::move(route));
  }
  out.nodes_expanded += nodes;
  (algorithm == "astar" ? e_.astar_nodes : e_.dijkstra_nodes) += nodes;
  ++(algorithm == "astar" ? e_.astar_searches : e_.dijkstra_searches);
  if (routes.empty()) out.rows.push_back(RouteRow{algorithm, 0, false, 0, 0, nodes, {}});
  for (std::size_t i = 0; i < routes.size(); ++i) {
    RouteRow row{algorithm, int(i), true, routes[i].cost, routes[i].arcs.size(), nodes, {}};
    if (e_.cfg.write_paths) row.path = routes[i].nodes;
    out.rows.push_back(std::move(row));
  }
  return routes;
}

void NavigationServer::check(const RouteRequest& r, const std::vector<Route>& routes) {
  const auto& costs = e_.graph->free_flow_costs();
  const Route truth = search_->dijkstra(r.source, r.target, costs);
  ++e_.checked;
  const bool found = !routes.empty();
  if (found != truth.found || (found && !same_cost(routes.front().cost, truth.cost)))
    ++e_.suboptimal;
  if (!truth.found && !found) ++e_.unreachable;
  if (e_.cfg.k > 1) {
    ++e_.alternative_sets;
    e_.alternatives += routes.size();
    check_alternatives(*e_.graph, routes, r.source, r.target, costs, e_.alternatives_check);
  }
}

void NavigationServer::serve(Request& msg) {
  const RouteRequest r = std::get<RouteRequest>(msg->body);
  services::cpu(e_.cfg.cost.per_request);
  RouteOutcome out;
  out.source = r.source;
  out.target = r.target;
  const std::string& a = e_.cfg.algorithm;
  std::vector<Route> answer;
  if (a == "astar" || a == "both") {
    answer = routes_by("astar", e_.scale, r, out);
    check(r, answer);
  }
  if (a == "dijkstra" || a == "both") {
    std::vector<Route> d = routes_by("dijkstra", 0.0, r, out);
    check(r, d);
    if (a == "dijkstra") answer = std::move(d);
  }
  services::cpu(double(out.nodes_expanded) * e_.cfg.cost.per_node);
  RouteReply reply;
  for (const Route& route : answer) reply.routes.push_back(RouteSummary{route.cost, route.nodes});
  out.found = !answer.empty();
  if (e_.cfg.eta.enabled && out.found) {
    services::cpu(e_.cfg.eta.per_prediction);
    const auto& arcs = answer.front().arcs;
    out.departure_h = r.departure_h;
    out.eta = e_.eta.predict(eta_features(*e_.graph, arcs, r.departure_h));
    out.baseline = free_flow_time(*e_.graph, arcs);
    // The truth: the trip driven on the traffic of its departure hour (the checker's draw).
    RandomStream rng(e_.seed, fmt::format("maps/trip#{}", r.trip));
    out.actual = e_.traffic.actual_time(*e_.graph, arcs, r.departure_h, rng);
    reply.eta_s = out.eta;
  }
  if (out.found) {
    out.cost = answer.front().cost;
    out.hops = answer.front().arcs.size();
  }
  e_.answered[msg->id] = std::move(out);
  net_.reply(*msg, std::move(reply));
}

}  // namespace sdsim::maps
