// What a run means: exit codes and expectations, crash and partition semantics as the client
// sees them, network cost, the contents of summary.json, the informational commands, and the
// request budget. Every simulation here is small (at most a few thousand requests).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli.hpp"

namespace {

using simt::fs::path;

struct Req {
  unsigned long long id;
  std::string client, server, outcome;
  double start, end, latency;
  bool ok() const { return outcome == "ok"; }
};

std::vector<Req> read_requests(const path& p) {
  const auto csv = simt::read_csv(p);
  std::vector<Req> out;
  for (std::size_t i = 0; i < csv.rows.size(); ++i)
    out.push_back(Req{std::stoull(csv.str(i, "id")), csv.str(i, "client"), csv.str(i, "server"),
                      csv.str(i, "outcome"), csv.num(i, "start"), csv.num(i, "end"), csv.num(i, "latency")});
  return out;
}

struct Event {
  double time;
  std::string kind, target, detail;
};

std::vector<Event> read_events(const path& p) {
  const auto csv = simt::read_csv(p);
  std::vector<Event> out;
  for (std::size_t i = 0; i < csv.rows.size(); ++i)
    out.push_back(Event{csv.num(i, "time"), csv.str(i, "kind"), csv.str(i, "target"), csv.str(i, "detail")});
  return out;
}

// Per-request rules: counts the requests that break each rule and keeps a few examples, so a
// failure reads as one message per rule instead of one per request.
class Rules {
 public:
  void expect(bool holds, const Req& q, const std::string& rule) {
    auto& v = broken_[rule];
    ++checked_[rule];
    if (holds) return;
    if (v.count++ < 3)
      v.examples += "\n  request " + std::to_string(q.id) + ": start " + std::to_string(q.start) + ", end " +
                    std::to_string(q.end) + ", outcome " + q.outcome;
  }
  // One CHECK per rule: no request broke it.
  void check() const {
    // Named copies, not structured bindings: doctest's INFO/CHECK capture them in lambdas,
    // which C++20 (and clang 14) do not allow for bindings.
    for (const auto& entry : broken_) {
      const std::string& rule = entry.first;
      const auto& v = entry.second;
      INFO("rule: ", rule, " (", checked_.at(rule), " requests checked)");
      CHECK_MESSAGE(v.count == 0, v.count, " requests break it, e.g.", v.examples);
    }
  }

 private:
  struct Broken {
    int count = 0;
    std::string examples;
  };
  std::map<std::string, Broken> broken_;
  std::map<std::string, int> checked_;
};

// Runs `yaml` (written as scn.yaml in `dir`) into dir/out with extra arguments.
simt::Result run_yaml(const simt::TempDir& dir, const std::string& yaml, const std::string& out = "out",
                      std::vector<std::string> extra = {}) {
  simt::write_file(dir / "scn.yaml", yaml);
  std::vector<std::string> args{"run", "scn.yaml", "--out", out, "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  return simt::sdsim(args, dir.path());
}

const std::vector<std::string> kOutputs = {"summary.json", "requests.csv", "timeseries.csv", "events.csv"};

// A light M/M/2 run: 300 requests.
const std::string kLight = R"(name: light
model: queueing
seed: 7
params: {servers: 2, service: {distribution: exponential, mean: 100ms}}
workload: {arrival: poisson, rate: 5/s, requests: 300}
)";

std::string platform(const std::string& file) { return simt::source_dir() + "/platforms/" + file; }

bool has_partial(const path& dir) {
  for (const auto& p : simt::list_tree(dir))
    if (p.find(".partial-") != std::string::npos) return true;
  return false;
}

}  // namespace

// ---- (a) exit codes and expectations --------------------------------------------------------

