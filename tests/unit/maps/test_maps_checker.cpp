// The maps model's route checks on a hand-made graph: a loop, a duplicate, a cheaper path after
// a dearer one and a path off the graph's arcs are each counted; Yen's paths on a grid city
// pass every check.
#include <doctest/doctest.h>

#include <vector>

#include "models/maps/checker.hpp"
#include "sim/storage/road_graph/k_shortest.hpp"

using namespace sdsim::storage::road_graph;
using sdsim::maps::AlternativesCheck;
using sdsim::maps::check_alternatives;

namespace {
// 0 -> 1 -> 3, 0 -> 2 -> 3, and 1 <-> 2: arcs 0:(0,1) 1:(0,2) 2:(1,2) 3:(1,3) 4:(2,1) 5:(2,3).
RoadGraph diamond() {
  return RoadGraph(4, {{0, 1, 1, 1}, {0, 2, 2, 2}, {1, 2, 1, 1}, {1, 3, 3, 3}, {2, 1, 1, 1},
                       {2, 3, 1, 1}});
}
Route route(std::vector<NodeId> nodes, std::vector<ArcId> arcs, double cost) {
  Route r;
  r.found = true;
  r.nodes = std::move(nodes);
  r.arcs = std::move(arcs);
  r.cost = cost;
  return r;
}
}  // namespace

TEST_CASE("maps checker: same_cost and loopless") {
  CHECK(sdsim::maps::same_cost(1.0, 1.0 + 1e-12));
  CHECK_FALSE(sdsim::maps::same_cost(1.0, 1.001));
  const std::vector<NodeId> ok{0, 1, 3}, loop{0, 1, 2, 1, 3};
  CHECK(sdsim::maps::loopless(ok));
  CHECK_FALSE(sdsim::maps::loopless(loop));
}

TEST_CASE("maps checker: each fault of a set of alternatives is counted") {
  const RoadGraph g = diamond();
  const auto& costs = g.free_flow_costs();
  // Arc ids in CSR order: the constructor keeps source order, so they are as listed above.
  REQUIRE(g.arc_source(2) == 1);
  REQUIRE(g.arc_target(2) == 2);
  const Route a = route({0, 1, 2, 3}, {0, 2, 5}, 3), b = route({0, 2, 3}, {1, 5}, 3),
              c = route({0, 1, 3}, {0, 3}, 4);
  AlternativesCheck good;
  check_alternatives(g, std::vector{a, b, c}, 0, 3, costs, good);
  CHECK(good.looped + good.duplicates + good.unsorted + good.broken == 0);

  AlternativesCheck bad;
  const Route loop = route({0, 2, 1, 2, 3}, {1, 4, 2, 5}, 5);
  const Route wrong_cost = route({0, 1, 3}, {0, 3}, 3.5);
  const Route off_graph = route({0, 3}, {3}, 3);
  check_alternatives(g, std::vector{c, a, a, loop, wrong_cost, off_graph}, 0, 3, costs, bad);
  CHECK(bad.looped == 1);
  CHECK(bad.duplicates == 2);  // a twice; wrong_cost repeats c's nodes
  CHECK(bad.unsorted == 3);    // a after c (3 < 4), wrong_cost after loop, off_graph after it
  CHECK(bad.broken == 2);
}

TEST_CASE("maps checker: Yen's paths on a grid city pass every check") {
  GridCityOptions o;
  o.width = o.height = 12;
  const RoadGraph g = make_grid_city(o, 3);
  ShortestPathSearch search(g);
  const auto& costs = g.free_flow_costs();
  AlternativesCheck check;
  for (NodeId s = 0; s < 140; s += 13) {
    const NodeId t = NodeId(g.num_nodes() - 1 - s);
    const auto y = yen_k_shortest(search, s, t, 4, costs, g.admissible_scale(costs));
    CHECK(y.paths.size() == 4);
    check_alternatives(g, y.paths, s, t, costs, check);
  }
  CHECK(check.looped + check.duplicates + check.unsorted + check.broken == 0);
}
