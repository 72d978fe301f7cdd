// The maps model end to end through the CLI, held against oracles written here, independent
// of sim/storage/road_graph: a run on a DIMACS graph the test writes has its routes.csv
// recounted (every rank-0 cost equal to this file's Dijkstra, every path along the file's arcs
// at the cost it states, the k costs equal to the k smallest among all simple paths, found by
// exhaustive enumeration), its summary recounted from routes.csv; bad DIMACS input is refused
// with its line, exit 2 and nothing written.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <queue>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

namespace {

struct Arc {
  int to;
  long long w;
};
using Graph = std::vector<std::vector<Arc>>;  // 0-based

// A w x h grid, both directions, weights 100..299 with straight-line length 100, plus one
// diagonal per cell in one direction (weight 150..349 for a length of about 141): the file
// pair the run reads (.gr 1-based, .co integer coordinates) and the graph the test keeps.
Graph write_graph(const simt::TempDir& dir, int w, int h, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> weight(0, 199);
  Graph g(std::size_t(w * h));
  auto id = [w](int x, int y) { return y * w + x; };
  auto add = [&](int a, int b, long long c) { g[std::size_t(a)].push_back({b, c}); };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      if (x + 1 < w) {
        add(id(x, y), id(x + 1, y), 100 + weight(rng));
        add(id(x + 1, y), id(x, y), 100 + weight(rng));
      }
      if (y + 1 < h) {
        add(id(x, y), id(x, y + 1), 100 + weight(rng));
        add(id(x, y + 1), id(x, y), 100 + weight(rng));
      }
      if (x + 1 < w && y + 1 < h) add(id(x, y), id(x + 1, y + 1), 150 + weight(rng));
    }
  std::ostringstream gr, co;
  std::size_t m = 0;
  for (const auto& out : g) m += out.size();
  gr << "c a test grid\np sp " << g.size() << " " << m << "\n";
  for (std::size_t v = 0; v < g.size(); ++v)
    for (const Arc& a : g[v]) gr << "a " << v + 1 << " " << a.to + 1 << " " << a.w << "\n";
  co << "p aux sp co " << g.size() << "\n";
  for (int v = 0; v < w * h; ++v) co << "v " << v + 1 << " " << (v % w) * 100 << " " << (v / w) * 100 << "\n";
  simt::write_file(dir / "city.gr", gr.str());
  simt::write_file(dir / "city.co", co.str());
  return g;
}

long long dijkstra(const Graph& g, int s, int t) {
  std::vector<long long> d(g.size(), -1);
  using Item = std::pair<long long, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> q;
  q.push({0, s});
  while (!q.empty()) {
    const auto [c, v] = q.top();
    q.pop();
    if (d[std::size_t(v)] >= 0) continue;
    d[std::size_t(v)] = c;
    if (v == t) return c;
    for (const Arc& a : g[std::size_t(v)])
      if (d[std::size_t(a.to)] < 0) q.push({c + a.w, a.to});
  }
  return -1;
}

// Every simple path's cost from s to t, sorted (exhaustive: small graphs only).
std::vector<long long> all_simple_path_costs(const Graph& g, int s, int t) {
  std::vector<long long> costs;
  std::vector<char> on(g.size(), 0);
  std::function<void(int, long long)> walk = [&](int v, long long c) {
    if (v == t) {
      costs.push_back(c);
      return;
    }
    on[std::size_t(v)] = 1;
    for (const Arc& a : g[std::size_t(v)])
      if (!on[std::size_t(a.to)]) walk(a.to, c + a.w);
    on[std::size_t(v)] = 0;
  };
  walk(s, 0);
  std::sort(costs.begin(), costs.end());
  return costs;
}

long long arc_weight(const Graph& g, int a, int b) {
  for (const Arc& x : g[std::size_t(a)])
    if (x.to == b) return x.w;
  return -1;
}

std::vector<int> parse_path(const std::string& text) {
  std::vector<int> nodes;
  std::istringstream in(text);
  for (int v; in >> v;) nodes.push_back(v);
  return nodes;
}

const char* kScenario =
    "name: maps\nmodel: maps\nseed: 4\nparams:\n  graph: {source: dimacs, gr: city.gr, co: city.co}\n"
    "  algorithm: both\n  k: 3\n  write_paths: true\n"
    "workload: {arrival: poisson, rate: 50/s, requests: 60, timeout: 5s}\n";

}  // namespace

