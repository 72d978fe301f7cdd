// The nearby friends model end to end through the CLI: bad parameters and a bad edge list are
// refused with a located error, exit 2 and nothing written (the CLI contract,
// /work/shared/design.md); a small run's CSV outputs agree with its summary.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "cli.hpp"

namespace {
const char* kSmall =
    "name: nf\nmodel: nearby_friends\nparams:\n  users: 300\n  active_fraction: 0.2\n"
    "  friends: {average: 20}\n  region: {side_km: 10}\n  ws_drain: {server: 0, at: 40s, period: 10s}\n"
    "workload: {duration: 80s, warmup: 30s, clients: 2}\n";
}  // namespace

TEST_CASE("nearby_friends: bad parameters exit 2 with a located message and write nothing") {
  simt::TempDir dir("sdsim-simt-nf-bad");
  SUBCASE("a drained server that does not exist") {
    simt::write_file(dir / "scn.yaml",
                     "model: nearby_friends\nparams:\n  ws_servers: 2\n  ws_drain: {server: 5}\n"
                     "workload: {duration: 60s}\n");
    const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("scn.yaml:4:") != std::string::npos);
    CHECK(r.err.find("ws-0..ws-1") != std::string::npos);
  }
  SUBCASE("an edge list with a bad row") {
    simt::write_file(dir / "edges.csv", "a,b\n0,1\n1,5000\n");
    simt::write_file(dir / "scn.yaml",
                     "model: nearby_friends\nparams:\n  users: 10\n"
                     "  friends: {source: csv, file: edges.csv}\nworkload: {duration: 60s}\n");
    const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("edges.csv:3:") != std::string::npos);
  }
  SUBCASE("a discovery election timeout etcd would refuse") {
    // etcd's embed.Config.Validate (server/embed/config.go): "--election-timeout[...] should be
    // at least as 5 times as --heartbeat-interval[...]", and at most 50 s.
    simt::write_file(dir / "scn.yaml",
                     "model: nearby_friends\nparams:\n  coord:\n    heartbeat_interval: 100ms\n"
                     "    election_timeout: 400ms\nworkload: {duration: 60s}\n");
    auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("scn.yaml:5:") != std::string::npos);
    CHECK(r.err.find("5 heartbeat intervals") != std::string::npos);
    simt::write_file(dir / "scn.yaml",
                     "model: nearby_friends\nparams:\n  coord: {election_timeout: 51s}\n"
                     "workload: {duration: 60s}\n");
    r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("longer than etcd allows") != std::string::npos);
  }
  SUBCASE("growing past the spares") {
    simt::write_file(dir / "scn.yaml",
                     "model: nearby_friends\nparams:\n  pubsub: {servers: 4, spares: 1, grow_at: 30s, "
                     "grow_to: 6}\nworkload: {duration: 60s}\n");
    const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("needs 2 spares") != std::string::npos);
  }
  CHECK(simt::list_tree(dir / "out").empty());
}

TEST_CASE("nearby_friends: a drained run's CSVs agree with its summary") {
  simt::TempDir dir("sdsim-simt-nf-run");
  simt::write_file(dir / "scn.yaml", kSmall);
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const auto s = simt::read_json(dir / "out" / "summary.json");
  const auto& m = s["metrics"];
  const auto sessions = simt::read_csv(dir / "out" / "sessions.csv");
  const auto reconnects = simt::read_csv(dir / "out" / "reconnects.csv");
  const auto pubsub = simt::read_csv(dir / "out" / "pubsub.csv");
  CHECK(double(sessions.rows.size()) == m["connection.sessions"].get<double>());
  CHECK(double(reconnects.rows.size()) == m["reconnects"].get<double>());
  CHECK(pubsub.rows.size() == 6);  // 4 servers + 2 spares
  // ws-0 was drained: every client on it reconnected with 1001, to another server.
  CHECK(m["reconnects"].get<double>() >= 5);
  for (std::size_t k = 0; k < reconnects.rows.size(); ++k) {
    CHECK(reconnects.num(k, "code") == 1001);
    CHECK(reconnects.num(k, "from") == 0);
    CHECK(reconnects.num(k, "to") != 0);
  }
  // A reconnected user's new session resubscribes every friend.
  double resubscribed = 0;
  for (std::size_t k = 0; k < sessions.rows.size(); ++k)
    if (sessions.num(k, "reconnect") == 1) resubscribed += sessions.num(k, "subscribed");
  CHECK(resubscribed == m["resubscriptions"].get<double>());
  CHECK(m["location_updates.lost"].get<double>() == 0);
  CHECK(m["forwards.delivered_fraction"].get<double>() > 0.95);
}

