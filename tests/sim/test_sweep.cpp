// `sdsim sweep`: results that do not depend on --jobs, resuming, --list / --only / --merge,
// expectations and the JUnit report, and bad sweep files (exit 2, located, nothing written).
// Each sweep is small (a few thousand requests per run) so the whole file takes seconds.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

namespace {

using simt::fs::path;

std::string mmc() { return simt::source_dir() + "/scenarios/queueing/mmc.yaml"; }

// 2 rates x 3 seeds = 6 runs, each well under a second.
std::string small_sweep(const std::string& expect = "  requests.completed: \"> 0\"\n") {
  return "name: small\nbase: " + mmc() +
         "\ngrid:\n  workload.rate: [2/s, 8/s]\n  workload.requests: [3000]\n  workload.warmup: "
         "[100s]\n"
         "seeds: 3\nexpect:\n" +
         expect;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("sweep: results do not depend on --jobs, and carry no wall time") {
  simt::TempDir tmp("sdsim-sweep");
  simt::write_file(tmp / "s.yaml", small_sweep());
  auto one = simt::sdsim(
      {"sweep", (tmp / "s.yaml").string(), "--jobs", "1", "--out", (tmp / "j1").string()});
  auto three = simt::sdsim(
      {"sweep", (tmp / "s.yaml").string(), "--jobs", "3", "--out", (tmp / "j3").string(), "-q"});
  REQUIRE_MESSAGE(one.exit_code == 0, one.err);
  REQUIRE_MESSAGE(three.exit_code == 0, three.err);
  CHECK(three.out.empty());
  for (const char* f : {"results.csv", "aggregate.csv", "sweep.json"})
    CHECK_MESSAGE(simt::read_file(tmp / "j1" / f) == simt::read_file(tmp / "j3" / f), f);

  auto results = simt::read_csv(tmp / "j1" / "results.csv");
  REQUIRE(results.rows.size() == 6);
  CHECK(results.header.at(0) == "run");
  CHECK(results.str(0, "name") == "0-rate=2_s-seed1");
  CHECK(results.num(3, "workload.rate") == 8);  // SI: 8/s -> 8
  CHECK(results.str(5, "seed") == "3");
  CHECK(results.str(5, "expectations_ok") == "true");
  CHECK_THROWS(results.col("wall_time"));

  auto agg = simt::read_csv(tmp / "j1" / "aggregate.csv");
  bool found = false;
  for (std::size_t i = 0; i < agg.rows.size(); ++i) {
    if (agg.str(i, "metric") != "wait.mean" || agg.str(i, "point") != "1") continue;
    found = true;
    CHECK(agg.str(i, "unit") == "s");
    CHECK(agg.str(i, "n") == "3");
    double mean = 0;
    for (std::size_t r = 3; r < 6; ++r) mean += results.num(r, "wait.mean") / 3;
    CHECK(agg.num(i, "mean") == doctest::Approx(mean).epsilon(1e-12));
    // 95% CI with 2 degrees of freedom: t = 4.302653
    const double half = 4.302652729911275 * agg.num(i, "std") / std::sqrt(3.0);
    CHECK(agg.num(i, "ci95_high") - agg.num(i, "mean") == doctest::Approx(half).epsilon(1e-9));
  }
  CHECK(found);
  CHECK(simt::list_tree(tmp / "j1" / "runs").size() == 6 * 7);  // each: its folder, marker, run.json, 4 files  // 6 folders of 4 files
}

TEST_CASE("sweep: a restarted sweep skips finished runs and redoes missing or stale ones") {
  simt::TempDir tmp("sdsim-sweep");
  simt::write_file(tmp / "s.yaml", small_sweep());
  const std::string out = (tmp / "out").string();
  REQUIRE(simt::sdsim({"sweep", (tmp / "s.yaml").string(), "--out", out, "-j", "2"}).exit_code ==
          0);
  const std::string before = simt::read_file(tmp / "out" / "results.csv");
  const std::string summary1 =
      simt::read_file(tmp / "out" / "runs" / "1-rate=2_s-seed2" / "summary.json");

  simt::fs::remove_all(tmp / "out" / "runs" / "4-rate=8_s-seed2");
  // A stale leftover of an interrupted run is ignored and does not count as finished.
  simt::write_file(tmp / "out" / "runs" / "5-rate=8_s-seed3.partial-999999" / "junk", "x");
  auto again = simt::sdsim({"sweep", (tmp / "s.yaml").string(), "--out", out});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(again.out.find("5 of 6 runs already done") != std::string::npos);
  CHECK(simt::read_file(tmp / "out" / "results.csv") == before);
  // Untouched runs were not run again (their summaries, wall time included, are the same).
  CHECK(simt::read_file(tmp / "out" / "runs" / "1-rate=2_s-seed2" / "summary.json") == summary1);

  // Editing the sweep (another request count) makes every old run stale: all run again.
  std::string edited = small_sweep();
  edited.replace(edited.find("[3000]"), 6, "[2500]");
  simt::write_file(tmp / "s.yaml", edited);
  auto third = simt::sdsim({"sweep", (tmp / "s.yaml").string(), "--out", out, "-j", "2"});
  REQUIRE_MESSAGE(third.exit_code == 0, third.err);
  CHECK(third.out.find("already done") == std::string::npos);
  CHECK(simt::read_file(tmp / "out" / "results.csv") != before);
}

TEST_CASE("sweep: --list, --only and --merge reproduce a local sweep byte for byte") {
  simt::TempDir tmp("sdsim-sweep");
  simt::write_file(tmp / "s.yaml", small_sweep());
  const std::string sweep = (tmp / "s.yaml").string();
  REQUIRE(simt::sdsim({"sweep", sweep, "--out", (tmp / "local").string(), "-q"}).exit_code == 0);

  auto list = simt::sdsim({"sweep", sweep, "--list", "--out", (tmp / "spread").string()});
  REQUIRE(list.exit_code == 0);
  auto commands = lines(list.out);
  REQUIRE(commands.size() == 6);
  CHECK(commands[0].find(" run ") != std::string::npos);
  CHECK(commands[0].find("--seed 1") != std::string::npos);
  CHECK(commands[0].find("'expect={requests.completed: \"> 0\"}'") != std::string::npos);
  CHECK(!simt::fs::exists(tmp / "spread"));  // --list runs nothing

  // Runs 0-2 as --list commands through a shell, 3-5 with --only into another folder.
  for (std::size_t k = 0; k < 3; ++k) {
    auto r = simt::run({"/bin/sh", "-c", commands[k]});
    REQUIRE_MESSAGE(r.exit_code == 0, std::string(r.command + "\n" + r.err));
  }
  for (const char* k : {"3", "4", "5"}) {
    auto r = simt::sdsim({"sweep", sweep, "--only", k, "--out", (tmp / "other").string(), "-q"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  }
  CHECK(!simt::fs::exists(tmp / "other" / "results.csv"));  // --only writes its run only
  CHECK(simt::list_tree(tmp / "other" / "runs").size() == 3 * 7);
  auto again = simt::sdsim({"sweep", sweep, "--only", "4", "--out", (tmp / "other").string()});
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("already done") != std::string::npos);

  auto merged = simt::sdsim({"sweep", sweep, "--merge", (tmp / "spread").string(),
                             (tmp / "other" / "runs" / "3-rate=8_s-seed1").string(),
                             (tmp / "other" / "runs" / "4-rate=8_s-seed2").string(),
                             (tmp / "other" / "runs" / "5-rate=8_s-seed3").string(), "--out",
                             (tmp / "merged").string(), "-q"});
  REQUIRE_MESSAGE(merged.exit_code == 0, merged.err);
  for (const char* f : {"results.csv", "aggregate.csv"})
    CHECK_MESSAGE(simt::read_file(tmp / "merged" / f) == simt::read_file(tmp / "local" / f), f);

  // A merge missing runs writes what it has and says so (exit 3).
  auto partial = simt::sdsim({"sweep", sweep, "--merge", (tmp / "other").string(), "--out",
                              (tmp / "partial").string(), "-q"});
  CHECK(partial.exit_code == 3);
  CHECK(partial.err.find("3 of 6 runs have no output") != std::string::npos);
  CHECK(simt::read_csv(tmp / "partial" / "results.csv").rows.size() == 3);

  // A folder that is not a run of this sweep is refused.
  simt::write_file(tmp / "alien" / "summary.json", "{}");
  auto alien = simt::sdsim(
      {"sweep", sweep, "--merge", (tmp / "alien").string(), "--out", (tmp / "x").string()});
  CHECK(alien.exit_code == 2);
  CHECK(alien.err.find("not a run folder of sweep small") != std::string::npos);
}

TEST_CASE("sweep: a failed expectation exits 1 and shows in the JUnit report") {
  simt::TempDir tmp("sdsim-sweep");
  // wait.mean < 0.1 s holds at 2/s (rho 0.2) and fails at 8/s (rho 0.8, Erlang C 0.2 s).
  simt::write_file(tmp / "s.yaml", small_sweep("  wait.mean: \"< 100ms\"\n"));
  auto r = simt::sdsim({"sweep", (tmp / "s.yaml").string(), "--out", (tmp / "out").string(),
                        "--junit", (tmp / "report.xml").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("3-rate=8_s-seed1: wait.mean: expected < 100 ms") != std::string::npos);
  auto results = simt::read_csv(tmp / "out" / "results.csv");
  CHECK(results.str(0, "expectations_ok") == "true");
  CHECK(results.str(3, "expectations_ok") == "false");
  CHECK(results.str(3, "expectations_failed") == "wait.mean");
  const std::string xml = simt::read_file(tmp / "report.xml");
  CHECK(xml.find("tests=\"6\" failures=\"3\" errors=\"0\"") != std::string::npos);
  CHECK(xml.find("<testcase classname=\"sweep.small\" name=\"0-rate=2_s-seed1\"") !=
        std::string::npos);
  CHECK(xml.find("<failure message=\"1 expectation(s) failed\">wait.mean: expected &lt; 100 ms") !=
        std::string::npos);
}

TEST_CASE("sweep: bad sweep files are reported with their location, and nothing is written") {
  struct Case {
    std::string name, yaml, expect;
  };
  const std::string base = "base: " + mmc() + "\n";
  const std::vector<Case> cases = {
      {"unknown key", base + "seeds: 2\ngird: {}\n",
       "s.yaml:3:1: error: gird: unknown key (did you mean 'grid'?)"},
      {"missing seeds", base, "s.yaml:1:1: error: seeds: missing required key"},
      {"bad seed count", base + "seeds: 0\n", "s.yaml:2:8: error: seeds:"},
      {"duplicate seed", base + "seeds: [1, 1]\n", "s.yaml:2:12: error: seeds.1: duplicate seed 1"},
      {"missing base", "base: nowhere.yaml\nseeds: 1\n",
       "s.yaml:1:7: error: base: no such scenario file"},
      {"grid not a list", base + "seeds: 1\ngrid: {workload.rate: 2/s}\n",
       "s.yaml:3:23: error: grid.workload.rate: expected a non-empty list of values"},
      {"bad unit in the grid", base + "seeds: 1\ngrid:\n  workload.rate: [2/s, 3/x]\n",
       "s.yaml:4:24: error: workload.rate:"},
      {"unknown parameter in the grid", base + "seeds: 1\ngrid:\n  params.server: [1, 2]\n",
       "s.yaml:4:19: error: params.server: unknown key"},
      {"unknown metric in expect", base + "seeds: 1\nexpect: {wait.meen: \"< 1s\"}\n",
       "s.yaml:3:10: error: expect.wait.meen:"},
      {"seed in the grid", base + "seeds: 1\ngrid: {seed: [1, 2]}\n",
       "s.yaml:3:8: error: grid.seed: seeds are set with seeds:"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    simt::TempDir tmp("sdsim-sweep-bad");
    simt::write_file(tmp / "s.yaml", c.yaml);
    auto before = simt::list_tree(tmp.path());
    auto r = simt::sdsim({"sweep", "s.yaml", "--out", "out", "--junit", "report.xml"}, tmp.path());
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.err.find(c.expect) != std::string::npos, r.err);
    CHECK(simt::list_tree(tmp.path()) == before);
  }
  simt::TempDir tmp("sdsim-sweep-bad");
  simt::write_file(tmp / "s.yaml", small_sweep());
  auto r = simt::sdsim({"sweep", "s.yaml", "--only", "6", "--out", "out"}, tmp.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--only 6: the sweep has runs 0 to 5") != std::string::npos);
}
