// A road network held in Boost.Graph: a directed graph in compressed sparse row form (one
// array of arc targets, one of offsets per node), with each arc's free-flow travel cost, its
// length and its road class beside it, indexed by the CSR edge index. Plain C++, no SimGrid.
//
// Two sources: a generated grid city (make_grid_city: local streets, arterials every few
// blocks, highways every few more, each class with its speed limit) and the 9th DIMACS
// shortest-path challenge files (dimacs.hpp). Searches live in shortest_path.hpp.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>

namespace sdsim::storage::road_graph {

using NodeId = std::uint32_t;
using ArcId = std::uint32_t;

// Ordered: a routing level keeps the arcs of its class and above (highway is the top level).
enum class RoadClass : std::uint8_t { local = 0, arterial = 1, highway = 2 };
inline constexpr int kRoadClasses = 3;
std::string_view road_class_name(RoadClass c);

struct Position {
  double x = 0.0, y = 0.0;  // planar coordinates: metres (grid city) or the .co file's units
};

struct ArcSpec {
  NodeId source = 0, target = 0;
  double cost = 0.0;      // free-flow travel cost: seconds (grid city) or the .gr weight
  double length_m = 0.0;  // road length: metres (grid city); the .gr weight for DIMACS files
  RoadClass road_class = RoadClass::local;
};

class RoadGraph {
 public:
  using Graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                                   boost::no_property, boost::no_property,
                                                   NodeId, ArcId>;

  // Arcs are renumbered in source order (the CSR order); positions are empty or one per node.
  RoadGraph(std::size_t nodes, std::vector<ArcSpec> arcs, std::vector<Position> positions = {});

  std::size_t num_nodes() const { return num_vertices(graph_); }
  std::size_t num_arcs() const { return cost_.size(); }
  const Graph& graph() const { return graph_; }

  bool has_positions() const { return !positions_.empty(); }
  Position position(NodeId v) const { return positions_[v]; }
  double straight_line(NodeId a, NodeId b) const;  // 0 without positions

  NodeId arc_source(ArcId a) const { return source_[a]; }
  NodeId arc_target(ArcId a) const { return target_[a]; }
  double arc_length(ArcId a) const { return length_[a]; }
  RoadClass arc_class(ArcId a) const { return class_[a]; }
  const std::vector<double>& free_flow_costs() const { return cost_; }

  // The out-arcs of v in CSR order: f(arc id, head node).
  template <class F>
  void for_each_out_arc(NodeId v, F&& f) const {
    const auto& offsets = graph_.m_forward.m_rowstart;
    for (ArcId a = offsets[v]; a < offsets[v + 1]; ++a) f(a, target_[a]);
  }

  // The largest k such that every arc costs at least k x its straight-line length, under the
  // given costs: k x straight_line(v, t) is then an admissible and consistent A* heuristic
  // (triangle inequality). For the grid city at free flow k = 1 / (highest speed). 0 when
  // positions are missing (A* then equals Dijkstra).
  double admissible_scale(std::span<const double> costs) const;

  // Bytes the arrays take (CSR offsets and targets, per-arc attributes, positions).
  std::uint64_t memory_bytes() const;

 private:
  Graph graph_;
  std::vector<NodeId> source_, target_;
  std::vector<double> cost_, length_;
  std::vector<RoadClass> class_;
  std::vector<Position> positions_;
};

// A grid city: width x height intersections `block_m` apart; every `arterial_every`-th row and
// column is an arterial, every `highway_every`-th a highway (a highway wins over an arterial);
// streets run both ways. Each block's length is block_m x (1 + jitter x U[0,1)) from the seed
// (never shorter than the straight line, so the heuristic stays admissible); the free-flow
// cost is length / the class's speed limit.
struct GridCityOptions {
  std::uint32_t width = 50, height = 50;  // intersections
  double block_m = 200.0;                 // m
  std::uint32_t arterial_every = 5, highway_every = 20;
  double jitter = 0.2;                                         // fraction of block_m
  double speed_mps[kRoadClasses] = {50 / 3.6, 70 / 3.6, 110 / 3.6};  // m/s per class
};
RoadGraph make_grid_city(const GridCityOptions& options, std::uint64_t seed);

}  // namespace sdsim::storage::road_graph
