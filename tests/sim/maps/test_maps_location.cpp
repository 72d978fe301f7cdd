// The maps model's location service end to end through the CLI: locations.csv is recounted
// here, independently of the model's accounting. Every user records one point a second for
// the whole load, so the points are users x duration whatever the batching; each user's
// batches are numbered without a gap and hold every point once; the summary's stored, lost,
// under-replicated, acknowledged and consumed figures are the file's sums; with a store
// replica down, writes at ONE and at QUORUM are all accepted the first time, and QUORUM loses
// nothing. Bad location parameters are refused, exit 2, nothing written.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "cli.hpp"

namespace {

constexpr int kUsers = 24;
constexpr double kDuration = 60;

const char* kScenario = R"(name: maps-location-test
model: maps
seed: 3
params:
  graph: {width: 12, height: 12}
  location:
    enabled: true
    users: 24
    batch_interval: 5s
    read_rate: 40/s
    store: {storage: {memtable_flush_size: 16KiB}}
workload: {rate: 2/s, clients: 2, requests: 4, timeout: 5s, duration: 60s, drain: 30s}
output: {requests: false}
faults:
  - {at: 20s, crash: store-1, restart_after: 10s}
)";

struct Recount {
  double points = 0, batches = 0, attempts = 0, publications = 0, consumptions = 0, duplicates = 0,
         acknowledged = 0, acknowledged_points = 0, stored = 0, lost = 0, under_replicated = 0,
         missing = 0, latency_sum = 0, retried = 0, consumed_points = 0;
};

Recount recount(const simt::Csv& csv) {
  Recount r;
  std::map<int, std::vector<int>> seqs;
  std::map<int, double> user_points;
  for (std::size_t i = 0; i < csv.rows.size(); ++i) {
    const double points = csv.num(i, "points");
    const int replicas = int(csv.num(i, "replicas"));
    const bool acked = csv.num(i, "acknowledged") >= 0;
    CHECK(points > 0);
    CHECK(replicas >= 0);
    CHECK(replicas <= 3);
    seqs[int(csv.num(i, "user"))].push_back(int(csv.num(i, "seq")));
    user_points[int(csv.num(i, "user"))] += points;
    r.points += points;
    ++r.batches;
    r.attempts += csv.num(i, "attempts");
    r.publications += csv.num(i, "publications");
    r.consumptions += csv.num(i, "consumptions");
    r.duplicates += std::max(0.0, csv.num(i, "consumptions") - 1);
    if (csv.num(i, "attempts") > 1) ++r.retried;
    if (replicas > 0) r.stored += points;
    if (acked) {
      ++r.acknowledged;
      r.acknowledged_points += points;
      r.latency_sum += csv.num(i, "latency_s");
      CHECK(csv.num(i, "acknowledged") >= csv.num(i, "made"));
      if (replicas == 0) r.lost += points;
      if (replicas < 3) r.under_replicated += points;
      if (csv.num(i, "consumed") < 0) ++r.missing;
    }
    if (csv.num(i, "consumed") >= 0) {
      CHECK(csv.num(i, "consumed") >= csv.num(i, "made"));
      r.consumed_points += points;
    }
  }
  CHECK(seqs.size() == std::size_t(kUsers));
  for (auto& [user, s] : seqs) {  // 0, 1, 2, ... in order of making: no batch missing
    for (std::size_t k = 0; k < s.size(); ++k) CHECK(s[k] == int(k));
    // One point a second from a phase in [0, 1 s) to the load's end.
    CHECK(user_points[user] == kDuration);
  }
  return r;
}