TEST_CASE("run: a failed expectation exits 1 and still writes every output") {
  simt::TempDir dir("sdsim-simt-run");
  const auto r = run_yaml(dir, kLight + "expect:\n  latency.mean: \"< 1ms\"\n  requests.completed: \"== 300\"\n");
  INFO("stderr: ", r.err);
  CHECK(r.exit_code == 1);
  for (const auto& f : kOutputs) CHECK_MESSAGE(simt::fs::exists(dir / "out" / f), "missing ", f);
  CHECK_FALSE(has_partial(dir.path()));
  const auto s = simt::read_json(dir / "out" / "summary.json");
  const auto& ex = s.at("expectations");
  REQUIRE(ex.is_array());
  REQUIRE(ex.size() == 2);
  std::map<std::string, nlohmann::json> by_metric;
  for (const auto& e : ex) by_metric[e.at("metric").get<std::string>()] = e;
  REQUIRE(by_metric.count("latency.mean") == 1);
  REQUIRE(by_metric.count("requests.completed") == 1);
  const auto& lat = by_metric["latency.mean"];
  CHECK(lat.at("ok").get<bool>() == false);
  CHECK(lat.at("op").get<std::string>() == "<");
  CHECK(lat.at("actual").get<double>() == doctest::Approx(s.at("metrics").at("latency.mean").get<double>()));
  CHECK(lat.at("actual").get<double>() > 0.001);
  CHECK(lat.contains("expected"));
  const auto& done = by_metric["requests.completed"];
  CHECK(done.at("ok").get<bool>() == true);
  CHECK(done.at("actual").get<double>() == 300.0);

  // Without --quiet, the table names the failed expectation.
  const auto loud = simt::sdsim({"run", "scn.yaml", "--out", "loud"}, dir.path());
  CHECK(loud.exit_code == 1);
  CHECK(loud.out.find("FAIL") != std::string::npos);
}

TEST_CASE("run: every expectation holds: exit 0") {
  simt::TempDir dir("sdsim-simt-run");
  const auto r = run_yaml(dir, kLight + "expect:\n  latency.mean: \"< 10s\"\n  requests.completed: \"== 300\"\n"
                                        "  utilization: between 0.05 and 0.5\n  requests.failed: \"== 0\"\n");
  INFO("stderr: ", r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.empty());  // --quiet
  const auto s = simt::read_json(dir / "out" / "summary.json");
  REQUIRE(s.at("expectations").size() == 4);
  for (const auto& e : s.at("expectations")) CHECK(e.at("ok").get<bool>());
  // A second run into the same folder replaces it whole.
  simt::write_file(dir / "out" / "stale.txt", "old");
  const auto again = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  CHECK(again.exit_code == 0);
  CHECK_FALSE(simt::fs::exists(dir / "out" / "stale.txt"));
  CHECK(simt::fs::exists(dir / "out" / "summary.json"));
  CHECK_FALSE(has_partial(dir.path()));
}

// ---- (b) crash semantics --------------------------------------------------------------------

// One server, deterministic 2 s service at 90% load, so requests queue up; the station crashes
// at 50 s and restarts at 80 s. The clients wait up to 100 s, long enough that a restarted
// station serving requests from before its crash would show up as late "ok" replies.
TEST_CASE("crash: a restarted station serves nothing sent before it died") {
  simt::TempDir dir("sdsim-simt-crash");
  const auto r = run_yaml(dir, R"(name: crash
model: queueing
seed: 5
duration: 150s
params:
  servers: 1
  service: {distribution: deterministic, mean: 2s}
workload: {arrival: poisson, rate: 0.45/s, timeout: 100s}
faults:
  - {at: 50s, crash: station-0, restart_after: 30s}
)");
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);

  const auto events = read_events(dir / "out" / "events.csv");
  bool off = false, on = false;
  for (const auto& e : events) {
    if (e.kind == "host_off" && e.target == "station-0") {
      CHECK(e.time == doctest::Approx(50.0));
      off = true;
    }
    if (e.kind == "host_on" && e.target == "station-0") {
      CHECK(e.time == doctest::Approx(80.0));
      on = true;
    }
  }
  CHECK(off);
  CHECK(on);

  const auto reqs = read_requests(dir / "out" / "requests.csv");
  REQUIRE(reqs.size() > 40);
  int in_flight = 0, during = 0, after = 0, before_ok = 0;
  Rules rules;
  for (const auto& q : reqs) {
    if (q.start < 50.0) {
      // Ideal network: a reply sent before the crash arrives before it.
      if (q.ok() && q.end <= 50.0) {
        ++before_ok;
        continue;
      }
      ++in_flight;
      rules.expect(!q.ok(), q, "in flight at the crash: lost with the station's queue");
      rules.expect(!(q.ok() && q.end > 80.0), q, "sent before the crash: never served by the restarted station");
    } else if (q.start < 80.0) {
      ++during;
      rules.expect(!q.ok(), q, "sent during the outage: not ok");
    } else {
      ++after;
      rules.expect(q.ok(), q, "sent after the restart: ok");
    }
  }
  rules.check();
  CHECK(before_ok > 10);
  CHECK(in_flight >= 3);  // the scenario really has requests queued at the crash
  CHECK(during >= 5);
  CHECK(after >= 20);

  // The metrics agree with the trace (no warm-up).
  const auto s = simt::read_json(dir / "out" / "summary.json");
  int ok = 0;
  for (const auto& q : reqs) ok += q.ok() ? 1 : 0;
  CHECK(s.at("metrics").at("requests.completed").get<double>() == ok);
  CHECK(s.at("metrics").at("requests.failed").get<double>() == static_cast<double>(reqs.size()) - ok);
}

