// The leaderboard model through the CLI: settings it cannot honour are refused with a
// located error, exit 2 and nothing written; a small run writes queries.csv and
// standings.csv whose rows agree with its summary.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "cli.hpp"

namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int lines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("leaderboard: bad params are refused with their location") {
  simt::TempDir dir("sdsim-simt-lb-bad");
  simt::write_file(dir / "replica.yaml",
                   "name: lb-bad\nmodel: leaderboard\nduration: 1s\nparams:\n  sharding: hash\n  "
                   "replica: true\n");
  auto r = simt::sdsim({"run", "replica.yaml", "--out", "out", "--quiet"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("replica.yaml:6:") != std::string::npos);
  CHECK(r.err.find("params.replica") != std::string::npos);
  simt::write_file(
      dir / "month.yaml",
      "name: lb-bad\nmodel: leaderboard\nduration: 1s\nparams:\n  first_month: \"2026-13\"\n");
  r = simt::sdsim({"run", "month.yaml", "--out", "out", "--quiet"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("month.yaml:5:") != std::string::npos);
  CHECK(r.err.find("YYYY-MM") != std::string::npos);
  simt::write_file(
      dir / "mix.yaml",
      "name: lb-bad\nmodel: leaderboard\nduration: 1s\nparams:\n  mix: {win: 0.8, top10: 0.5}\n");
  r = simt::sdsim({"run", "mix.yaml", "--out", "out", "--quiet"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("mix.yaml:5:") != std::string::npos);
  CHECK(simt::list_tree(dir / "out").empty());
}

TEST_CASE("leaderboard: queries.csv and standings.csv agree with the summary") {
  simt::TempDir dir("sdsim-simt-lb-run");
  simt::write_file(
      dir / "run.yaml",
      "name: lb-run\nmodel: leaderboard\nduration: 1s\nparams: {players: 300, sharding: fixed}\n"
      "workload: {rate: 200/s, clients: 1}\nexpect:\n  rank.correct_fraction: \"== 1\"\n"
      "  top10.correct_fraction: \"== 1\"\n");
  const auto r = simt::sdsim({"run", "run.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const std::string queries = read(dir / "out" / "queries.csv");
  const std::string standings = read(dir / "out" / "standings.csv");
  CHECK(queries.rfind("time,operation,user,month,latency,commands,ok,correct\n", 0) == 0);
  CHECK(standings.rfind("rank,user,score,shard\n", 0) == 0);
  CHECK(lines(standings) == 301);  // the header and every player
  const std::string summary = read(dir / "out" / "summary.json");
  // One row per answered request: as many as the clients completed.
  const auto at = summary.find("\"requests.completed\": ");
  REQUIRE(at != std::string::npos);
  CHECK(lines(queries) - 1 == std::stoi(summary.substr(at + 22)));
}

namespace {
double metric(const std::string& summary, const std::string& name) {
  const std::string key = "\"" + name + "\": ";
  const auto at = summary.find(key);
  REQUIRE_MESSAGE(at != std::string::npos, name);
  return std::stod(summary.substr(at + key.size()));
}
}  // namespace

// durable: Redis (no persistence, no replica) crashes and restarts empty; the board rebuilt
// from the SQL score table equals, read back whole, a recount of the table and the wins the
// players earned, and the final board (audited from Redis) lacks none of them.
TEST_CASE("leaderboard: a board Redis lost is rebuilt from the SQL table") {
  simt::TempDir dir("sdsim-simt-lb-rebuild");
  simt::write_file(dir / "run.yaml",
                   "name: lb-rebuild\nmodel: leaderboard\nduration: 3s\n"
                   "params: {players: 800, durable: true, store_timeout: 100ms, rebuild: {batch: 64}}\n"
                   "workload: {rate: 300/s, clients: 1}\noutput: {requests: false}\n"
                   "faults:\n  - {at: 1s, crash: redis-0, restart_after: 300ms}\n");
  const auto r = simt::sdsim({"run", "run.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const std::string summary = read(dir / "out" / "summary.json");
  CHECK(metric(summary, "rebuild.count") == 1);
  CHECK(metric(summary, "rebuild.players") >= 800);
  CHECK(metric(summary, "rebuild.mismatched") == 0);
  CHECK(metric(summary, "rebuild.unearned") == 0);
  CHECK(metric(summary, "rebuild.time") > 0);
  CHECK(metric(summary, "update.board_missed") > 0);
  CHECK(metric(summary, "audit.mismatched_users") == 0);
  CHECK(metric(summary, "audit.missing_wins") == 0);
  CHECK(metric(summary, "rebuild.correct_fraction_after") == 1);
}

// ties: first: on the final board no two players with equal wins are in the wrong order of
// who reached them; Redis's own order (member bytes) leaves such pairs.
TEST_CASE("leaderboard: ties first ranks the earlier player higher") {
  simt::TempDir dir("sdsim-simt-lb-ties");
  for (const std::string ties : {"redis", "first"}) {
    simt::write_file(dir / "run.yaml",
                     "name: lb-ties\nmodel: leaderboard\nduration: 2s\n"
                     "params: {players: 600, initial_max_score: 1, ties: " + ties + "}\n"
                     "workload: {rate: 300/s, clients: 1}\noutput: {requests: false}\n"
                     "expect:\n  rank.correct_fraction: \"== 1\"\n  top10.correct_fraction: \"== 1\"\n"
                     "  audit.mismatched_users: \"== 0\"\n");
    const auto r = simt::sdsim({"run", "run.yaml", "--out", "out-" + ties, "--quiet"}, dir.path());
    REQUIRE(r.exit_code == 0);
    const double v = metric(read(dir / ("out-" + ties) / "summary.json"), "ties.order_violations");
    if (ties == "first") CHECK(v == 0);
    else CHECK(v > 0);
  }
}
