#include "sim/storage/road_graph/road_graph.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "sim/core/random.hpp"

namespace sdsim::storage::road_graph {

std::string_view road_class_name(RoadClass c) {
  switch (c) {
    case RoadClass::local: return "local";
    case RoadClass::arterial: return "arterial";
    case RoadClass::highway: return "highway";
  }
  return "?";
}

namespace {
RoadGraph::Graph build_csr(std::size_t nodes, const std::vector<ArcSpec>& arcs) {
  std::vector<std::pair<NodeId, NodeId>> edges;
  edges.reserve(arcs.size());
  for (const ArcSpec& a : arcs) edges.emplace_back(a.source, a.target);
  return RoadGraph::Graph(boost::edges_are_sorted, edges.begin(), edges.end(), nodes);
}
}  // namespace

RoadGraph::RoadGraph(std::size_t nodes, std::vector<ArcSpec> arcs, std::vector<Position> positions)
    : positions_(std::move(positions)) {
  assert(positions_.empty() || positions_.size() == nodes);
  std::stable_sort(arcs.begin(), arcs.end(),
                   [](const ArcSpec& a, const ArcSpec& b) { return a.source < b.source; });
  graph_ = build_csr(nodes, arcs);
  source_.reserve(arcs.size());
  for (const ArcSpec& a : arcs) {
    assert(a.source < nodes && a.target < nodes && a.cost >= 0);
    source_.push_back(a.source);
    target_.push_back(a.target);
    cost_.push_back(a.cost);
    length_.push_back(a.length_m);
    class_.push_back(a.road_class);
  }
  // The CSR edge index is the arc's position in source order: for_each_out_arc relies on it.
  assert(graph_.m_forward.m_rowstart.size() == nodes + 1);
}

double RoadGraph::straight_line(NodeId a, NodeId b) const {
  if (positions_.empty()) return 0.0;
  return std::hypot(positions_[a].x - positions_[b].x, positions_[a].y - positions_[b].y);
}

double RoadGraph::admissible_scale(std::span<const double> costs) const {
  if (positions_.empty()) return 0.0;
  double k = std::numeric_limits<double>::infinity();
  for (ArcId a = 0; a < costs.size(); ++a) {
    const double d = straight_line(source_[a], target_[a]);
    if (d > 0) k = std::min(k, costs[a] / d);
  }
  return std::isfinite(k) ? k : 0.0;
}

std::uint64_t RoadGraph::memory_bytes() const {
  return (num_nodes() + 1) * sizeof(ArcId) +
         num_arcs() * (2 * sizeof(NodeId) + 2 * sizeof(double) + sizeof(RoadClass) + sizeof(NodeId)) +
         positions_.size() * sizeof(Position);
}

RoadGraph make_grid_city(const GridCityOptions& o, std::uint64_t seed) {
  assert(o.width >= 1 && o.height >= 1 && o.block_m > 0);
  RandomStream rng(seed, "road_graph.grid_city");
  const auto line_class = [&](std::uint32_t i) {
    if (o.highway_every > 0 && i % o.highway_every == 0) return RoadClass::highway;
    if (o.arterial_every > 0 && i % o.arterial_every == 0) return RoadClass::arterial;
    return RoadClass::local;
  };
  const auto id = [&](std::uint32_t x, std::uint32_t y) { return NodeId(y * o.width + x); };
  std::vector<ArcSpec> arcs;
  arcs.reserve(std::size_t(o.width) * o.height * 4);
  const auto street = [&](NodeId a, NodeId b, RoadClass c) {
    const double length = o.block_m * (1.0 + o.jitter * rng.uniform01());
    const double cost = length / o.speed_mps[int(c)];
    arcs.push_back({a, b, cost, length, c});
    arcs.push_back({b, a, cost, length, c});
  };
  for (std::uint32_t y = 0; y < o.height; ++y)
    for (std::uint32_t x = 0; x < o.width; ++x) {
      if (x + 1 < o.width) street(id(x, y), id(x + 1, y), line_class(y));   // along row y
      if (y + 1 < o.height) street(id(x, y), id(x, y + 1), line_class(x));  // along column x
    }
  std::vector<Position> pos(std::size_t(o.width) * o.height);
  for (std::uint32_t y = 0; y < o.height; ++y)
    for (std::uint32_t x = 0; x < o.width; ++x) pos[id(x, y)] = {x * o.block_m, y * o.block_m};
  const std::size_t nodes = pos.size();
  return RoadGraph(nodes, std::move(arcs), std::move(pos));
}

}  // namespace sdsim::storage::road_graph
