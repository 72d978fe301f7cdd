#include "sim/storage/road_graph/shortest_path.hpp"

#include <algorithm>
#include <cassert>
#include <functional>

namespace sdsim::storage::road_graph {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr ArcId kNoArc = std::numeric_limits<ArcId>::max();
}  // namespace

ShortestPathSearch::ShortestPathSearch(const RoadGraph& graph)
    : graph_(graph),
      dist_(graph.num_nodes(), kInf),
      pred_(graph.num_nodes(), kNoArc),
      settled_(graph.num_nodes(), 0),
      node_banned_(graph.num_nodes(), 0),
      arc_banned_(graph.num_arcs(), 0) {}

void ShortestPathSearch::reset() {
  for (NodeId v : touched_) {
    dist_[v] = kInf;
    pred_[v] = kNoArc;
    settled_[v] = 0;
  }
  touched_.clear();
  heap_.clear();
}

void ShortestPathSearch::ban_node(NodeId v) {
  if (!node_banned_[v]) banned_nodes_.push_back(v);
  node_banned_[v] = 1;
}
void ShortestPathSearch::ban_arc(ArcId a) {
  if (!arc_banned_[a]) banned_arcs_.push_back(a);
  arc_banned_[a] = 1;
}
void ShortestPathSearch::clear_bans() {
  for (NodeId v : banned_nodes_) node_banned_[v] = 0;
  for (ArcId a : banned_arcs_) arc_banned_[a] = 0;
  banned_nodes_.clear();
  banned_arcs_.clear();
}

Route ShortestPathSearch::dijkstra(NodeId s, NodeId t, std::span<const double> costs,
                                   const ArcFilter& filter) {
  return search(s, t, costs, 0.0, filter);
}
Route ShortestPathSearch::astar(NodeId s, NodeId t, std::span<const double> costs, double scale,
                                const ArcFilter& filter) {
  return search(s, t, costs, scale, filter);
}

Route ShortestPathSearch::search(NodeId s, NodeId t, std::span<const double> costs, double scale,
                                 const ArcFilter& filter) {
  assert(s < graph_.num_nodes() && t < graph_.num_nodes() && costs.size() == graph_.num_arcs());
  reset();
  Route route;
  if (node_banned_[s] || node_banned_[t]) return route;
  const std::greater<Entry> cmp;
  const bool filtered = filter.min_class != RoadClass::local;
  const auto h = [&](NodeId v) { return scale > 0 ? scale * graph_.straight_line(v, t) : 0.0; };
  dist_[s] = 0;
  touched_.push_back(s);
  heap_.push_back({h(s), s});
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), cmp);
    const NodeId u = heap_.back().node;
    heap_.pop_back();
    if (settled_[u]) continue;  // a stale entry (lazy deletion)
    settled_[u] = 1;
    ++route.nodes_expanded;
    if (u == t) break;
    const bool all_levels = !filtered || graph_.straight_line(u, s) <= filter.near_radius ||
                            graph_.straight_line(u, t) <= filter.near_radius;
    const double du = dist_[u];
    graph_.for_each_out_arc(u, [&](ArcId a, NodeId v) {
      ++route.arcs_relaxed;
      if (arc_banned_[a] || node_banned_[v] || settled_[v]) return;
      if (!all_levels && graph_.arc_class(a) < filter.min_class) return;
      const double dv = du + costs[a];
      if (dv < dist_[v]) {
        if (dist_[v] == kInf) touched_.push_back(v);
        dist_[v] = dv;
        pred_[v] = a;
        heap_.push_back({dv + h(v), v});
        std::push_heap(heap_.begin(), heap_.end(), cmp);
      }
    });
  }
  if (!settled_[t]) return route;
  route.found = true;
  route.cost = dist_[t];
  for (NodeId v = t; v != s; v = graph_.arc_source(pred_[v])) route.arcs.push_back(pred_[v]);
  std::reverse(route.arcs.begin(), route.arcs.end());
  route.nodes.push_back(s);
  for (ArcId a : route.arcs) route.nodes.push_back(graph_.arc_target(a));
  return route;
}

double path_cost(std::span<const ArcId> arcs, std::span<const double> costs) {
  double c = 0;
  for (ArcId a : arcs) c += costs[a];
  return c;
}

}  // namespace sdsim::storage::road_graph
