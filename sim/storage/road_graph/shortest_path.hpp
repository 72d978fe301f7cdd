// Point-to-point shortest paths on a RoadGraph: Dijkstra and A*, with the work they do counted.
//
// Boost.Graph's dijkstra_shortest_paths / astar_search allocate and initialise per-vertex maps
// (distance, colour, index-in-heap) on every call: O(V) per query, which on 10^6 nodes costs
// more than the search itself. This searcher keeps its arrays between queries and resets only
// the nodes the previous query touched (a touched list), so a query costs what it explores.
//
// Both stop when the target is settled. A* orders by g + h with h(v) = scale x straight-line
// distance to the target, scale from RoadGraph::admissible_scale (for the grid city
// 1 / maximum speed): consistent, so no node is settled twice and the cost equals Dijkstra's.
// Ties break on the node id, so results are deterministic.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "sim/storage/road_graph/road_graph.hpp"

namespace sdsim::storage::road_graph {

// Routing-tile levels as an arc filter: arcs below min_class are usable only from nodes within
// near_radius (straight line) of the source or the target; elsewhere only the upper levels are
// searched. min_class = local is the whole graph.
struct ArcFilter {
  RoadClass min_class = RoadClass::local;
  double near_radius = 0.0;  // the graph's length units (m for the grid city)
};

struct Route {
  bool found = false;
  double cost = std::numeric_limits<double>::infinity();
  std::vector<NodeId> nodes;  // source ... target
  std::vector<ArcId> arcs;    // nodes.size() - 1 arcs
  std::uint64_t nodes_expanded = 0;  // nodes settled (taken from the queue)
  std::uint64_t arcs_relaxed = 0;    // arcs examined
};

class ShortestPathSearch {
 public:
  explicit ShortestPathSearch(const RoadGraph& graph);

  Route dijkstra(NodeId source, NodeId target, std::span<const double> costs,
                 const ArcFilter& filter = {});
  Route astar(NodeId source, NodeId target, std::span<const double> costs, double scale,
              const ArcFilter& filter = {});

  // Nodes and arcs a search must avoid until clear_bans() (Yen's spur searches). O(1) each;
  // clear_bans() costs what was banned.
  void ban_node(NodeId v);
  void ban_arc(ArcId a);
  void clear_bans();

  std::size_t last_touched() const { return touched_.size(); }

 private:
  Route search(NodeId source, NodeId target, std::span<const double> costs, double scale,
               const ArcFilter& filter);
  void reset();

  const RoadGraph& graph_;
  std::vector<double> dist_;
  std::vector<ArcId> pred_;
  std::vector<std::uint8_t> settled_;
  std::vector<NodeId> touched_;
  std::vector<std::uint8_t> node_banned_, arc_banned_;
  std::vector<NodeId> banned_nodes_;
  std::vector<ArcId> banned_arcs_;
  struct Entry {
    double key;
    NodeId node;
    bool operator>(const Entry& o) const { return key > o.key || (key == o.key && node > o.node); }
  };
  std::vector<Entry> heap_;
};

// The cost of a sequence of arcs under the given costs.
double path_cost(std::span<const ArcId> arcs, std::span<const double> costs);

}  // namespace sdsim::storage::road_graph