// A connection's start reads every friend's cached position with one MGET
// (https://redis.io/docs/latest/commands/mget/) or one GET per friend: the same friends are
// shown (nil for those without a live position, as GET's nil), one request instead of one per
// friend; the init figures are recounted from sessions.csv.
TEST_CASE("nearby_friends: MGET and GETs at connection start show the same friends") {
  simt::TempDir dir("sdsim-simt-nf-mget");
  simt::write_file(dir / "scn.yaml", kSmall);
  struct Run {
    nlohmann::json m;
    simt::Csv sessions;
  };
  auto run = [&](const std::string& how) {
    const auto r = simt::sdsim({"run", "scn.yaml", "--out", how, "--quiet", "--set",
                                "params.cache_read=" + how},
                               dir.path());
    REQUIRE(r.exit_code == 0);
    return Run{simt::read_json(dir / how / "summary.json")["metrics"],
               simt::read_csv(dir / how / "sessions.csv")};
  };
  const Run mget = run("mget"), gets = run("gets");
  CHECK(mget.m["connection.cache_requests.mean"].get<double>() == 1);
  CHECK(gets.m["connection.cache_requests.mean"].get<double>() ==
        gets.m["connection.cache_gets.mean"].get<double>());
  REQUIRE(mget.sessions.rows.size() == gets.sessions.rows.size());
  double shown = 0;
  for (const Run* x : {&mget, &gets}) {
    std::vector<double> init;
    double sum = 0;
    for (std::size_t k = 0; k < x->sessions.rows.size(); ++k) {
      init.push_back(x->sessions.num(k, "init_s"));
      sum += init.back();
    }
    std::sort(init.begin(), init.end());
    CHECK(sum / double(init.size()) == doctest::Approx(x->m["connection.init.mean"].get<double>()));
    CHECK(init.back() == doctest::Approx(x->m["connection.init.max"].get<double>()));
    CHECK(init[std::size_t(std::ceil(0.99 * double(init.size()))) - 1] ==
          doctest::Approx(x->m["connection.init.p99"].get<double>()));
  }
  for (std::size_t k = 0; k < mget.sessions.rows.size(); ++k) {
    CHECK(mget.sessions.num(k, "user") == gets.sessions.num(k, "user"));
    CHECK(mget.sessions.num(k, "shown_at_start") == gets.sessions.num(k, "shown_at_start"));
    shown += mget.sessions.num(k, "shown_at_start");
  }
  CHECK(shown > 0);
  CHECK(mget.m["connection.init.mean"].get<double>() < gets.m["connection.init.mean"].get<double>());
}

// WebSocket CPU per message: each server's charged CPU in ws.csv is a whole number of
// messages at the cost, covers at least the updates processed, and its maximum is the summary's.
TEST_CASE("nearby_friends: WebSocket CPU per message, recounted from ws.csv") {
  simt::TempDir dir("sdsim-simt-nf-wscpu");
  simt::write_file(dir / "scn.yaml", kSmall);
  const double cost = 0.002;
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet", "--set",
                              "params.ws_cpu_per_message=2ms"},
                             dir.path());
  REQUIRE(r.exit_code == 0);
  const auto m = simt::read_json(dir / "out" / "summary.json")["metrics"];
  const auto ws = simt::read_csv(dir / "out" / "ws.csv");
  REQUIRE(ws.rows.size() == 4);
  const double window = 80 - 1 - 30;
  double longest = 0, messages = 0;
  for (std::size_t k = 0; k < ws.rows.size(); ++k) {
    const double n = ws.num(k, "busy_s") / cost;
    CHECK(n == doctest::Approx(std::round(n)));
    CHECK(ws.num(k, "cpu_cores") == doctest::Approx(ws.num(k, "busy_s") / window));
    longest = std::max(longest, ws.num(k, "cpu_cores"));
    messages += n;
  }
  CHECK(longest == doctest::Approx(m["ws.cpu_cores.max"].get<double>()));
  const double updates = m["location_updates.per_s"].get<double>() * window;
  CHECK(messages >= updates);  // each update handled, plus the pub/sub messages received
  CHECK(messages > updates * 1.5);
}