// ---- (c) partitions -------------------------------------------------------------------------

namespace {

// Eight servers with a deterministic 1 s service: every request sent in the last second before
// the partition is still being served when it starts, so its reply crosses the partition.
std::string partition_scenario(const std::string& groups, bool one_way) {
  return std::string(R"(name: partition
model: queueing
seed: 2
duration: 100s
params:
  servers: 8
  service: {distribution: deterministic, mean: 1s}
workload: {arrival: poisson, rate: 5/s, timeout: 5s}
faults:
  - {at: 40s, partition: )") +
         groups + ", heal_after: 20s, one_way: " + (one_way ? "true" : "false") + "}\n";
}

void check_partition_events(const path& events_csv) {
  const auto events = read_events(events_csv);
  int starts = 0, heals = 0;
  for (const auto& e : events) {
    if (e.kind == "partition_start") {
      ++starts;
      CHECK(e.time == doctest::Approx(40.0));
      CHECK(e.target.find("client-0") != std::string::npos);
      CHECK(e.target.find("station-0") != std::string::npos);
    }
    if (e.kind == "partition_heal") {
      ++heals;
      CHECK(e.time == doctest::Approx(60.0));
    }
  }
  CHECK(starts == 1);
  CHECK(heals == 1);
}

}  // namespace

TEST_CASE("partition: one-way client-0 -> station-0 cuts requests for 20 s; the heal restores service") {
  simt::TempDir dir("sdsim-simt-part");
  const auto r = run_yaml(dir, partition_scenario("[[client-0], [station-0]]", true));
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  check_partition_events(dir / "out" / "events.csv");

  const auto reqs = read_requests(dir / "out" / "requests.csv");
  int cut = 0, crossing = 0, healed = 0;
  Rules rules;
  for (const auto& q : reqs) {
    if (q.start < 40.0) {
      rules.expect(q.ok(), q, "sent before the cut: ok (replies station -> client still pass)");
      if (q.end > 40.0) ++crossing;
    } else if (q.start < 60.0) {
      ++cut;
      rules.expect(q.outcome == "timeout", q, "sent during the cut: timeout");
      rules.expect(std::abs(q.end - (q.start + 5.0)) < 1e-6, q, "a timeout ends at start + 5 s");
    } else {
      ++healed;
      rules.expect(q.ok(), q, "sent after the heal: ok");
    }
  }
  rules.check();
  CHECK(crossing >= 3);
  CHECK(cut >= 60);  // about 100 requests in 20 s at 5/s
  CHECK(healed >= 120);
  const std::string events = simt::read_file(dir / "out" / "events.csv");
  CHECK(events.find("messages_dropped") != std::string::npos);
}

TEST_CASE("partition: a two-way partition cuts replies too") {
  simt::TempDir dir("sdsim-simt-part");
  const auto r = run_yaml(dir, partition_scenario("[[client-0], [station-0]]", false));
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  check_partition_events(dir / "out" / "events.csv");
  const auto reqs = read_requests(dir / "out" / "requests.csv");
  int crossing = 0;
  Rules rules;
  for (const auto& q : reqs) {
    // Sent in the last second before the cut: the reply leaves the station after 40 s.
    if (q.start > 39.0 && q.start < 40.0) {
      ++crossing;
      rules.expect(!q.ok(), q, "reply sent during a two-way cut: not ok");
    }
    if (q.start >= 40.0 && q.start < 60.0) rules.expect(!q.ok(), q, "sent during the cut: not ok");
    if (q.start >= 60.0) rules.expect(q.ok(), q, "sent after the heal: ok");
  }
  rules.check();
  CHECK(crossing >= 3);
}

TEST_CASE("partition: one-way station-0 -> client-0 cuts the replies") {
  simt::TempDir dir("sdsim-simt-part");
  const auto r = run_yaml(dir, partition_scenario("[[station-0], [client-0]]", true));
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  const auto reqs = read_requests(dir / "out" / "requests.csv");
  int cut = 0;
  Rules rules;
  for (const auto& q : reqs) {
    // The reply of every request sent from 39 s to 57 s leaves the station during the cut
    // (one service second later, plus any wait: a margin of 2 s before the heal).
    if (q.start > 39.0 && q.start < 57.0) {
      ++cut;
      rules.expect(!q.ok(), q, "reply sent during a station -> client cut: not ok");
    }
    if (q.start >= 60.0) rules.expect(q.ok(), q, "sent after the heal: ok");
  }
  rules.check();
  CHECK(cut >= 50);
}

// ---- (d) network cost -----------------------------------------------------------------------

// Constant arrivals 1 s apart and a deterministic 100 ms service: no request ever waits, so the
// latency is the service time plus the network time of a 1 KB request and a 1 KB reply.
TEST_CASE("network: free on the model's default platform, not free on one-rack.yaml") {
  const std::string base = R"(name: network
model: queueing
params:
  service: {distribution: deterministic, mean: 100ms}
workload: {arrival: constant, rate: 1/s, requests: 200}
)";
  simt::TempDir dir("sdsim-simt-net");
  const auto ideal = run_yaml(dir, base, "ideal");
  INFO("stderr: ", ideal.err);
  REQUIRE(ideal.exit_code == 0);
  const auto rack = run_yaml(dir, base + "platform: " + platform("one-rack.yaml") + "\n", "rack");
  INFO("stderr: ", rack.err);
  REQUIRE(rack.exit_code == 0);

