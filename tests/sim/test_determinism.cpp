// Same scenario, same seed, same binary: byte-identical outputs (summary.json may differ only
// in wall_time). A different seed gives a different run; --seed replaces the file's seed:.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli.hpp"

namespace {

using simt::fs::path;

// Two servers, Poisson 5/s for 300 s (about 1500 requests), a station crash with a restart
// and a one-way partition, clients that time out: every source of randomness and every fault
// path is exercised.
const std::string kScenario = R"(name: determinism
model: queueing
seed: 3
duration: 300s
params:
  servers: 2
  service: {distribution: exponential, mean: 100ms}
workload: {arrival: poisson, rate: 5/s, timeout: 10s}
faults:
  - {at: 50s, crash: station-0, restart_after: 30s}
  - {at: 150s, partition: [[client-0], [station-0]], heal_after: 20s, one_way: true}
)";

const std::vector<std::string> kFiles = {"summary.json", "requests.csv", "timeseries.csv", "events.csv"};

simt::Result run(const simt::TempDir& dir, const std::string& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"run", "scn.yaml", "--out", out, "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  return simt::sdsim(args, dir.path());
}

// What differs between identical runs lives in run.json, beside the byte-identical outputs.
void check_run_record(const path& dir) {
  const auto j = simt::read_json(dir / "run.json");
  CHECK(j.at("wall_time").get<double>() >= 0);
  CHECK(!j.at("command").empty());
}

}  // namespace

TEST_CASE("determinism: same seed, byte-identical outputs; another seed, another run") {
  simt::TempDir dir("sdsim-simt-det");
  simt::write_file(dir / "scn.yaml", kScenario);

  const auto a = run(dir, "a");
  const auto b = run(dir, "b");
  INFO("stderr a: ", a.err);
  INFO("stderr b: ", b.err);
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);

  check_run_record(dir / "a");
  // The same files on both sides, and nothing else.
  CHECK(simt::list_tree(dir / "a") == simt::list_tree(dir / "b"));
  for (const auto& f : kFiles) {
    INFO("file: ", f);
    REQUIRE(simt::fs::exists(dir / "a" / f));
    REQUIRE(simt::fs::exists(dir / "b" / f));
    CHECK(simt::read_file(dir / "a" / f) == simt::read_file(dir / "b" / f));
  }

  // The run did what the comparison relies on: many requests, both faults applied, some
  // requests lost to them.
  const auto req = simt::read_csv(dir / "a" / "requests.csv");
  CHECK(req.rows.size() > 1000);
  const std::string events = simt::read_file(dir / "a" / "events.csv");
  CHECK(events.find("host_off") != std::string::npos);
  CHECK(events.find("partition_start") != std::string::npos);
  const auto sa = simt::read_json(dir / "a" / "summary.json");
  CHECK(sa.at("metrics").at("requests.failed").get<double>() > 0);
  CHECK(sa.at("seed").get<long long>() == 3);

  // Printing the results table (no --quiet) changes nothing in the files.
  const auto loud = simt::sdsim({"run", "scn.yaml", "--out", "loud"}, dir.path());
  REQUIRE(loud.exit_code == 0);
  for (const auto& f : kFiles) {
    INFO("file: ", f);
    CHECK(simt::read_file(dir / "a" / f) == simt::read_file(dir / "loud" / f));
  }

  // Another seed: other arrivals and service times.
  const auto c = run(dir, "c", {"--seed", "4"});
  INFO("stderr c: ", c.err);
  REQUIRE(c.exit_code == 0);
  CHECK(simt::read_file(dir / "a" / "requests.csv") != simt::read_file(dir / "c" / "requests.csv"));
  const auto sc = simt::read_json(dir / "c" / "summary.json");
  CHECK(sc.at("seed").get<long long>() == 4);
  CHECK(sc.at("metrics") != sa.at("metrics"));
  // The fault schedule is not random: the same events at the same times (the last rows, the
  // network's message counts, depend on the traffic).
  const auto ev_a = simt::read_csv(dir / "a" / "events.csv");
  const auto ev_c = simt::read_csv(dir / "c" / "events.csv");
  std::vector<std::string> faults_a, faults_c;
  for (std::size_t i = 0; i < ev_a.rows.size(); ++i)
    if (ev_a.str(i, "target") != "network") faults_a.push_back(ev_a.str(i, "time") + " " + ev_a.str(i, "kind"));
  for (std::size_t i = 0; i < ev_c.rows.size(); ++i)
    if (ev_c.str(i, "target") != "network") faults_c.push_back(ev_c.str(i, "time") + " " + ev_c.str(i, "kind"));
  CHECK(faults_a.size() == 4);
  CHECK(faults_a == faults_c);
}

TEST_CASE("determinism: --seed replaces the file's seed: and is the only thing that counts") {
  simt::TempDir dir("sdsim-simt-det");
  // A lighter run: no faults, 400 requests.
  simt::write_file(dir / "scn.yaml", "name: seeds\nmodel: queueing\nseed: 3\nparams: {servers: 2, service: {mean: 100ms}}\n"
                                     "workload: {arrival: poisson, rate: 5/s, requests: 400}\n");
  simt::write_file(dir / "seed9.yaml", "name: seeds\nmodel: queueing\nseed: 9\nparams: {servers: 2, service: {mean: 100ms}}\n"
                                       "workload: {arrival: poisson, rate: 5/s, requests: 400}\n");

  const auto file_seed = run(dir, "file");                       // seed: 3
  const auto flag_seed = run(dir, "flag", {"--seed", "9"});      // seed: 3, --seed 9
  const auto other = simt::sdsim({"run", "seed9.yaml", "--out", "other", "--quiet"}, dir.path());  // seed: 9
  const auto set_seed = run(dir, "set", {"--set", "seed=9"});    // seed: 3, --set seed=9
  REQUIRE(file_seed.exit_code == 0);
  REQUIRE(flag_seed.exit_code == 0);
  REQUIRE(other.exit_code == 0);
  REQUIRE(set_seed.exit_code == 0);

  CHECK(simt::read_json(dir / "file" / "summary.json").at("seed").get<long long>() == 3);
  CHECK(simt::read_json(dir / "flag" / "summary.json").at("seed").get<long long>() == 9);
  CHECK(simt::read_json(dir / "set" / "summary.json").at("seed").get<long long>() == 9);
  CHECK(simt::read_json(dir / "other" / "summary.json").at("seed").get<long long>() == 9);
  // --seed 9 over seed: 3 runs exactly what seed: 9 runs.
  CHECK(simt::read_file(dir / "flag" / "requests.csv") == simt::read_file(dir / "other" / "requests.csv"));
  CHECK(simt::read_file(dir / "set" / "requests.csv") == simt::read_file(dir / "other" / "requests.csv"));
  CHECK(simt::read_file(dir / "flag" / "requests.csv") != simt::read_file(dir / "file" / "requests.csv"));
  // --seed wins over --set seed=.
  const auto both = run(dir, "both", {"--set", "seed=5", "--seed", "9"});
  REQUIRE(both.exit_code == 0);
  CHECK(simt::read_json(dir / "both" / "summary.json").at("seed").get<long long>() == 9);
}
