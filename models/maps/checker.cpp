#include "models/maps/checker.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace sdsim::maps {

using namespace storage::road_graph;

bool same_cost(double a, double b) {
  if (a == b) return true;  // also both infinite (no path)
  return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b));
}

bool loopless(std::span<const NodeId> nodes) {
  std::unordered_set<NodeId> seen;
  for (NodeId v : nodes)
    if (!seen.insert(v).second) return false;
  return true;
}

void check_alternatives(const RoadGraph& g, std::span<const Route> paths, NodeId source,
                        NodeId target, std::span<const double> costs, AlternativesCheck& out) {
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const Route& p = paths[i];
    if (!loopless(p.nodes)) ++out.looped;
    for (std::size_t j = 0; j < i; ++j)
      if (paths[j].nodes == p.nodes) {
        ++out.duplicates;
        break;
      }
    if (i > 0 && p.cost < paths[i - 1].cost && !same_cost(p.cost, paths[i - 1].cost))
      ++out.unsorted;
    bool ok = !p.nodes.empty() && p.nodes.front() == source && p.nodes.back() == target &&
              p.arcs.size() + 1 == p.nodes.size();
    for (std::size_t a = 0; ok && a < p.arcs.size(); ++a)
      ok = g.arc_source(p.arcs[a]) == p.nodes[a] && g.arc_target(p.arcs[a]) == p.nodes[a + 1];
    if (ok) ok = same_cost(path_cost(p.arcs, costs), p.cost);
    if (!ok) ++out.broken;
  }
}

}  // namespace sdsim::maps