  const auto mi = simt::read_json(dir / "ideal" / "summary.json").at("metrics");
  const auto mr = simt::read_json(dir / "rack" / "summary.json").at("metrics");
  CHECK(mi.at("requests.completed").get<double>() == 200);
  CHECK(mr.at("requests.completed").get<double>() == 200);
  CHECK(std::abs(mi.at("latency.mean").get<double>() - 0.1) < 1e-6);
  CHECK(std::abs(mi.at("latency.max").get<double>() - 0.1) < 1e-6);
  const double net = mr.at("latency.mean").get<double>() - 0.1;
  CHECK(net > 1e-6);
  // Two messages, each over two 10 Gbps / 5 us host links through the rack switch:
  // 2 * (2 * 5 us + 1000 B * 8 / 10 Gbps) = 21.6 us.
  CHECK(net == doctest::Approx(21.6e-6).epsilon(0.02));
  // Every request sees the same time (nothing queues).
  Rules rules;
  for (const auto& q : read_requests(dir / "rack" / "requests.csv"))
    rules.expect(std::abs(q.latency - (0.1 + net)) < 1e-9, q, "every latency equals the mean");
  rules.check();
  // The platform is in the manifest.
  const auto man = simt::read_json(dir / "rack" / "summary.json").at("manifest");
  CHECK(man.dump().find("one-rack.yaml") != std::string::npos);
}

// ---- (e) summary.json -----------------------------------------------------------------------

