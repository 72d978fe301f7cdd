// `sdsim grade`: seeds derived from a base, fixed conditions that win over the student's file,
// a table and grade.csv naming each check on each seed, JUnit, reuse of finished runs, and
// bad exercises (exit 2, located, nothing run). The exercises themselves are graded by the
// exercise:<name> CTest tests (tests/exercises/check.sh). Each run here is a small M/M/2.
#include <doctest/doctest.h>

#include <functional>
#include <set>
#include <string>

#include "cli.hpp"

namespace {

// An exercise: 2 servers at 8/s with a 200 ms service (utilisation 0.8) must wait less than
// 20 ms on average; 2 servers wait about 0.36 s, 4 servers about 12 ms.
void write_exercise(const simt::fs::path& dir, int servers, const std::string& extra_grade = "") {
  simt::fs::create_directories(dir);
  simt::write_file(
      dir / "scenario.yaml",
      "model: queueing\nparams:\n  servers: " + std::to_string(servers) +
          "\n  service: {mean: 200ms}\nworkload: {rate: 8/s, requests: 3000, warmup: 50s}\n");
  simt::write_file(
      dir / "grade.yaml",
      "title: Short waits\nmodel: queueing\nscenario: scenario.yaml\nseeds: 3\nseed_base: 7\n"
      "fixed:\n  workload: {rate: 8/s, requests: 3000, warmup: 50s}\n"
      "  params.service: {mean: 200ms}\n"
      "checks:\n  wait.mean: \"< 20ms\"\n  requests.completed: \"> 0\"\n" +
          extra_grade);
}

std::set<std::string> seeds_in(const simt::Csv& csv) {
  std::set<std::string> out;
  for (std::size_t i = 0; i < csv.rows.size(); ++i) out.insert(csv.str(i, "seed"));
  return out;
}

}  // namespace

TEST_CASE(
    "grade: a passing answer exits 0; the table, grade.csv and JUnit name every check on every "
    "seed") {
  simt::TempDir tmp("sdsim-grade");
  write_exercise(tmp / "ex", 4);
  auto r = simt::sdsim({"grade", (tmp / "ex").string(), "--out", (tmp / "out").string(), "--junit",
                        (tmp / "junit.xml").string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("grade: PASS: 6 checks held on 3 seeds") != std::string::npos);
  auto csv = simt::read_csv(tmp / "out" / "grade.csv");
  REQUIRE(csv.rows.size() == 6);  // 3 seeds x 2 checks
  CHECK(csv.str(0, "check") == "wait.mean");
  CHECK(csv.str(0, "unit") == "s");
  CHECK(csv.str(0, "ok") == "true");
  CHECK(csv.num(0, "value") < 0.02);
  CHECK(seeds_in(csv).size() == 3);
  const std::string junit = simt::read_file(tmp / "junit.xml");
  CHECK(junit.find("tests=\"3\"") != std::string::npos);
  CHECK(junit.find("<failure") == std::string::npos);
  // The same seeds and scenario again: the runs are reused, the tables are byte-identical.
  const std::string before = simt::read_file(tmp / "out" / "grade.csv");
  auto again = simt::sdsim({"grade", (tmp / "ex").string(), "--out", (tmp / "out").string()});
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("3 of 3 runs already done") != std::string::npos);
  CHECK(simt::read_file(tmp / "out" / "grade.csv") == before);
}

