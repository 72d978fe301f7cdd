// The road graph block against published definitions:
//   9th DIMACS Implementation Challenge, file formats and its sample graph
//     (http://www.diag.uniroma1.it/challenge9/format.shtml, "Sample graph file": 6 nodes,
//     8 arcs); distances from node 1 worked by hand below.
//   Yen's algorithm on Wikipedia's example (https://en.wikipedia.org/wiki/Yen%27s_algorithm,
//     "Example": C to H, A1 = C-E-F-H (5), A2 = C-E-G-H (7), A3 = C-D-F-H (8)).
//   A* with a consistent heuristic returns Dijkstra's cost (Hart, Nilsson, Raphael 1968).
#include <doctest/doctest.h>

#include <set>
#include <sstream>
#include <string>

#include "sim/core/random.hpp"
#include "sim/storage/road_graph/dimacs.hpp"
#include "sim/storage/road_graph/k_shortest.hpp"
#include "sim/storage/road_graph/road_graph.hpp"
#include "sim/storage/road_graph/shortest_path.hpp"

using namespace sdsim::storage::road_graph;

namespace {
const char* kDimacsSample =
    "c 9th DIMACS Implementation Challenge: Shortest Paths\n"
    "c Sample graph file\n"
    "c\n"
    "p sp 6 8\n"
    "c graph contains 6 nodes and 8 arcs\n"
    "c node ids are numbers in 1..6\n"
    "c\n"
    "a 1 2 17\n"
    "c arc from node 1 to node 2 of weight 17\n"
    "c\n"
    "a 1 3 10\n"
    "a 2 4 2\n"
    "a 3 5 0\n"
    "a 4 3 0\n"
    "a 4 6 3\n"
    "a 5 2 0\n"
    "a 5 6 20\n";

RoadGraph sample(const char* co_text = nullptr) {
  std::istringstream gr(kDimacsSample);
  if (!co_text) return load_dimacs(gr, "sample.gr");
  std::istringstream co(co_text);
  return load_dimacs(gr, "sample.gr", &co, "sample.co");
}

std::string load_error(const std::string& gr_text, const char* co_text = nullptr) {
  std::istringstream gr(gr_text);
  std::istringstream co(co_text ? co_text : "");
  try {
    load_dimacs(gr, "bad.gr", co_text ? &co : nullptr, "bad.co");
  } catch (const DimacsError& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("storage/road_graph: the DIMACS sample graph, distances from node 1 by hand") {
  const RoadGraph g = sample();
  CHECK(g.num_nodes() == 6);
  CHECK(g.num_arcs() == 8);
  // By hand: 1->3 costs 10, 3->5 is free (0), 5->2 is free, so d(3) = d(5) = d(2) = 10 (the
  // direct 1->2 arc costs 17); 2->4 adds 2: d(4) = 12; 4->6 adds 3: d(6) = 15 (5->6 gives 30).
  const double expected[6] = {0, 10, 10, 12, 10, 15};
  ShortestPathSearch search(g);
  for (NodeId v = 0; v < 6; ++v) {
    const Route r = search.dijkstra(0, v, g.free_flow_costs());
    REQUIRE(r.found);
    CHECK(r.cost == expected[v]);
    CHECK(path_cost(r.arcs, g.free_flow_costs()) == r.cost);
  }
  const Route r = search.dijkstra(0, 5, g.free_flow_costs());
  CHECK(r.nodes == std::vector<NodeId>{0, 2, 4, 1, 3, 5});  // 1 3 5 2 4 6, 0-based
  CHECK_FALSE(search.dijkstra(5, 0, g.free_flow_costs()).found);  // node 6 has no out-arc
  // Without coordinates A* has no heuristic and is Dijkstra.
  CHECK(g.admissible_scale(g.free_flow_costs()) == 0.0);
  CHECK(search.astar(0, 5, g.free_flow_costs(), 0.0).cost == 15);
}

TEST_CASE("storage/road_graph: coordinates load; zero-weight arcs make the heuristic zero") {
  const RoadGraph g = sample(
      "c Sample coordinates file\np aux sp co 6\nv 1 0 0\nv 2 4 0\nv 3 0 3\nv 4 4 3\n"
      "v 5 2 3\nv 6 8 3\n");
  CHECK(g.has_positions());
  CHECK(g.position(3).x == 4);
  CHECK(g.straight_line(0, 3) == 5);
  // Arcs of weight 0 between distinct points: only k = 0 keeps every arc >= k x length.
  CHECK(g.admissible_scale(g.free_flow_costs()) == 0.0);
}

TEST_CASE("storage/road_graph: DIMACS errors name the file and line") {
  CHECK(load_error("c nothing\n") == "bad.gr:1: error: no problem line 'p sp NODES ARCS'");
  CHECK(load_error("a 1 2 3\n") ==
        "bad.gr:1: error: an arc before the problem line 'p sp NODES ARCS'");
  CHECK(load_error("p sp 3 1\na 1 4 3\n") == "bad.gr:2: error: node id 4 is outside [1, 3]");
  CHECK(load_error("p sp 3 1\na 1 2 -3\n") ==
        "bad.gr:2: error: arc weight -3 is outside [0, 9007199254740992]");
  CHECK(load_error("p sp 3 1\na 1 2 x\n") == "bad.gr:2: error: arc weight 'x' is not an integer");
  CHECK(load_error("p sp 3 2\nc\na 1 2 3\n") ==
        "bad.gr:3: error: 1 arcs where the problem line announced 2");
  CHECK(load_error("p sp 3 1\na 1 2 3\na 2 3 1\n") ==
        "bad.gr:3: error: more arcs than the 1 the problem line announced");
  CHECK(load_error("p sp 3 1\nq 1\n") ==
        "bad.gr:2: error: unknown line type 'q' (expected c, p or a)");
  CHECK(load_error("p sp 3\n") == "bad.gr:1: error: the problem line must be 'p sp NODES ARCS'");
  const std::string gr = "p sp 2 1\na 1 2 3\n";
  CHECK(load_error(gr, "p aux sp co 3\n") ==
        "bad.co:1: error: coordinates for 3 nodes but bad.gr has 2");
  CHECK(load_error(gr, "p aux sp co 2\nv 1 0 0\nv 1 0 0\n") ==
        "bad.co:3: error: node 1 given twice");
  CHECK(load_error(gr, "p aux sp co 2\nv 1 0 0\n") ==
        "bad.co:2: error: 1 nodes have coordinates, 2 expected");
  CHECK(load_error(gr, "v 1 0 0\n") ==
        "bad.co:1: error: a node before the problem line 'p aux sp co NODES'");
  CHECK_THROWS_WITH_AS(load_dimacs_files("/nonexistent.gr"),
                       "/nonexistent.gr: error: cannot open the file", DimacsError);
}

TEST_CASE("storage/road_graph: Yen's k shortest loopless paths on Wikipedia's example") {
  enum { C, D, E, F, G, H };
  const RoadGraph g(6, {{C, D, 3, 3}, {C, E, 2, 2}, {D, F, 4, 4}, {E, D, 1, 1}, {E, F, 2, 2},
                        {E, G, 3, 3}, {F, G, 2, 2}, {F, H, 1, 1}, {G, H, 2, 2}});
  ShortestPathSearch search(g);
  const KShortestResult three = yen_k_shortest(search, C, H, 3, g.free_flow_costs());
  REQUIRE(three.paths.size() == 3);
  CHECK(three.paths[0].nodes == std::vector<NodeId>{C, E, F, H});
  CHECK(three.paths[0].cost == 5);
  CHECK(three.paths[1].nodes == std::vector<NodeId>{C, E, G, H});
  CHECK(three.paths[1].cost == 7);
  CHECK(three.paths[2].nodes == std::vector<NodeId>{C, D, F, H});
  CHECK(three.paths[2].cost == 8);
  // Every loopless C-H path: 5, 7, 8 (three of them: C-D-F-H, C-E-D-F-H, C-E-F-G-H), then
  // C-D-F-G-H 11 and C-E-D-F-G-H 11; no seventh.
  const KShortestResult all = yen_k_shortest(search, C, H, 10, g.free_flow_costs());
  REQUIRE(all.paths.size() == 7);
  const double costs[7] = {5, 7, 8, 8, 8, 11, 11};
  std::set<std::vector<NodeId>> distinct;
  for (std::size_t i = 0; i < all.paths.size(); ++i) {
    const Route& p = all.paths[i];
    CHECK(p.cost == costs[i]);
    CHECK(std::set<NodeId>(p.nodes.begin(), p.nodes.end()).size() == p.nodes.size());  // loopless
    CHECK(distinct.insert(p.nodes).second);
  }
}

TEST_CASE("storage/road_graph: the grid city's classes, speeds and admissible scale") {
  GridCityOptions o;
  o.width = 21;
  o.height = 11;
  const RoadGraph g = make_grid_city(o, 7);
  CHECK(g.num_nodes() == 231);
  CHECK(g.num_arcs() == 2 * (20 * 11 + 21 * 10));
  int per_class[kRoadClasses] = {};
  for (ArcId a = 0; a < g.num_arcs(); ++a) {
    ++per_class[int(g.arc_class(a))];
    const double speed = g.arc_length(a) / g.free_flow_costs()[a];
    CHECK(speed == doctest::Approx(o.speed_mps[int(g.arc_class(a))]));
    CHECK(g.arc_length(a) >= g.straight_line(g.arc_source(a), g.arc_target(a)));
  }
  // Highways: rows 0 (20 blocks) and columns 0, 20 (10 blocks each); arterials: rows 5, 10,
  // columns 5, 10, 15; both directions.
  CHECK(per_class[int(RoadClass::highway)] == 2 * (20 + 10 + 10));
  CHECK(per_class[int(RoadClass::arterial)] == 2 * (20 + 20 + 10 + 10 + 10));
  // Every block costs length / speed >= straight line / highest speed, so k >= 1 / highest
  // speed (equal for a highway block drawn with no jitter) and k <= (1 + jitter) / that speed.
  CHECK(g.admissible_scale(g.free_flow_costs()) >= 1.0 / o.speed_mps[2] - 1e-12);
  CHECK(g.admissible_scale(g.free_flow_costs()) <= (1 + o.jitter) / o.speed_mps[2]);
}

TEST_CASE("storage/road_graph: A* equals Dijkstra's cost on 150 random pairs, expanding fewer") {
  GridCityOptions o;
  o.width = 60;
  o.height = 40;
  const RoadGraph g = make_grid_city(o, 3);
  ShortestPathSearch search(g);
  const auto& w = g.free_flow_costs();
  const double k = g.admissible_scale(w);
  sdsim::RandomStream rng(11, "pairs");
  std::uint64_t dijkstra_expanded = 0, astar_expanded = 0;
  for (int i = 0; i < 150; ++i) {
    const NodeId s = NodeId(rng.below(g.num_nodes())), t = NodeId(rng.below(g.num_nodes()));
    const Route d = search.dijkstra(s, t, w);
    const Route a = search.astar(s, t, w, k);
    REQUIRE(d.found);
    REQUIRE(a.found);
    CHECK(a.cost == doctest::Approx(d.cost).epsilon(1e-12));
    CHECK(path_cost(a.arcs, w) == doctest::Approx(a.cost).epsilon(1e-12));
    CHECK(a.nodes.front() == s);
    CHECK(a.nodes.back() == t);
    CHECK(a.nodes_expanded <= d.nodes_expanded);
    dijkstra_expanded += d.nodes_expanded;
    astar_expanded += a.nodes_expanded;
  }
  CHECK(astar_expanded * 2 < dijkstra_expanded);
}

TEST_CASE("storage/road_graph: A* equals Dijkstra on random geometric graphs with slowed arcs") {
  sdsim::RandomStream rng(5, "random graph");
  for (int round = 0; round < 5; ++round) {
    const std::size_t n = 300;
    std::vector<Position> pos(n);
    for (auto& p : pos) p = {rng.uniform(0, 1000), rng.uniform(0, 1000)};
    std::vector<ArcSpec> arcs;
    for (NodeId u = 0; u < n; ++u)
      for (int j = 0; j < 4; ++j) {
        const NodeId v = NodeId(rng.below(n));
        const double d = std::hypot(pos[u].x - pos[v].x, pos[u].y - pos[v].y);
        arcs.push_back({u, v, d / rng.uniform(5, 30), d});
      }
    const RoadGraph g(n, arcs, pos);
    // Traffic only slows arcs down, so the free-flow scale stays admissible.
    std::vector<double> slowed(g.free_flow_costs());
    for (double& c : slowed) c *= rng.uniform(1, 3);
    const double k = g.admissible_scale(g.free_flow_costs());
    ShortestPathSearch search(g);
    for (int i = 0; i < 30; ++i) {
      const NodeId s = NodeId(rng.below(n)), t = NodeId(rng.below(n));
      const Route d = search.dijkstra(s, t, slowed), a = search.astar(s, t, slowed, k);
      REQUIRE(d.found == a.found);
      if (d.found) CHECK(a.cost == doctest::Approx(d.cost).epsilon(1e-12));
    }
  }
}

TEST_CASE("storage/road_graph: a query touches what it explores, not the whole graph") {
  GridCityOptions o;
  o.width = 400;
  o.height = 400;
  const RoadGraph g = make_grid_city(o, 1);
  ShortestPathSearch search(g);
  const auto& w = g.free_flow_costs();
  search.dijkstra(0, NodeId(g.num_nodes() - 1), w);  // a search over almost everything
  CHECK(search.last_touched() > g.num_nodes() / 2);
  const NodeId centre = 200 * 400 + 200;
  const Route r = search.astar(centre, centre + 3, w, g.admissible_scale(w));
  CHECK(r.found);
  CHECK(r.nodes_expanded < 100);
  CHECK(search.last_touched() < 400);  // the previous query's nodes were reset, not counted
}

TEST_CASE("storage/road_graph: the highway level expands fewer nodes, never a cheaper route") {
  GridCityOptions o;
  o.width = 120;
  o.height = 120;
  const RoadGraph g = make_grid_city(o, 9);
  ShortestPathSearch search(g);
  const auto& w = g.free_flow_costs();
  const double k = g.admissible_scale(w);
  const ArcFilter highways{RoadClass::highway, 2.5 * o.highway_every * o.block_m};
  sdsim::RandomStream rng(2, "long pairs");
  std::uint64_t flat = 0, hierarchical = 0;
  for (int i = 0; i < 30; ++i) {
    const NodeId s = NodeId(rng.below(20) * 120 + rng.below(20));
    const NodeId t = NodeId((100 + rng.below(20)) * 120 + 100 + rng.below(20));
    const Route full = search.astar(s, t, w, k), level = search.astar(s, t, w, k, highways);
    REQUIRE(level.found);
    CHECK(level.cost >= full.cost - 1e-9);
    for (std::size_t j = 0; j < level.arcs.size(); ++j) {
      const NodeId u = level.nodes[j];
      const bool near = g.straight_line(u, s) <= highways.near_radius ||
                        g.straight_line(u, t) <= highways.near_radius;
      CHECK((near || g.arc_class(level.arcs[j]) == RoadClass::highway));
    }
    flat += full.nodes_expanded;
    hierarchical += level.nodes_expanded;
  }
  CHECK(hierarchical < flat);
}