TEST_CASE("maps: routes.csv agrees with Dijkstra and with every simple path, the summary with routes.csv") {
  simt::TempDir dir("sdsim-simt-maps-run");
  const Graph g = write_graph(dir, 4, 4, 7);  // 16 nodes: every simple path can be enumerated
  simt::write_file(dir / "scn.yaml", kScenario);
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const auto m = simt::read_json(dir / "out" / "summary.json")["metrics"];
  const auto csv = simt::read_csv(dir / "out" / "routes.csv");
  REQUIRE(!csv.rows.empty());

  // request -> algorithm -> costs by rank; request -> nodes expanded per algorithm.
  std::map<long long, std::map<std::string, std::vector<double>>> costs;
  std::map<long long, std::map<std::string, double>> nodes;
  std::map<long long, std::pair<int, int>> pair_of;
  for (std::size_t i = 0; i < csv.rows.size(); ++i) {
    CHECK(csv.str(i, "outcome") == "ok");
    REQUIRE(csv.str(i, "found") == "1");
    const long long id = std::stoll(csv.str(i, "request_id"));
    const int s = int(csv.num(i, "source")), t = int(csv.num(i, "target"));
    pair_of[id] = {s, t};
    const std::string algorithm = csv.str(i, "algorithm");
    auto& ranks = costs[id][algorithm];
    CHECK(int(csv.num(i, "rank")) == int(ranks.size()));  // ranks in order, none missing
    ranks.push_back(csv.num(i, "cost"));
    nodes[id][algorithm] = csv.num(i, "nodes_expanded");
    // The path: from source to target along the file's arcs, loopless, at the cost stated.
    const std::vector<int> path = parse_path(csv.str(i, "path"));
    REQUIRE(path.size() >= 2);
    CHECK(path.front() == s);
    CHECK(path.back() == t);
    CHECK(std::set<int>(path.begin(), path.end()).size() == path.size());
    CHECK(path.size() - 1 == std::size_t(csv.num(i, "hops")));
    long long sum = 0;
    for (std::size_t k = 0; k + 1 < path.size(); ++k) {
      const long long w = arc_weight(g, path[k], path[k + 1]);
      REQUIRE(w > 0);
      sum += w;
    }
    CHECK(double(sum) == csv.num(i, "cost"));
  }
  REQUIRE(costs.size() == 60);
  double nodes_sum = 0, cost_sum = 0, astar = 0, dijkstra_nodes = 0;
  for (const auto& [id, by_algorithm] : costs) {
    const auto [s, t] = pair_of[id];
    const std::vector<long long> truth = all_simple_path_costs(g, s, t);
    REQUIRE(truth.size() >= 3);
    CHECK(truth.front() == dijkstra(g, s, t));
    for (const auto& [algorithm, ranks] : by_algorithm) {
      REQUIRE(ranks.size() == 3);
      for (std::size_t k = 0; k < 3; ++k) CHECK(ranks[k] == double(truth[k]));
    }
    CHECK(by_algorithm.size() == 2);
    cost_sum += by_algorithm.at("astar").front();
    astar += nodes[id].at("astar");
    dijkstra_nodes += nodes[id].at("dijkstra");
    nodes_sum += nodes[id].at("astar") + nodes[id].at("dijkstra");
  }
  const double n = double(costs.size());
  CHECK(m["route.requests"].get<double>() == n);
  CHECK(m["route.suboptimal"].get<double>() == 0);
  CHECK(m["route.checked"].get<double>() == 2 * n);
  CHECK(m["route.alternatives.mean"].get<double>() == 3);
  CHECK(m["route.nodes_expanded.mean"].get<double>() == doctest::Approx(nodes_sum / n));
  CHECK(m["route.cost.mean"].get<double>() == doctest::Approx(cost_sum / n));
  CHECK(m["search.astar.nodes_expanded.mean"].get<double>() == doctest::Approx(astar / n));
  CHECK(m["search.dijkstra.nodes_expanded.mean"].get<double>() ==
        doctest::Approx(dijkstra_nodes / n));
}

TEST_CASE("maps: A* on a larger graph costs what this file's Dijkstra does, and settles fewer nodes") {
  simt::TempDir dir("sdsim-simt-maps-astar");
  const Graph g = write_graph(dir, 30, 30, 11);
  simt::write_file(dir / "scn.yaml",
                   "name: maps\nmodel: maps\nseed: 9\nparams:\n  graph: {source: dimacs, gr: "
                   "city.gr, co: city.co}\n  algorithm: both\n"
                   "workload: {arrival: poisson, rate: 50/s, requests: 80, timeout: 5s}\n");
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const auto csv = simt::read_csv(dir / "out" / "routes.csv");
  REQUIRE(csv.rows.size() == 160);  // one row per algorithm per request
  double astar = 0, dijkstra_nodes = 0;
  for (std::size_t i = 0; i < csv.rows.size(); ++i) {
    const long long truth = dijkstra(g, int(csv.num(i, "source")), int(csv.num(i, "target")));
    CHECK(csv.num(i, "cost") == double(truth));
    (csv.str(i, "algorithm") == "astar" ? astar : dijkstra_nodes) += csv.num(i, "nodes_expanded");
  }
  CHECK(astar < dijkstra_nodes);
}