TEST_CASE("summary.json: every field of the contract") {
  simt::TempDir dir("sdsim-simt-sum");
  const auto r = run_yaml(dir, kLight + "expect:\n  latency.p99: \"< 10s\"\n", "out", {"--seed", "11"});
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  const auto s = simt::read_json(dir / "out" / "summary.json");
  INFO("summary: ", s.dump(2));
  CHECK(s.at("scenario").get<std::string>() == "light");
  CHECK(s.at("model").get<std::string>() == "queueing");
  CHECK(s.at("seed").get<long long>() == 11);
  CHECK(s.at("sim_time").get<double>() > 0);
  CHECK_FALSE(s.contains("wall_time"));  // in run.json: summary.json is the same for the same inputs
  const auto record = simt::read_json(dir / "out" / "run.json");
  CHECK(record.at("wall_time").get<double>() >= 0);
  CHECK(record.at("wall_time").get<double>() < 60);

  const auto& m = s.at("metrics");
  REQUIRE(m.is_object());
  for (const char* k : {"latency.p50", "latency.p99", "latency.p999", "latency.max", "latency.mean",
                        "requests.completed", "requests.failed", "throughput", "utilization"}) {
    INFO("metric ", k);
    REQUIRE(m.contains(k));
    CHECK(m.at(k).is_number());
  }
  for (const auto& item : m.items()) {
    const std::string k = item.key();
    INFO("metric ", k);
    CHECK(item.value().is_number());  // a flat object of numbers
  }
  CHECK(m.at("latency.p50").get<double>() <= m.at("latency.p99").get<double>());
  CHECK(m.at("latency.p99").get<double>() <= m.at("latency.p999").get<double>());
  CHECK(m.at("latency.p999").get<double>() <= m.at("latency.max").get<double>() * (1 + 1e-9));
  CHECK(m.at("latency.max").get<double>() < s.at("sim_time").get<double>());

  REQUIRE(s.at("expectations").is_array());
  REQUIRE(s.at("expectations").size() == 1);
  const auto& e = s.at("expectations")[0];
  for (const char* k : {"metric", "op", "expected", "actual", "ok"}) CHECK_MESSAGE(e.contains(k), "expectation field ", k);

  const auto& man = s.at("manifest");
  CHECK_FALSE(man.at("sdsim_version").get<std::string>().empty());
  CHECK_FALSE(man.at("git_commit").get<std::string>().empty());
  CHECK_FALSE(man.at("simgrid_version").get<std::string>().empty());
  CHECK_FALSE(man.at("simgrid_config").at("network/model").get<std::string>().empty());
  CHECK(man.at("scenario_hash").get<std::string>().size() >= 8);
  const auto& p = man.at("params");
  REQUIRE(p.is_object());
  CHECK(p.at("servers").get<double>() == 2);
  CHECK(p.at("service.mean").get<double>() == doctest::Approx(0.1));
  CHECK(p.at("service.distribution").get<std::string>() == "exponential");

  // The scenario hash follows the scenario's text; --set changes the resolved parameters.
  const auto r2 = run_yaml(dir, kLight + "expect:\n  latency.p99: \"< 10s\"\n", "set", {"--set", "params.servers=3"});
  REQUIRE(r2.exit_code == 0);
  const auto s2 = simt::read_json(dir / "set" / "summary.json");
  CHECK(s2.at("manifest").at("params").at("servers").get<double>() == 3);
  simt::write_file(dir / "other.yaml", kLight + "expect:\n  latency.p99: \"< 20s\"\n");
  const auto r3 = simt::sdsim({"run", "other.yaml", "--out", "other", "--quiet"}, dir.path());
  REQUIRE(r3.exit_code == 0);
  const auto s3 = simt::read_json(dir / "other" / "summary.json");
  CHECK(s3.at("manifest").at("scenario_hash") != man.at("scenario_hash"));
}

// ---- (f) informational commands -------------------------------------------------------------