void check_summary(const nlohmann::json& m, const Recount& r) {
  CHECK(m["location.points"].get<double>() == r.points);
  CHECK(m["location.points"].get<double>() == kUsers * kDuration);
  CHECK(m["location.batches"].get<double>() == r.batches);
  CHECK(m["location.write_requests"].get<double>() == r.attempts);
  CHECK(m["location.writes_per_s"].get<double>() == doctest::Approx(r.attempts / kDuration));
  CHECK(m["location.points_per_s"].get<double>() == doctest::Approx(r.points / kDuration));
  CHECK(m["location.events.published"].get<double>() == r.publications);
  CHECK(m["location.events.consumed"].get<double>() == r.consumptions);
  CHECK(m["location.events.duplicates"].get<double>() == r.duplicates);
  CHECK(m["location.events.missing"].get<double>() == r.missing);
  CHECK(m["location.acknowledged.batches"].get<double>() == r.acknowledged);
  CHECK(m["location.acknowledged.points"].get<double>() == r.acknowledged_points);
  CHECK(m["location.unacknowledged.points"].get<double>() == r.points - r.acknowledged_points);
  CHECK(m["location.stored.points"].get<double>() == r.stored);
  CHECK(m["location.lost.points"].get<double>() == r.lost);
  CHECK(m["location.under_replicated.points"].get<double>() == r.under_replicated);
  CHECK(m["location.write_latency.mean"].get<double>() ==
        doctest::Approx(r.latency_sum / r.acknowledged).epsilon(1e-6));
  CHECK(m["traffic.points"].get<double>() == r.consumed_points);  // each batch applied once
}

}  // namespace

TEST_CASE("maps: locations.csv recounts the location service's summary, ONE and QUORUM") {
  simt::TempDir dir("sdsim-simt-maps-location");
  simt::write_file(dir / "scn.yaml", kScenario);
  std::map<std::string, nlohmann::json> metrics;
  for (const std::string level : {"one", "quorum"}) {
    const std::string out = "out-" + level;
    const auto r = simt::sdsim({"run", "scn.yaml", "--out", out, "--quiet", "--set",
                                "params.location.write_consistency=" + level, "--set",
                                "params.location.read_consistency=" + level},
                               dir.path());
    REQUIRE(r.exit_code == 0);
    const auto m = simt::read_json(dir / out / "summary.json")["metrics"];
    const auto csv = simt::read_csv(dir / out / "locations.csv");
    CAPTURE(level);
    const Recount c = recount(csv);
    check_summary(m, c);
    // A replica down: every write still accepted at once (one replica or two of three up),
    // all acknowledged, none lost, every event read; the crash did lose its unsynced tail.
    CHECK(m["location.store.restarts"].get<double>() == 1);
    CHECK(m["lsm.records_lost_in_crash"].get<double>() > 0);
    CHECK(m["location.store.writes_unavailable"].get<double>() == 0);
    CHECK(c.acknowledged == c.batches);
    CHECK(c.lost == 0);
    CHECK(c.missing == 0);
    CHECK(c.under_replicated > 0);  // the lost tail, never repaired without anti-entropy
    metrics[level] = m;
  }
  CHECK(metrics["quorum"]["location.stale_reads"].get<double>() == 0);
  CHECK(metrics["one"]["location.stale_reads"].get<double>() > 0);
  // Without batching the same points take batch_interval / gps_interval = 5 x the requests.
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out-1s", "--quiet", "--set",
                              "params.location.batch_interval=1s"},
                             dir.path());
  REQUIRE(r.exit_code == 0);
  const auto one_s = simt::read_json(dir / "out-1s" / "summary.json")["metrics"];
  check_summary(one_s, recount(simt::read_csv(dir / "out-1s" / "locations.csv")));
  CHECK(one_s["location.write_requests"].get<double>() == kUsers * kDuration);
}

TEST_CASE("maps: bad location parameters are refused, exit 2, nothing written") {
  simt::TempDir dir("sdsim-simt-maps-location-bad");
  auto refused = [&dir](const std::string& scenario, const std::string& what) {
    simt::write_file(dir / "scn.yaml", scenario);
    const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(what) != std::string::npos);
    CHECK(simt::list_tree(dir / "out").empty());
  };
  refused(
      "name: x\nmodel: maps\nparams: {location: {enabled: true}}\n"
      "workload: {rate: 2/s, requests: 4}\n",
      "workload.duration");
  refused(
      "name: x\nmodel: maps\nparams: {location: {enabled: true, store_nodes: 2}}\n"
      "workload: {rate: 2/s, requests: 4, duration: 10s}\n",
      "params.location.store.replication_factor");
  refused(
      "name: x\nmodel: maps\nparams: {location: {enabled: true, write_consistency: two}}\n"
      "workload: {rate: 2/s, requests: 4, duration: 10s}\n",
      "write_consistency");
}
