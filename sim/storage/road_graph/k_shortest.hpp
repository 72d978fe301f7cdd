// Yen's k shortest loopless paths (J. Y. Yen, "Finding the K Shortest Loopless Paths in a
// Network", Management Science 17(11), 1971; https://en.wikipedia.org/wiki/Yen%27s_algorithm):
// path k+1 is the cheapest deviation from path k at one of its nodes (the spur), with the arcs
// that earlier paths sharing the same root take from the spur removed and the root's nodes
// banned, so every path is loopless and the costs are non-decreasing. Spur searches are A*
// (scale 0: Dijkstra) on the shared searcher. Equal-cost candidates are taken in the order of
// their node sequences, so the result is deterministic.
#pragma once

#include <vector>

#include "sim/storage/road_graph/shortest_path.hpp"

namespace sdsim::storage::road_graph {

struct KShortestResult {
  std::vector<Route> paths;          // at most k, cost non-decreasing; fewer if the graph has fewer
  std::uint64_t nodes_expanded = 0;  // over every search
  std::uint64_t searches = 0;
};

KShortestResult yen_k_shortest(ShortestPathSearch& search, NodeId source, NodeId target,
                               std::size_t k, std::span<const double> costs,
                               double scale = 0.0);

}  // namespace sdsim::storage::road_graph
