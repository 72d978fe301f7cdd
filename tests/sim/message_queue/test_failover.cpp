// A message-queue leader failover, checked from the outside (events.csv, requests.csv,
// summary.json): when the leader of a partition crashes, the controller elects a new leader
// from the in-sync replicas, produce requests fail only until that election (bounded), and
// nothing a producer had acknowledged with acks=all is lost.
#include <doctest/doctest.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "cli.hpp"

namespace {

// 3 brokers, RF 3, 3 partitions (broker-p is partition p's preferred leader); broker-0
// crashes at 5 s and comes back at 8 s. The controller's session timeout is 1 s.
const std::string kFailover = R"(name: mq-failover
model: message_queue
seed: 1
duration: 12s
params:
  partitions: 3
  broker_session_timeout: 1s
  broker_heartbeat_interval: 250ms
  producer: {acks: all, request_timeout: 1s}
  consumer: {members: 1, session_timeout: 3s, heartbeat_interval: 1s}
workload:
  drain: 6s
  arrival: poisson
  rate: 500/s
  clients: 1
faults:
  - {at: 5s, crash: broker-0, restart_after: 3s}
)";

constexpr double kCrash = 5.0, kSessionTimeout = 1.0, kRequestTimeout = 1.0;

std::vector<int> parse_list(const std::string& s) {
  std::vector<int> out;
  static const std::regex num("\\d+");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), num); it != std::sregex_iterator(); ++it)
    out.push_back(std::stoi(it->str()));
  return out;
}

}  // namespace

TEST_CASE("message_queue: a leader crash elects a new leader from the ISR and loses nothing acknowledged") {
  for (const std::string seed : {"1", "2"}) {
    CAPTURE(seed);
    simt::TempDir dir("sdsim-simt-mq");
    simt::write_file(dir / "scn.yaml", kFailover);
    const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet", "--seed", seed}, dir.path());
    INFO(r.command, "\n", r.err);
    REQUIRE(r.exit_code == 0);

    // events.csv: partition-0 (led by broker-0) gets a new leader, from its ISR, soon after the crash.
    const auto ev = simt::read_csv(dir / "out/events.csv");
    bool crashed = false, elected = false;
    double elected_at = -1;
    for (std::size_t i = 0; i < ev.rows.size(); ++i) {
      const std::string& kind = ev.str(i, "kind");
      const std::string& target = ev.str(i, "target");
      const std::string& detail = ev.str(i, "detail");
      CHECK_MESSAGE(kind != "unclean_leader_election", detail);
      if (kind == "host_off" && target == "broker-0") crashed = true;
      if (!crashed || elected || kind != "leader_election" || target != "partition-0") continue;
      // detail: "broker-<l> leads (epoch <e>); isr [a, b]"
      static const std::regex re("broker-(\\d+) leads \\(epoch (\\d+)\\); isr \\[([^\\]]*)\\]");
      std::smatch m;
      REQUIRE_MESSAGE(std::regex_search(detail, m, re), detail);
      const int leader = std::stoi(m[1].str());
      const auto isr = parse_list(m[3].str());
      CHECK(leader != 0);
      CHECK(std::find(isr.begin(), isr.end(), leader) != isr.end());  // elected from the ISR
      CHECK(std::find(isr.begin(), isr.end(), 0) == isr.end());       // the dead broker left it
      CHECK(std::stoi(m[2].str()) >= 1);                              // a new leader epoch
      elected = true;
      elected_at = ev.num(i, "time");
    }
    REQUIRE(crashed);
    REQUIRE(elected);
    // The controller notices within its session timeout (plus its 50 ms tick and a heartbeat).
    CHECK(elected_at > kCrash);
    CHECK(elected_at < kCrash + kSessionTimeout + 0.5);

    // summary.json: produce failed for a bounded time, and nothing acknowledged was lost.
    const auto summary = simt::read_json(dir / "out/summary.json");
    const auto& m = summary.at("metrics");
    CHECK(m.at("leader_elections").get<double>() >= 1);
    const double unavailable = m.at("produce.unavailable_time").get<double>();
    CHECK(unavailable >= 0);
    CHECK(unavailable < kSessionTimeout + kRequestTimeout + 1.0);
    CHECK(m.at("messages.acked").get<double>() > 1000);
    CHECK(m.at("messages.failed").get<double>() == 0);
    CHECK(m.at("messages.lost_acked").get<double>() == 0);
    CHECK(m.at("messages.lost").get<double>() == 0);
    CHECK(m.at("messages.duplicated").get<double>() == 0);
    CHECK(m.at("messages.pending").get<double>() == 0);

    // requests.csv: every message was acknowledged, none waited longer than the failover
    // (detection, a request timeout, a retry) and the ones that waited were sent around the crash.
    const auto req = simt::read_csv(dir / "out/requests.csv");
    REQUIRE(req.rows.size() > 1000);
    int slow = 0;
    for (std::size_t i = 0; i < req.rows.size(); ++i) {
      CHECK(req.str(i, "outcome") == "ok");
      const double latency = req.num(i, "latency");
      CHECK(latency < kSessionTimeout + 2 * kRequestTimeout + 1.0);
      if (latency > 0.5) {
        ++slow;
        CHECK(req.num(i, "start") > kCrash - 1.5);
        CHECK(req.num(i, "start") < elected_at + 0.5);
      }
    }
    CHECK(slow > 0);  // the crash was felt
  }
}
