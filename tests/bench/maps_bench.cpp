// Benchmark: point-to-point A* on a generated road graph of 10^6 nodes (a 1000 x 1000 grid
// city, ~4 x 10^6 arcs), through sdsim's road-graph block (sim/storage/road_graph: RoadGraph +
// ShortestPathSearch, which keeps its arrays between queries and resets only the nodes the
// last query touched) and through a lean reference: Boost.Graph's own astar_search on a
// compressed_sparse_row_graph of the same arcs (costs as a bundled edge property), with its
// distance, rank (g + h), predecessor and colour maps allocated once and re-initialised by
// astar_search itself on every query (O(V) each, as the library does), and a visitor that stops
// the search when the target is examined. Same heuristic on both: scale x straight line, scale
// the largest k with every arc costing at least k x its straight-line length (admissible).
//
// Each side runs in its own process, so that /usr/bin/time's peak RSS is its own:
//   maps_bench generate --out FILE [--width W] [--height H] [--seed S]
//       make_grid_city, then the arcs and positions written to FILE (raw, for this program)
//   maps_bench sdsim|boost --graph FILE [--queries Q] [--seed S] [--costs OUT]
//       reads FILE (not timed), builds the searchable graph from the arc list (timed: "build"),
//       answers Q seeded random (source, target) pairs (timed: queries per wall second), and
//       writes each query's route cost to OUT (one a line) so the script can check both agree.
// Wall-clock figures: a measurement, not a test.
#include <boost/graph/astar_search.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/storage/road_graph/road_graph.hpp"
#include "sim/storage/road_graph/shortest_path.hpp"