TEST_CASE(
    "grade: a failing answer exits 1 and says which check failed on which seed, with the value") {
  simt::TempDir tmp("sdsim-grade");
  write_exercise(tmp / "ex", 2);
  auto r = simt::sdsim({"grade", (tmp / "ex").string(), "--out", (tmp / "out").string(), "--junit",
                        (tmp / "junit.xml").string(), "-q"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 1);
  CHECK(r.out.find("grade: FAIL: 3 of 6 checks failed") != std::string::npos);
  CHECK(r.out.find("wait.mean on seed ") != std::string::npos);
  CHECK(r.out.find(": expected < 20 ms, got ") != std::string::npos);
  auto csv = simt::read_csv(tmp / "out" / "grade.csv");
  REQUIRE(csv.rows.size() == 6);
  for (std::size_t i = 0; i < csv.rows.size(); ++i)
    if (csv.str(i, "check") == "wait.mean") {
      CHECK(csv.str(i, "ok") == "false");
      CHECK(csv.num(i, "value") > 0.1);
    }
  CHECK(simt::read_file(tmp / "junit.xml").find("<failure") != std::string::npos);
}

TEST_CASE("grade: fixed conditions win over the student's file") {
  simt::TempDir tmp("sdsim-grade");
  write_exercise(tmp / "ex", 2);
  // The student "solves" it by lowering the load: the grader's fixed workload puts it back.
  simt::write_file(tmp / "cheat.yaml",
                   "model: queueing\nparams:\n  servers: 2\n  service: {mean: 20ms}\n"
                   "workload: {rate: 1/s, requests: 3000, warmup: 50s}\n");
  auto r = simt::sdsim({"grade", (tmp / "ex").string(), "--scenario", (tmp / "cheat.yaml").string(),
                        "--out", (tmp / "out").string(), "--seeds", "1", "-q"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  auto csv = simt::read_csv(tmp / "out" / "grade.csv");
  REQUIRE(csv.rows.size() == 2);
  CHECK(csv.num(0, "value") > 0.1);  // the wait of 2 servers at 8/s with 200 ms, not 1/s with 20 ms
}

TEST_CASE(
    "grade: the seeds come from the base; another base gives other seeds, --seeds another count") {
  simt::TempDir tmp("sdsim-grade");
  write_exercise(tmp / "ex", 4);
  auto a = simt::sdsim({"grade", (tmp / "ex").string(), "--out", (tmp / "a").string(), "-q"});
  auto b = simt::sdsim({"grade", (tmp / "ex").string(), "--out", (tmp / "b").string(), "-q",
                        "--seed-base", "123456789", "--seeds", "2"});
  REQUIRE_MESSAGE(a.exit_code == 0, a.err);
  REQUIRE_MESSAGE(b.exit_code == 0, b.err);
  const auto sa = seeds_in(simt::read_csv(tmp / "a" / "grade.csv"));
  const auto sb = seeds_in(simt::read_csv(tmp / "b" / "grade.csv"));
  CHECK(sa.size() == 3);
  CHECK(sb.size() == 2);
  for (const auto& s : sb) CHECK(sa.count(s) == 0);
  // Practice base 7 (grade.yaml) = --seed-base 7: the same seeds.
  auto c = simt::sdsim(
      {"grade", (tmp / "ex").string(), "--out", (tmp / "c").string(), "-q", "--seed-base", "7"});
  REQUIRE(c.exit_code == 0);
  CHECK(seeds_in(simt::read_csv(tmp / "c" / "grade.csv")) == sa);
}

TEST_CASE("grade: bad exercises and options are located errors, exit 2, nothing run") {
  simt::TempDir tmp("sdsim-grade");
  auto replaced = [](std::string text, const std::string& from, const std::string& to) {
    return text.replace(text.find(from), from.size(), to);
  };
  struct Case {
    const char* what;
    std::function<std::string(const std::string&)> edit;  // of grade.yaml
    std::vector<std::string> args;
    const char* message;
  };
  const auto same = [](const std::string& g) { return g; };
  const std::vector<Case> cases = {
      {"unknown key",
       [](const std::string& g) { return g + "seeds_per_student: 3\n"; },
       {},
       "grade.yaml:12:1: error: seeds_per_student: unknown key"},
      {"unknown metric",
       [](const std::string& g) { return g + "  wait.meen: \"< 1s\"\n"; },
       {},
       "grade.yaml:12:3: error: checks.wait.meen: unknown metric"},
      {"bad fixed value",
       [&](const std::string& g) {
         return replaced(g, "params.service: {mean: 200ms}", "params.servers: many");
       },
       {},
       "grade.yaml:8:19: error: params.servers"},
      {"wrong model",
       [&](const std::string& g) { return replaced(g, "model: queueing", "model: object_store"); },
       {},
       "grade.yaml:2:8: error: model: the exercise is for model object_store"},
      {"no checks",
       [&](const std::string& g) { return g.substr(0, g.find("checks:")); },
       {},
       "error: checks: missing required key"},
      {"--seeds 0",
       same,
       {"--seeds", "0"},
       "--seeds: error: seeds: expected 1 to 1000 seeds, got 0"},
      {"missing scenario",
       same,
       {"--scenario", "nope.yaml"},
       "--scenario nope.yaml: error: scenario: no such scenario file"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    const std::string what = c.what;
    CAPTURE(what);
    const auto dir = tmp / ("ex-" + std::to_string(i));
    write_exercise(dir, 4);
    simt::write_file(dir / "grade.yaml", c.edit(simt::read_file(dir / "grade.yaml")));
    std::vector<std::string> args{"grade", dir.string(), "--out", (dir / "out").string()};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto r = simt::sdsim(args);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK(!simt::fs::exists(dir / "out"));
  }
  // Not an exercise at all.
  auto none = simt::sdsim({"grade", tmp.path().string(), "--out", (tmp / "o").string()});
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("no grade.yaml in this folder") != std::string::npos);
  CHECK(!simt::fs::exists(tmp / "o"));
}