TEST_CASE("maps: a bad DIMACS file is an error at its line, exit 2, nothing written") {
  simt::TempDir dir("sdsim-simt-maps-bad");
  simt::write_file(dir / "scn.yaml",
                   "name: maps\nmodel: maps\nparams:\n  graph: {source: dimacs, gr: bad.gr}\n"
                   "workload: {requests: 4}\n");
  SUBCASE("a weight that is not a number") {
    simt::write_file(dir / "bad.gr", "c x\np sp 3 2\na 1 2 5\na 2 3 five\n");
    const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("bad.gr:4: error:") != std::string::npos);
  }
  SUBCASE("a node outside the problem line's count") {
    simt::write_file(dir / "bad.gr", "p sp 3 2\na 1 2 5\na 2 9 5\n");
    const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("bad.gr:3: error:") != std::string::npos);
  }
  SUBCASE("a missing file, a missing gr") {
    auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("bad.gr") != std::string::npos);
    simt::write_file(dir / "scn.yaml",
                     "name: maps\nmodel: maps\nparams:\n  graph: {source: dimacs}\n"
                     "workload: {requests: 4}\n");
    r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("scn.yaml:4:") != std::string::npos);
    CHECK(r.err.find("source dimacs needs a .gr file") != std::string::npos);
  }
  CHECK(simt::list_tree(dir / "out").empty());
}

TEST_CASE("maps: summary.json's estimate.* follow the book's inputs, and describe declares them") {
  simt::TempDir dir("sdsim-simt-maps-estimate");
  simt::write_file(dir / "scn.yaml",
                   "name: maps\nmodel: maps\nseed: 2\nparams:\n  graph: {width: 8, height: 8}\n"
                   "workload: {arrival: poisson, rate: 50/s, requests: 10, timeout: 5s}\n");
  const auto metrics = [&](const std::vector<std::string>& sets) {
    std::vector<std::string> args{"run", "scn.yaml", "--out", "out", "--quiet"};
    for (const std::string& s : sets) {
      args.push_back("--set");
      args.push_back(s);
    }
    const auto r = simt::sdsim(args, dir.path());
    REQUIRE(r.exit_code == 0);
    return simt::read_json(dir / "out" / "summary.json")["metrics"];
  };
  SUBCASE("other inputs: recounted from a week's points and requests") {
    const double users = 4e7, minutes = 21, gps = 3, batch = 30, peak = 2.5;
    const auto m = metrics({"params.estimate.daily_active_users=4e7",
                            "params.estimate.navigation_minutes_per_week=21",
                            "params.estimate.gps_interval=3s", "params.estimate.batch_interval=30s",
                            "params.estimate.peak_factor=2.5", "params.estimate.day_s=86400s"});
    const double week_s = 7 * 86400.0, navigating_s = users * minutes * 60;
    CHECK(double(m["estimate.navigation_minutes_per_day"]) == doctest::Approx(users * minutes / 7));
    CHECK(double(m["estimate.location_qps.unbatched"]) == doctest::Approx(navigating_s / gps / week_s));
    CHECK(double(m["estimate.location_qps.batched"]) ==
          doctest::Approx(navigating_s / batch / week_s));
    CHECK(double(m["estimate.location_qps.peak"]) ==
          doctest::Approx(peak * navigating_s / batch / week_s));
  }
  SUBCASE("the defaults give the book's own figures (its day rounded to 10^5 s)") {
    const auto m = metrics({});
    CHECK(double(m["estimate.navigation_minutes_per_day"]) == doctest::Approx(5e9));
    CHECK(double(m["estimate.location_qps.unbatched"]) == doctest::Approx(3e6));
    CHECK(double(m["estimate.location_qps.batched"]) == doctest::Approx(2e5));
    CHECK(double(m["estimate.location_qps.peak"]) == doctest::Approx(1e6));
  }
  const auto d = simt::sdsim({"describe", "maps"}, dir.path());
  REQUIRE(d.exit_code == 0);
  for (const char* name : {"estimate.location_qps.unbatched", "estimate.location_qps.batched",
                           "estimate.location_qps.peak", "estimate.batch_interval",
                           "estimate.daily_active_users"})
    CHECK(d.out.find(name) != std::string::npos);
}
