// The one service loop under crashes at every point of a request: a station crashes and
// restarts at many instants spread over a request's life (request on the wire, waiting,
// in service, reply on the wire), with restarts shorter than a message's flight, on several
// seeds. Every run must end normally, and no request sent before the crash may be answered
// by the station's next life. A reply the old life sent before dying may still land after the
// crash (it was on the wire), so the check is on when the reply left the station: an "ok"
// request sent before the crash had its reply sent before the crash too.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>

#include "cli.hpp"

namespace {

// 5 ms links: a message is in flight for 10 ms between two hosts of the rack.
constexpr const char* kScenario = R"(name: restart
model: queueing
seed: 1
network_model: {network}
params: {{servers: 2, service: {{distribution: exponential, mean: 20ms}}}}
platform:
  datacenters:
    - racks: [{{name: rack-0, hosts: 5, uplink: {{bandwidth: 10Gbps, latency: 0s}}}}]
  host: {{speed: 1Gf, cores: 4, link: {{bandwidth: 1Gbps, latency: 5ms}}, disks: []}}
workload: {{loop: closed, clients: 4, duration: 3s, timeout: 200ms}}
faults:
  - {{at: {at}s, crash: station-0, restart_after: {restart}}}
)";

// One way between two hosts: two 5 ms host links plus 1 KB at 1 Gbps (8 us); a little more,
// so that a reply that left just before the crash is not mistaken for a late one.
constexpr double kFlight = 0.010 + 0.0001;

}  // namespace

TEST_CASE(
    "net: a station crashed at every point of a request never serves its previous life's "
    "requests") {
  int runs = 0, ok_requests = 0;
  for (const char* restart : {"1ms", "7ms", "300ms"}) {
    for (int step = 0; step < 12; ++step) {
      const double at = 1.0 + 0.0037 * step;  // 0 .. 44 ms after 1 s: every phase of a request
      for (const char* seed : {"1", "2"}) {
        CAPTURE(restart);
        CAPTURE(at);
        CAPTURE(seed);
        simt::TempDir dir("sdsim-simt-restart");
        simt::write_file(dir / "scn.yaml",
                         fmt::format(fmt::runtime(kScenario), fmt::arg("at", at),
                                     fmt::arg("restart", restart), fmt::arg("network", "CM02")));
        const auto r =
            simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet", "--seed", seed}, dir.path());
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        const auto req = simt::read_csv(dir / "out/requests.csv");
        for (std::size_t i = 0; i < req.rows.size(); ++i) {
          if (req.str(i, "outcome") != "ok") continue;
          ++ok_requests;
          const double start = req.num(i, "start"), end = req.num(i, "end");
          INFO("request " << req.str(i, "id") << " from " << start << " to " << end);
          const double reply_sent = end - kFlight;
          CHECK_FALSE((start < at && reply_sent > at));
        }
        ++runs;
      }
    }
  }
  CHECK(runs == 72);
  CHECK(ok_requests > 72 * 100);  // the invariant was checked on real traffic
}

// Without a network (network_model: none) a message reaches its receiver in the instant it is
// sent, so a reply that left before the crash is already in; the station's next life must still
// never answer a request of the previous one, and the clients' time-outs (a timed wait on the
// inbox) must still fire.
TEST_CASE("net: without a network, a restarted station never serves its previous life's requests") {
  int runs = 0, ok_requests = 0, timeouts = 0;
  for (const char* restart : {"1ms", "300ms"}) {
    for (int step = 0; step < 12; ++step) {
      const double at = 1.0 + 0.0037 * step;
      CAPTURE(restart);
      CAPTURE(at);
      simt::TempDir dir("sdsim-simt-restart-none");
      simt::write_file(dir / "scn.yaml",
                       fmt::format(fmt::runtime(kScenario), fmt::arg("at", at),
                                   fmt::arg("restart", restart), fmt::arg("network", "none")));
      const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
      INFO(r.err);
      REQUIRE(r.exit_code == 0);
      const auto req = simt::read_csv(dir / "out/requests.csv");
      for (std::size_t i = 0; i < req.rows.size(); ++i) {
        if (req.str(i, "outcome") == "timeout") ++timeouts;
        if (req.str(i, "outcome") != "ok") continue;
        ++ok_requests;
        const double start = req.num(i, "start"), end = req.num(i, "end");
        INFO("request " << req.str(i, "id") << " from " << start << " to " << end);
        CHECK_FALSE((start < at && end > at));
      }
      ++runs;
    }
  }
  CHECK(runs == 24);
  CHECK(ok_requests > 24 * 100);
  CHECK(timeouts >= 24);  // each crash leaves its clients' requests unanswered until their time-out
}