TEST_CASE("cli: models, describe, --version, --help") {
  const auto models = simt::sdsim({"models"});
  CHECK(models.exit_code == 0);
  CHECK(models.out.find("queueing") != std::string::npos);

  // describe documents every parameter the manifest resolves and every metric a run reports.
  simt::TempDir dir("sdsim-simt-cli");
  // An M/M/1 queue, so that the closed-form theory.* metrics are reported too.
  const auto run = run_yaml(dir, R"(name: mm1
model: queueing
params: {servers: 1, service: {distribution: exponential, mean: 100ms}}
workload: {arrival: poisson, rate: 5/s, requests: 300}
)");
  REQUIRE(run.exit_code == 0);
  const auto s = simt::read_json(dir / "out" / "summary.json");
  const auto desc = simt::sdsim({"describe", "queueing"});
  CHECK(desc.exit_code == 0);
  REQUIRE(s.at("manifest").at("params").size() >= 5);
  for (const auto& item : s.at("manifest").at("params").items()) {
    const std::string k = item.key();
    INFO("parameter ", k);
    CHECK(desc.out.find(k) != std::string::npos);
  }
  REQUIRE(s.at("metrics").contains("theory.wait.mean"));
  for (const auto& item : s.at("metrics").items()) {
    const std::string k = item.key();
    INFO("metric ", k);
    CHECK(desc.out.find(k) != std::string::npos);
  }
  for (const char* k : {"servers", "service.distribution", "service.mean", "service.cv", "request_size",
                        "reply_size", "latency.p999", "throughput", "littles_law.ratio"}) {
    INFO("describe mentions ", k);
    CHECK(desc.out.find(k) != std::string::npos);
  }

  const auto version = simt::sdsim({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("sdsim ", 0) == 0);
  const auto& man = s.at("manifest");
  CHECK(version.out.find(man.at("sdsim_version").get<std::string>()) != std::string::npos);
  CHECK(version.out.find(man.at("simgrid_version").get<std::string>()) != std::string::npos);

  const auto help = simt::sdsim({"--help"});
  CHECK(help.exit_code == 0);
  for (const char* sub : {"run", "validate", "models", "describe"}) {
    INFO("help mentions ", sub);
    CHECK(help.out.find(sub) != std::string::npos);
  }
  const auto run_help = simt::sdsim({"run", "--help"});
  CHECK(run_help.exit_code == 0);
  for (const char* opt : {"--seed", "--set", "--out", "--quiet"}) {
    INFO("run --help mentions ", opt);
    CHECK(run_help.out.find(opt) != std::string::npos);
  }
}

// ---- (g) request budget and output switches -------------------------------------------------

TEST_CASE("requests: N sends exactly N requests; output.requests: false writes no requests.csv") {
  simt::TempDir dir("sdsim-simt-req");
  const std::string yaml = R"(name: budget
model: queueing
seed: 4
params: {servers: 2, service: {distribution: exponential, mean: 100ms}}
workload: {arrival: poisson, rate: 10/s, requests: 437, clients: 3}
)";
  const auto r = run_yaml(dir, yaml, "with");
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  const auto csv = simt::read_csv(dir / "with" / "requests.csv");
  CHECK(csv.header == std::vector<std::string>{"id", "op", "client", "server", "start", "end", "latency",
                                                 "outcome", "retries"});
  const auto reqs = read_requests(dir / "with" / "requests.csv");
  CHECK(reqs.size() == 437);
  std::set<unsigned long long> ids;
  std::set<std::string> clients;
  Rules rules;
  for (const auto& q : reqs) {
    ids.insert(q.id);
    clients.insert(q.client);
    rules.expect(q.ok(), q, "ok");
    rules.expect(q.end >= q.start, q, "end >= start");
    rules.expect(std::abs(q.latency - (q.end - q.start)) < 1e-9, q, "latency = end - start");
  }
  rules.check();
  CHECK(ids.size() == 437);  // unique ids
  CHECK(clients.size() == 3);
  const auto m = simt::read_json(dir / "with" / "summary.json").at("metrics");
  CHECK(m.at("requests.completed").get<double>() == 437);
  CHECK(m.at("requests.failed").get<double>() == 0);

  // The same run without the per-request trace: same metrics, no requests.csv.
  const auto r2 = run_yaml(dir, yaml + "output: {requests: false}\n", "without");
  REQUIRE(r2.exit_code == 0);
  CHECK_FALSE(simt::fs::exists(dir / "without" / "requests.csv"));
  for (const char* f : {"summary.json", "timeseries.csv", "events.csv"})
    CHECK_MESSAGE(simt::fs::exists(dir / "without" / f), "missing ", f);
  const auto m2 = simt::read_json(dir / "without" / "summary.json").at("metrics");
  CHECK(m2 == m);
}

TEST_CASE("warm-up: requests before it are traced but left out of the metrics") {
  simt::TempDir dir("sdsim-simt-req");
  const auto r = run_yaml(dir, R"(name: warmup
model: queueing
seed: 4
params: {servers: 2, service: {distribution: exponential, mean: 100ms}}
workload: {arrival: poisson, rate: 5/s, requests: 300, warmup: 20s}
)");
  REQUIRE(r.exit_code == 0);
  const auto reqs = read_requests(dir / "out" / "requests.csv");
  CHECK(reqs.size() == 300);
  int measured = 0;
  for (const auto& q : reqs) measured += q.start >= 20.0 ? 1 : 0;
  CHECK(measured > 150);
  CHECK(measured < 250);
  CHECK(simt::read_json(dir / "out" / "summary.json").at("metrics").at("requests.completed").get<double>() == measured);
}

// ---- timeseries.csv agrees with requests.csv ------------------------------------------------

