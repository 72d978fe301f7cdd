// A node restarting on the same host, empty (issue 15): Redis keeps no subscription across a
// restart and its pub/sub is at most once (https://redis.io/docs/latest/develop/interact/pubsub/),
// so the WebSocket servers must SUBSCRIBE again or their users never see those friends again.
// The test recounts the model's gap figures from unseen.csv and bounds every gap by the
// fault's times (events.csv) and the parameters: nothing is lost before the crash, and every
// friend is seen again within the detection delay plus one update interval.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "cli.hpp"

namespace {

constexpr double kInterval = 30, kPing = 3;  // the scenario's update interval, subscriber ping

std::string scenario(const std::string& faults, const std::string& extra = "") {
  return "name: nf-restart\nmodel: nearby_friends\nparams:\n  users: 600\n  active_fraction: 0.25\n"
         "  friends: {average: 20}\n  region: {side_km: 10}\n"
         "  pubsub: {replace_dead: false, subscriber_ping: 3s" + extra + "}\n"
         "workload: {duration: 150s, warmup: 30s, clients: 2}\nfaults:\n  - " + faults + "\n";
}

// A gap's end (s); an open gap never ended: past any bound.
double gap_end(const simt::Csv& unseen, std::size_t k) {
  return unseen.str(k, "to").empty() ? 1e9 : unseen.num(k, "to");
}

struct Fault {
  double off = -1, on = -1;  // s
};
Fault fault_times(const simt::Csv& events, const std::string& host) {
  Fault f;
  for (std::size_t k = 0; k < events.rows.size(); ++k) {
    if (events.str(k, "target") != host) continue;
    if (events.str(k, "kind") == "host_off") f.off = events.num(k, "time");
    if (events.str(k, "kind") == "host_on") f.on = events.num(k, "time");
  }
  return f;
}

// The summary's gap metrics, recounted from unseen.csv; returns the latest end of a gap.
double check_gaps(const simt::Csv& unseen, const nlohmann::json& m, double window_end) {
  double longest = 0, sum = 0, open = 0, last = 0;
  for (std::size_t k = 0; k < unseen.rows.size(); ++k) {
    const bool is_open = unseen.str(k, "to").empty();
    const double to = is_open ? window_end : unseen.num(k, "to");
    CHECK(unseen.num(k, "gap_s") == doctest::Approx(to - unseen.num(k, "from")));
    longest = std::max(longest, to - unseen.num(k, "from"));
    sum += to - unseen.num(k, "from");
    open += is_open;
    last = std::max(last, to);
  }
  CHECK(double(unseen.rows.size()) == m["friends_unseen.gaps"].get<double>());
  CHECK(open == m["friends_unseen.open"].get<double>());
  CHECK(longest == doctest::Approx(m["friends_unseen.max"].get<double>()));
  if (!unseen.rows.empty())
    CHECK(sum / double(unseen.rows.size()) == doctest::Approx(m["friends_unseen.mean"].get<double>()));
  return last;
}

}  // namespace

TEST_CASE("nearby_friends: a pub/sub server restarted empty is resubscribed, its friends seen again") {
  simt::TempDir dir("sdsim-simt-nf-restart");
  simt::write_file(dir / "scn.yaml", scenario("{at: 60s, crash: pubsub-1, restart_after: 10s}"));
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const auto s = simt::read_json(dir / "out" / "summary.json");
  const auto& m = s["metrics"];
  const auto unseen = simt::read_csv(dir / "out" / "unseen.csv");
  const Fault f = fault_times(simt::read_csv(dir / "out" / "events.csv"), "pubsub-1");
  REQUIRE(f.off > 0);
  REQUIRE(f.on > f.off);
  const double window_end = 150 - 1;
  CHECK(m["pubsub.restarts"].get<double>() == 1);
  CHECK(m["pubsub.messages_lost"].get<double>() > 0);  // at most once: the downtime's are gone
  CHECK(m["pubsub.subscriber_resets"].get<double>() > 0);
  REQUIRE(!unseen.rows.empty());
  const double last = check_gaps(unseen, m, window_end);
  CHECK(m["friends_unseen.open"].get<double>() == 0);
  for (std::size_t k = 0; k < unseen.rows.size(); ++k) {
    CHECK(unseen.num(k, "from") >= f.off);  // nothing lost before the crash
    // Found by the first ping after the restart, resubscribed, then the friend's next update.
    CHECK(gap_end(unseen, k) <= f.on + kPing + kInterval + 1);
  }
  CHECK(last > f.on);
}

TEST_CASE("nearby_friends: without resubscription a restarted pub/sub server's friends stay unseen") {
  simt::TempDir dir("sdsim-simt-nf-restart-off");
  simt::write_file(dir / "scn.yaml", scenario("{at: 60s, crash: pubsub-1, restart_after: 10s}",
                                              ", resubscribe: false"));
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const auto m = simt::read_json(dir / "out" / "summary.json")["metrics"];
  const auto unseen = simt::read_csv(dir / "out" / "unseen.csv");
  check_gaps(unseen, m, 150 - 1);
  CHECK(m["friends_unseen.open"].get<double>() > 0);
}

TEST_CASE("nearby_friends: a WebSocket server restarted empty: its clients reconnect and resubscribe") {
  simt::TempDir dir("sdsim-simt-nf-restart-ws");
  simt::write_file(dir / "scn.yaml", scenario("{at: 60s, crash: ws-1, restart_after: 10s}"));
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const auto m = simt::read_json(dir / "out" / "summary.json")["metrics"];
  const auto unseen = simt::read_csv(dir / "out" / "unseen.csv");
  const auto reconnects = simt::read_csv(dir / "out" / "reconnects.csv");
  const Fault f = fault_times(simt::read_csv(dir / "out" / "events.csv"), "ws-1");
  REQUIRE(f.on > f.off);
  REQUIRE(reconnects.rows.size() > 0);
  // Socket.IO's pings (25 s, 20 s time-out) find the dead server; 1 s of jitter, 1 s handshake.
  const double detected_by = f.off + 25 + 20 + 1 + 1;
  for (std::size_t k = 0; k < reconnects.rows.size(); ++k) {
    CHECK(reconnects.num(k, "code") == 1006);
    CHECK(reconnects.num(k, "from") == 1);
    CHECK(reconnects.num(k, "time") <= detected_by);
  }
  check_gaps(unseen, m, 150 - 1);
  CHECK(m["friends_unseen.open"].get<double>() == 0);
  for (std::size_t k = 0; k < unseen.rows.size(); ++k) {
    CHECK(unseen.num(k, "from") >= f.off);
    CHECK(gap_end(unseen, k) <= detected_by + kInterval + 1);
  }
}
