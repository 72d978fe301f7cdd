// The proximity model end to end through the CLI: bad input files and parameters are refused
// with a located error, exit 2 and nothing written (the CLI contract, /work/shared/design.md);
// a run's queries.csv agrees with an independent recount of its searches.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "cli.hpp"

namespace {
const char* kScenario =
    "name: prox\nmodel: proximity\nparams:\n  businesses: {source: csv, file: biz.csv}\n"
    "workload: {arrival: constant, rate: 10/s, requests: 4}\n";

simt::Result run_with(simt::TempDir& dir, const std::string& csv,
                      const std::string& scenario = kScenario) {
  simt::write_file(dir / "scn.yaml", scenario);
  simt::write_file(dir / "biz.csv", csv);
  return simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
}
}  // namespace

TEST_CASE("proximity: a bad business row is an error at its line and column") {
  simt::TempDir dir("sdsim-simt-prox-bad");
  SUBCASE("latitude out of range") {
    const auto r = run_with(dir, "id,lat,lon\n1,48.85,2.29\n2,91.5,2.29\n");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("biz.csv:3:3: error: lat:") != std::string::npos);
  }
  SUBCASE("not a number") {
    const auto r = run_with(dir, "id,lat,lon\n1,48.85,east\n");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("biz.csv:2:9: error: lon:") != std::string::npos);
  }
  SUBCASE("a duplicate id") {
    const auto r = run_with(dir, "id,lat,lon\n7,1,1\n7,2,2\n");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("biz.csv:3:1: error: id: id 7 appears twice") != std::string::npos);
  }
  SUBCASE("a wrong header, a short row") {
    CHECK(run_with(dir, "id,lon,lat\n1,2,3\n")
              .err.find("biz.csv:1:1: error: the header must be 'id,lat,lon'") !=
          std::string::npos);
    CHECK(run_with(dir, "id,lat,lon\n1,2\n").err.find("biz.csv:2:1: error: 2 fields, expected 3") !=
          std::string::npos);
  }
  SUBCASE("a missing file") {
    simt::write_file(dir / "scn.yaml", kScenario);
    const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("biz.csv: error: cannot open the file") != std::string::npos);
  }
  CHECK(simt::list_tree(dir / "out").empty());
}

TEST_CASE("proximity: bad parameters and query files are refused") {
  simt::TempDir dir("sdsim-simt-prox-params");
  const std::string biz = "id,lat,lon\n1,48.85,2.29\n";
  auto r = run_with(
      dir, biz,
      "name: prox\nmodel: proximity\nparams:\n  index: {kind: quadtree}\n  cache: {enabled: true}\n"
      "workload: {requests: 4}\n");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("scn.yaml:5:") != std::string::npos);
  CHECK(r.err.find("needs index.kind geohash") != std::string::npos);
  r = run_with(dir, biz,
               "name: prox\nmodel: proximity\nparams:\n  queries: {radii: \"1km, 2 "
               "miles\"}\nworkload: {requests: 4}\n");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("'2 miles' is not a radius with a unit") != std::string::npos);
  simt::write_file(dir / "q.csv", "id,lat,lon,radius\n1,48.8,2.3,500\n");
  r = run_with(dir, biz,
               "name: prox\nmodel: proximity\nparams:\n  queries: {source: csv, file: "
               "q.csv}\nworkload: {requests: 4}\n");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("q.csv:2:12: error: radius: '500' is not a radius with a unit") !=
        std::string::npos);
  CHECK(simt::list_tree(dir / "out").empty());
}

TEST_CASE("proximity: queries.csv recounts to the summary, and a search is brute force's") {
  simt::TempDir dir("sdsim-simt-prox-run");
  simt::write_file(
      dir / "scn.yaml",
      "name: prox\nmodel: proximity\nseed: 3\nduration: 2s\nparams:\n  index: {kind: quadtree, "
      "leaf_capacity: 10}\n  businesses: {count: 500}\n  write_results: true\n"
      "workload: {rate: 100/s, timeout: 2s}\n");
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const auto m = simt::read_json(dir / "out" / "summary.json")["metrics"];
  const auto q = simt::read_csv(dir / "out" / "queries.csv");
  REQUIRE(!q.rows.empty());
  double results = 0;
  std::size_t ok = 0;
  for (const auto& row : q.rows) {
    CHECK(row[q.col("recall")] == "1");
    results += std::stod(row[q.col("results")]);
    ok += row[q.col("outcome")] == "ok";
    CHECK(std::stoi(row[q.col("returned")]) <= 20);  // the default page size
  }
  CHECK(ok == q.rows.size());
  CHECK(double(q.rows.size()) == m["searches.checked"].get<double>());
  CHECK(results / double(q.rows.size()) == doctest::Approx(m["results.mean"].get<double>()));
  CHECK(m["quadtree.leaves"].get<double>() == 3 * m["quadtree.internal"].get<double>() + 1);
  // results.csv: each search's page, nearest first.
  const auto res = simt::read_csv(dir / "out" / "results.csv");
  REQUIRE(!res.rows.empty());
  for (std::size_t i = 1; i < res.rows.size(); ++i)
    if (res.rows[i][0] == res.rows[i - 1][0])
      CHECK(std::stod(res.rows[i][res.col("distance_m")]) >=
            std::stod(res.rows[i - 1][res.col("distance_m")]));
}
