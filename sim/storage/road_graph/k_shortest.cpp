#include "sim/storage/road_graph/k_shortest.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace sdsim::storage::road_graph {

KShortestResult yen_k_shortest(ShortestPathSearch& search, NodeId s, NodeId t,
                               std::size_t k, std::span<const double> costs,
                               double scale) {
  KShortestResult out;
  if (k == 0) return out;
  search.clear_bans();
  Route first = search.astar(s, t, costs, scale);
  ++out.searches;
  out.nodes_expanded += first.nodes_expanded;
  if (!first.found) return out;
  out.paths.push_back(std::move(first));
  // Candidates ordered by (cost, node sequence); the arc sequence identifies a path.
  const auto less = [](const Route& a, const Route& b) {
    return std::tie(a.cost, a.nodes, a.arcs) < std::tie(b.cost, b.nodes, b.arcs);
  };
  std::set<Route, decltype(less)> candidates(less);
  std::set<std::vector<ArcId>> known{out.paths[0].arcs};
  while (out.paths.size() < k) {
    const Route& prev = out.paths.back();
    for (std::size_t i = 0; i + 1 < prev.nodes.size(); ++i) {
      const NodeId spur = prev.nodes[i];
      search.clear_bans();
      for (const Route& p : out.paths)
        if (p.arcs.size() > i && std::equal(prev.arcs.begin(), prev.arcs.begin() + long(i),
                                            p.arcs.begin()))
          search.ban_arc(p.arcs[i]);
      for (std::size_t j = 0; j < i; ++j) search.ban_node(prev.nodes[j]);
      Route spur_path = search.astar(spur, t, costs, scale);
      ++out.searches;
      out.nodes_expanded += spur_path.nodes_expanded;
      if (!spur_path.found) continue;
      Route total;
      total.found = true;
      total.nodes.assign(prev.nodes.begin(), prev.nodes.begin() + long(i));
      total.nodes.insert(total.nodes.end(), spur_path.nodes.begin(), spur_path.nodes.end());
      total.arcs.assign(prev.arcs.begin(), prev.arcs.begin() + long(i));
      total.arcs.insert(total.arcs.end(), spur_path.arcs.begin(), spur_path.arcs.end());
      total.cost = path_cost(total.arcs, costs);
      total.nodes_expanded = spur_path.nodes_expanded;
      if (known.insert(total.arcs).second) candidates.insert(std::move(total));
    }
    search.clear_bans();
    if (candidates.empty()) break;
    out.paths.push_back(*candidates.begin());
    candidates.erase(candidates.begin());
  }
  return out;
}

}  // namespace sdsim::storage::road_graph