namespace {

namespace rg = sdsim::storage::road_graph;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct GraphFile {
  std::uint64_t nodes = 0;
  std::vector<rg::ArcSpec> arcs;
  std::vector<rg::Position> positions;
};

void write_graph(const std::string& path, const rg::RoadGraph& g) {
  std::vector<rg::ArcSpec> arcs(g.num_arcs());
  for (rg::ArcId a = 0; a < g.num_arcs(); ++a)
    arcs[a] = {g.arc_source(a), g.arc_target(a), g.free_flow_costs()[a], g.arc_length(a),
               g.arc_class(a)};
  std::vector<rg::Position> pos(g.num_nodes());
  for (rg::NodeId v = 0; v < g.num_nodes(); ++v) pos[v] = g.position(v);
  std::ofstream out(path, std::ios::binary);
  const std::uint64_t header[2] = {g.num_nodes(), g.num_arcs()};
  out.write(reinterpret_cast<const char*>(header), sizeof header);
  out.write(reinterpret_cast<const char*>(arcs.data()),
            static_cast<std::streamsize>(arcs.size() * sizeof(rg::ArcSpec)));
  out.write(reinterpret_cast<const char*>(pos.data()),
            static_cast<std::streamsize>(pos.size() * sizeof(rg::Position)));
  if (!out) {
    std::fprintf(stderr, "maps_bench: cannot write %s\n", path.c_str());
    std::exit(1);
  }
}

GraphFile read_graph(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::uint64_t header[2] = {0, 0};
  in.read(reinterpret_cast<char*>(header), sizeof header);
  GraphFile f;
  f.nodes = header[0];
  f.arcs.resize(header[1]);
  f.positions.resize(header[0]);
  in.read(reinterpret_cast<char*>(f.arcs.data()),
          static_cast<std::streamsize>(f.arcs.size() * sizeof(rg::ArcSpec)));
  in.read(reinterpret_cast<char*>(f.positions.data()),
          static_cast<std::streamsize>(f.positions.size() * sizeof(rg::Position)));
  if (!in || f.nodes == 0) {
    std::fprintf(stderr, "maps_bench: cannot read %s\n", path.c_str());
    std::exit(1);
  }
  return f;
}

std::vector<std::pair<rg::NodeId, rg::NodeId>> plan_queries(std::uint64_t nodes,
                                                            std::uint64_t queries,
                                                            std::uint64_t seed) {
  sdsim::RandomStream rng(seed, "maps-bench.queries");
  std::vector<std::pair<rg::NodeId, rg::NodeId>> plan(queries);
  for (auto& q : plan) {
    q.first = static_cast<rg::NodeId>(rng.below(nodes));
    do q.second = static_cast<rg::NodeId>(rng.below(nodes));
    while (q.second == q.first);
  }
  return plan;
}

double hypot_of(const rg::Position& a, const rg::Position& b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

// ---- the reference: Boost.Graph's astar_search ----
struct Arc {
  double cost;
};
using BoostGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, Arc,
                                                      boost::no_property, rg::NodeId, rg::ArcId>;
using Vertex = boost::graph_traits<BoostGraph>::vertex_descriptor;

struct FoundGoal {};

class StopAtGoal : public boost::default_astar_visitor {
 public:
  StopAtGoal(Vertex goal, std::uint64_t* examined) : goal_(goal), examined_(examined) {}
  void examine_vertex(Vertex u, const BoostGraph&) {
    ++*examined_;
    if (u == goal_) throw FoundGoal{};
  }

 private:
  Vertex goal_;
  std::uint64_t* examined_;
};

class StraightLine : public boost::astar_heuristic<BoostGraph, double> {
 public:
  StraightLine(const std::vector<rg::Position>* pos, Vertex goal, double scale)
      : pos_(pos), goal_(goal), scale_(scale) {}
  double operator()(Vertex v) const { return scale_ * hypot_of((*pos_)[v], (*pos_)[goal_]); }

 private:
  const std::vector<rg::Position>* pos_;
  Vertex goal_;
  double scale_;
};

struct Run {
  double build_s = 0, queries_s = 0, scale = 0;
  std::uint64_t expanded = 0, found = 0, structure_bytes = 0;
  std::vector<double> costs;
};

Run run_sdsim(GraphFile file, const std::vector<std::pair<rg::NodeId, rg::NodeId>>& plan) {
  Run r;
  auto start = Clock::now();
  const rg::RoadGraph graph(file.nodes, std::move(file.arcs), std::move(file.positions));
  rg::ShortestPathSearch search(graph);
  r.scale = graph.admissible_scale(graph.free_flow_costs());
  r.build_s = seconds_since(start);
  // RoadGraph's arrays + the searcher's dist, pred, settled, node and arc ban flags.
  r.structure_bytes = graph.memory_bytes() + graph.num_nodes() * (sizeof(double) + 4 + 1 + 1) +
                      graph.num_arcs();
  start = Clock::now();
  for (const auto& [s, t] : plan) {
    const rg::Route route = search.astar(s, t, graph.free_flow_costs(), r.scale);
    r.expanded += route.nodes_expanded;
    r.found += route.found ? 1 : 0;
    r.costs.push_back(route.cost);
  }
  r.queries_s = seconds_since(start);
  return r;
}

Run run_boost(GraphFile file, const std::vector<std::pair<rg::NodeId, rg::NodeId>>& plan) {
  Run r;
  auto start = Clock::now();
  std::stable_sort(file.arcs.begin(), file.arcs.end(),
                   [](const rg::ArcSpec& a, const rg::ArcSpec& b) { return a.source < b.source; });
  std::vector<std::pair<rg::NodeId, rg::NodeId>> edges;
  std::vector<Arc> props;
  edges.reserve(file.arcs.size());
  props.reserve(file.arcs.size());
  double scale = std::numeric_limits<double>::infinity();
  for (const rg::ArcSpec& a : file.arcs) {
    edges.emplace_back(a.source, a.target);
    props.push_back({a.cost});
    const double d = hypot_of(file.positions[a.source], file.positions[a.target]);
    if (d > 0) scale = std::min(scale, a.cost / d);
  }
  r.scale = std::isfinite(scale) ? scale : 0.0;
  file.arcs = {};
  const BoostGraph g(boost::edges_are_sorted, edges.begin(), edges.end(), props.begin(),
                     static_cast<rg::NodeId>(file.nodes));
  edges = {};
  props = {};
  const std::size_t n = num_vertices(g);
  std::vector<Vertex> pred(n);
  std::vector<double> dist(n), rank(n);
  std::vector<boost::default_color_type> color(n);
  r.build_s = seconds_since(start);
  r.structure_bytes = (n + 1) * sizeof(rg::ArcId) + num_edges(g) * (sizeof(rg::NodeId) + sizeof(Arc)) +
                      n * (sizeof(Vertex) + 2 * sizeof(double) + sizeof(boost::default_color_type)) +
                      file.positions.size() * sizeof(rg::Position);
  const auto index = get(boost::vertex_index, g);
  start = Clock::now();
  for (const auto& q : plan) {
    const Vertex s = q.first, t = q.second;
    std::uint64_t examined = 0;
    bool found = false;
    try {
      boost::astar_search(
          g, s, StraightLine(&file.positions, t, r.scale), StopAtGoal(t, &examined),
          boost::make_iterator_property_map(pred.begin(), index),
          boost::make_iterator_property_map(rank.begin(), index),
          boost::make_iterator_property_map(dist.begin(), index), get(&Arc::cost, g), index,
          boost::make_iterator_property_map(color.begin(), index), std::less<double>(),
          boost::closed_plus<double>(std::numeric_limits<double>::infinity()),
          std::numeric_limits<double>::infinity(), 0.0);
    } catch (const FoundGoal&) {
      found = true;
    }
    r.expanded += examined;
    r.found += found ? 1 : 0;
    r.costs.push_back(found ? dist[t] : std::numeric_limits<double>::infinity());
  }
  r.queries_s = seconds_since(start);
  return r;
}

int usage(const char* argv0) {
  std::fprintf(stderr,
               "usage: %s generate --out FILE [--width W] [--height H] [--seed S]\n"
               "       %s sdsim|boost --graph FILE [--queries Q] [--seed S] [--costs OUT]\n",
               argv0, argv0);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage(argv[0]);
  const std::string mode = argv[1];
  std::string out, graph_path, costs_path;
  std::uint64_t width = 1000, height = 1000, seed = 1, queries = 200;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--out")
      out = value;
    else if (flag == "--graph")
      graph_path = value;
    else if (flag == "--costs")
      costs_path = value;
    else if (flag == "--width")
      width = std::strtoull(value.c_str(), nullptr, 10);
    else if (flag == "--height")
      height = std::strtoull(value.c_str(), nullptr, 10);
    else if (flag == "--seed")
      seed = std::strtoull(value.c_str(), nullptr, 10);
    else if (flag == "--queries")
      queries = std::strtoull(value.c_str(), nullptr, 10);
    else
      return usage(argv[0]);
  }

  if (mode == "generate") {
    if (out.empty()) return usage(argv[0]);
    rg::GridCityOptions o;
    o.width = static_cast<std::uint32_t>(width);
    o.height = static_cast<std::uint32_t>(height);
    const auto start = Clock::now();
    const rg::RoadGraph g = rg::make_grid_city(o, seed);
    const double s = seconds_since(start);
    write_graph(out, g);
    std::printf("grid city %llu x %llu, seed %llu: %zu nodes, %zu arcs, make_grid_city %.2f s\n",
                static_cast<unsigned long long>(width), static_cast<unsigned long long>(height),
                static_cast<unsigned long long>(seed), g.num_nodes(), g.num_arcs(), s);
    return 0;
  }
  if ((mode != "sdsim" && mode != "boost") || graph_path.empty()) return usage(argv[0]);

  GraphFile file = read_graph(graph_path);
  const auto plan = plan_queries(file.nodes, queries, seed);
  const Run r = mode == "sdsim" ? run_sdsim(std::move(file), plan) : run_boost(std::move(file), plan);
  if (!costs_path.empty()) {
    std::FILE* f = std::fopen(costs_path.c_str(), "w");
    if (!f) return 1;
    for (double c : r.costs) std::fprintf(f, "%.17g\n", c);
    std::fclose(f);
  }
  // One machine-readable line for the script, then a human one.
  std::printf("build_s=%.4f queries=%llu queries_s=%.4f qps=%.3f expanded_mean=%.1f found=%llu "
              "scale=%.9g structure_bytes=%llu\n",
              r.build_s, static_cast<unsigned long long>(plan.size()), r.queries_s,
              static_cast<double>(plan.size()) / r.queries_s,
              static_cast<double>(r.expanded) / static_cast<double>(plan.size()),
              static_cast<unsigned long long>(r.found), r.scale,
              static_cast<unsigned long long>(r.structure_bytes));
  return 0;
}