// Each row of timeseries.csv covers (previous row's time, time]: its throughput times that width
// is the number of requests that ended ok in it, `errors` the number that ended otherwise. Every
// request ends in some row, including the last, partial interval, and a time-out is counted
// when it happens (start + timeout), which is when requests.csv says it ended.
// Width of row i: from the previous row's time (0 for the first) to its own; the last row may be
// a partial interval ending with the run.
double width_of(const simt::Csv& ts, std::size_t i) {
  return ts.num(i, "time") - (i == 0 ? 0.0 : ts.num(i - 1, "time"));
}

TEST_CASE("timeseries: every request outcome lands in the interval where it ended") {
  simt::TempDir dir("sdsim-simt-ts");
  const auto r = run_yaml(dir, R"(name: series
model: queueing
seed: 3
duration: 120s
params: {servers: 2, service: {distribution: exponential, mean: 100ms}}
workload: {arrival: poisson, rate: 5/s, timeout: 5s}
faults:
  - {at: 50s, crash: station-0, restart_after: 20s}
)");
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  const auto reqs = read_requests(dir / "out" / "requests.csv");
  const auto ts = simt::read_csv(dir / "out" / "timeseries.csv");
  REQUIRE(ts.rows.size() > 100);
  const double interval = ts.num(1, "time") - ts.num(0, "time");
  REQUIRE(interval > 0);

  int ok = 0, failed = 0;
  for (const auto& q : reqs) (q.ok() ? ok : failed) += 1;
  REQUIRE(failed > 50);  // the outage
  double ts_ok = 0, ts_errors = 0;
  for (std::size_t i = 0; i < ts.rows.size(); ++i) {
    ts_ok += ts.num(i, "throughput") * width_of(ts, i);
    ts_errors += ts.num(i, "errors");
  }
  CHECK(ts_ok == doctest::Approx(ok));
  CHECK(ts_errors == doctest::Approx(failed));

  // Row by row (requests ending within 1 us of a row boundary are skipped: either row is right).
  int bad_rows = 0, rows_checked = 0;
  std::string examples;
  for (std::size_t i = 0; i < ts.rows.size(); ++i) {
    const double hi = ts.num(i, "time"), lo = hi - width_of(ts, i);
    int row_ok = 0, row_failed = 0;
    bool boundary = false;
    for (const auto& q : reqs) {
      if (std::abs(q.end - lo) < 1e-6 || std::abs(q.end - hi) < 1e-6) boundary = true;
      if (q.end > lo && q.end <= hi) (q.ok() ? row_ok : row_failed) += 1;
    }
    if (boundary) continue;
    ++rows_checked;
    const double row_tp = ts.num(i, "throughput") * width_of(ts, i), row_err = ts.num(i, "errors");
    if (std::abs(row_tp - row_ok) > 1e-6 || std::abs(row_err - row_failed) > 1e-6) {
      if (bad_rows++ < 3)
        examples += "\n  row at " + std::to_string(hi) + ": throughput*interval " + std::to_string(row_tp) +
                    " errors " + std::to_string(row_err) + "; requests.csv: ok " + std::to_string(row_ok) +
                    " failed " + std::to_string(row_failed);
    }
  }
  CHECK(rows_checked > 100);
  CHECK_MESSAGE(bad_rows == 0, bad_rows, " rows disagree with requests.csv, e.g.", examples);
}

// A run that ends between two ticks: the completions after the last whole interval are in a
// last row too.
TEST_CASE("timeseries: the last, partial interval is written") {
  simt::TempDir dir("sdsim-simt-ts");
  const auto r = run_yaml(dir, kLight);
  REQUIRE(r.exit_code == 0);
  const auto reqs = read_requests(dir / "out" / "requests.csv");
  REQUIRE(reqs.size() == 300);
  double last_end = 0;
  for (const auto& q : reqs) last_end = std::max(last_end, q.end);
  const auto ts = simt::read_csv(dir / "out" / "timeseries.csv");
  REQUIRE(ts.rows.size() >= 2);
  CHECK(ts.num(1, "time") - ts.num(0, "time") == doctest::Approx(1.0));
  double ts_ok = 0;
  for (std::size_t i = 0; i < ts.rows.size(); ++i) ts_ok += ts.num(i, "throughput") * width_of(ts, i);
  INFO("last completion at ", last_end, ", last row at ", ts.num(ts.rows.size() - 1, "time"));
  CHECK(ts_ok == doctest::Approx(300));
  CHECK(ts.num(ts.rows.size() - 1, "time") >= last_end);
}
