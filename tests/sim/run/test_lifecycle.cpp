// The run's lifecycle has one owner (sim/run): faults due during the drain happen; crashing the
// host of a controller, a placement service or a coordinator changes neither the run's length
// nor the failure processes; a load that can never end is stopped as a failed run.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli.hpp"

namespace {

struct Run {
  simt::Result result;
  nlohmann::json summary;
  simt::Csv events;
};

Run run(const std::string& yaml, const std::vector<std::string>& extra = {}) {
  simt::TempDir dir("sdsim-simt-life");
  simt::write_file(dir / "scn.yaml", yaml);
  std::vector<std::string> args = {"run", "scn.yaml", "--out", "out", "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  Run r;
  r.result = simt::sdsim(args, dir.path());
  if (r.result.exit_code == 0 || r.result.exit_code == 1) {
    r.summary = simt::read_json(dir / "out/summary.json");
    r.events = simt::read_csv(dir / "out/events.csv");
  }
  return r;
}

std::vector<std::string> times_of(const simt::Csv& ev, const std::string& kind) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ev.rows.size(); ++i)
    if (ev.str(i, "kind") == kind) out.push_back(ev.str(i, "time") + " " + ev.str(i, "target"));
  return out;
}

int count(const simt::Csv& ev, const std::string& kind, const std::string& target = "") {
  int n = 0;
  for (std::size_t i = 0; i < ev.rows.size(); ++i)
    if (ev.str(i, "kind") == kind && (target.empty() || ev.str(i, "target") == target)) ++n;
  return n;
}

const std::string kQueue = R"(name: life-mq
model: message_queue
seed: 3
duration: 10s
params:
  partitions: 3
  broker_session_timeout: 1s
  broker_heartbeat_interval: 250ms
  consumer: {members: 1, session_timeout: 3s, heartbeat_interval: 1s}
workload: {rate: 200/s, drain: 8s}
)";

}  // namespace

TEST_CASE("run: a fault due during the drain happens, and its heal too") {
  const Run r = run(kQueue + "faults:\n  - {at: 12s, crash: broker-1, restart_after: 3s}\n");
  INFO(r.result.err);
  REQUIRE(r.result.exit_code == 0);
  CHECK(count(r.events, "host_off", "broker-1") == 1);  // 2 s into the 8 s drain
  // Times are written exact to the nanosecond as the scenario gives them: 12, not 11.99999...
  CHECK(times_of(r.events, "host_off") == std::vector<std::string>{"12 broker-1"});
  CHECK(times_of(r.events, "host_on") == std::vector<std::string>{"15 broker-1"});
  CHECK(count(r.events, "host_on", "broker-1") == 1);
  CHECK(r.summary["sim_time"].get<double>() == doctest::Approx(18.0));
}

TEST_CASE("run: crashing the controller's host neither ends the run nor shortens it") {
  const Run calm = run(kQueue);
  const Run crashed = run(kQueue + "faults:\n  - {at: 4s, crash: controller-0}\n");
  INFO(crashed.result.err);
  REQUIRE(calm.result.exit_code == 0);
  REQUIRE(crashed.result.exit_code == 0);
  CHECK(crashed.summary["sim_time"].get<double>() == doctest::Approx(calm.summary["sim_time"].get<double>()));
  CHECK(crashed.summary["sim_time"].get<double>() == doctest::Approx(18.0));
  CHECK(count(crashed.events, "host_off", "controller-0") == 1);
}

TEST_CASE("run: crashing the placement host does not stop disks failing") {
  const std::string os = R"(name: life-os
model: object_store
seed: 5
params:
  objects: 200
  disk_failures: {afr: 0.5, time_scale: 2000000, replace_after: 5s}
workload: {clients: 2, rate: 20/s, duration: 30s, drain: 5s}
)";
  const Run calm = run(os);
  const Run crashed = run(os + "faults:\n  - {at: 3s, crash: placement-0}\n");
  INFO(crashed.result.err);
  REQUIRE(calm.result.exit_code == 0);
  REQUIRE(crashed.result.exit_code == 0);
  // The same disks fail at the same times, and every replacement the calm run saw happens
  // (the crashed run may go on longer: its repairs wait for the placement service).
  const auto failures = times_of(calm.events, "disk_lost");
  CHECK(failures.size() >= 3);  // the scenario does exercise the failure process
  CHECK(times_of(crashed.events, "disk_lost") == failures);
  const auto replaced = times_of(calm.events, "disk_replaced"), crashed_replaced = times_of(crashed.events, "disk_replaced");
  REQUIRE(crashed_replaced.size() >= replaced.size());
  CHECK(std::vector<std::string>(crashed_replaced.begin(), crashed_replaced.begin() + long(replaced.size())) == replaced);
}

TEST_CASE("run: a load that can never end is stopped with exit 3 and nothing written") {
  // Closed-loop clients without a time-out, and a station that never comes back.
  simt::TempDir dir("sdsim-simt-life");
  simt::write_file(dir / "scn.yaml", R"(name: stall
model: queueing
params: {servers: 1, service: {distribution: deterministic, mean: 100ms}}
workload: {loop: closed, clients: 2, requests: 1000}
faults:
  - {at: 5s, crash: station-0}
)");
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("made no progress for 60 min of simulated time") != std::string::npos);
  CHECK(r.err.find("between t=4.9 s and t=60.08 min") != std::string::npos);  // the last request before the crash
  CHECK_FALSE(simt::fs::exists(dir / "out"));
}

TEST_CASE("run: fewer requests than clients: the load ends after exactly that many requests") {
  // `requests:` is shared out between the clients; a client whose share is 0 issues none
  // (a share of 0 used to mean "no limit": such a run never ended).
  for (const std::string loop : {"open", "closed"}) {
    CAPTURE(loop);
    simt::TempDir dir("sdsim-simt-life");
    simt::write_file(dir / "scn.yaml", "name: few\nmodel: queueing\nseed: 5\n"
                                       "params: {servers: 2}\n"
                                       "workload: {loop: " + loop + ", clients: 5, requests: 3, rate: 10/s}\n");
    const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto req = simt::read_csv(dir / "out/requests.csv");
    CHECK(req.rows.size() == 3);
    for (std::size_t i = 0; i < req.rows.size(); ++i) CHECK(req.str(i, "outcome") == "ok");
  }
}
