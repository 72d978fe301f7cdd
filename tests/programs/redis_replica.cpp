// The Redis-like server with an asynchronous replica
// (https://redis.io/docs/management/replication/), two pairs with a 50 ms replication delay,
// 1 s replication pings and a 3 s failover timeout; a writer SETs a key every 10 ms through
// a failover client for 20 s; both primaries crash at 10 s.
//   - pair A, primary down 5 s: the replica takes over 3 s after it last heard from the
//     primary and has every acknowledged write except those still waiting in the primary
//     (acknowledged in the last 50 ms), exactly as many as it counted lost; it refused writes
//     with READONLY until then; the old primary stays out when it comes back;
//   - pair B, primary down 1 s (less than the failover timeout): it restarts empty and its
//     replica, fully resynchronised, is emptied too ("Safety of replication when master has
//     persistence turned off" on the same page); both then hold the same keys.
#include <map>

#include "harness_b.hpp"
#include "sim/net/rpc.hpp"
#include "sim/services/redis/redis_client.hpp"
#include "sim/services/redis/redis_server.hpp"

using namespace sdsim;
using namespace sdsim::redis_service;
namespace sg4 = simgrid::s4u;

namespace {

constexpr double kCrashAt = 10, kDelay = 0.05, kShipPeriod = kDelay / 10, kEnd = 20;

std::map<int, double> write_keys(Net& net, const std::string& name, RedisServer& primary,
                                 RedisServer& replica) {
  Rpc rpc(net, name);
  RedisClient c(rpc, {primary.endpoint(), replica.endpoint()}, CallOptions{0.05, 0});
  c.with_failover();
  std::map<int, double> acked;  // key number -> acknowledgement time
  for (int i = 0;; ++i) {
    const double t = 0.01 * i;
    if (t >= kEnd) break;
    sg4::this_actor::sleep_until(t);
    if (c.set("w:" + std::to_string(i), "v").ok()) acked[i] = sg4::Engine::get_clock();
  }
  sg4::this_actor::sleep_until(kEnd + 0.5);
  return acked;
}

bool holds(RedisServer& s, int i) {
  return s.database()->keyspace().exists("w:" + std::to_string(i), sg4::Engine::get_clock());
}

}  // namespace

int main() {
  harness_b::Sim sim("redis_replica", harness_b::one_rack(5), {{"redis", 4}, {"client", 1}});
  const auto& rh = sim.hosts("redis");
  const auto cfg = harness_b::configure(
      redis_params(),
      "{replication_delay: 50ms, repl_ping_replica_period: 1s, failover_timeout: 3s}");
  RedisServer pa(sim.ctx(), "primary-a", rh[0], cfg), ra(sim.ctx(), "replica-a", rh[1], cfg);
  RedisServer pb(sim.ctx(), "primary-b", rh[2], cfg), rb(sim.ctx(), "replica-b", rh[3], cfg);
  pa.replicate_to(ra);
  pb.replicate_to(rb);
  for (RedisServer* s : {&pa, &ra, &pb, &rb}) s->start();
  sim.crash(rh[0], kCrashAt, 5);
  sim.crash(rh[2], kCrashAt, 1);
  std::map<int, double> acked_a, acked_b;
  int kept_a = 0, lost_a = 0, wrong_a = 0, lost_b = 0, wrong_b = 0, kept_b = 0;
  Status demoted_answer = Status::Ok;
  const std::string client = sim.hosts("client")[0];
  sim.driver("writer-a", client, [&] {
    acked_a = write_keys(sim.net(), "writer-a", pa, ra);
    // What the replica holds, against when each write was acknowledged.
    const double last_shipped = kCrashAt - kDelay - kShipPeriod - 0.001;
    for (auto [i, at] : acked_a) {
      const bool ambiguous = at > last_shipped && at < kCrashAt - kDelay + 0.001;
      const bool before = at < kCrashAt;
      const bool here = holds(ra, i);
      if (before && !here) ++lost_a;
      if (here) ++kept_a;
      if (!ambiguous) wrong_a += here != (!before || at < last_shipped);
    }
    Rpc rpc(sim.net(), "probe");
    demoted_answer =
        rpc.call(pa.endpoint(), Command{{"GET", "w:1"}, 0}, CallOptions{0.05, 0}).status;
  });
  sim.driver("writer-b", client, [&] {
    acked_b = write_keys(sim.net(), "writer-b", pb, rb);
    for (auto [i, at] : acked_b) {
      const bool before = at < kCrashAt;
      const bool on_replica = holds(rb, i), on_primary = holds(pb, i);
      lost_b += before && !on_replica;
      kept_b += on_replica;
      wrong_b += on_replica != on_primary || on_replica == before;
    }
  });
  sim.run();

  const RedisStats& a = ra.stats();
  sim.check(a.failovers == 1 && ra.role() == RedisRole::primary && pa.role() == RedisRole::demoted,
            "pair A: the replica took over, the old primary came back demoted");
  sim.check(demoted_answer == Status::Unavailable, "pair A: the demoted primary refuses requests");
  const double takeover = a.promoted_at - kCrashAt;
  sim.check(takeover >= 3.0 && takeover <= 3.0 + 3.0 / 20 + 0.01,
            fmt::format("pair A: the takeover came {:.3f} s after the crash (failover timeout 3 s)",
                        takeover));
  sim.check(wrong_a == 0,
            fmt::format("pair A: the replica holds exactly the writes shipped before the crash and "
                        "those after the takeover ({} differ)",
                        wrong_a));
  sim.check(lost_a > 0 && static_cast<std::uint64_t>(lost_a) == a.writes_lost_in_failover,
            fmt::format("pair A: {} acknowledged writes lost, {} counted by the failover", lost_a,
                        a.writes_lost_in_failover));
  sim.check(a.readonly_refusals > 0,
            fmt::format("pair A: the replica refused {} writes with READONLY before taking over",
                        a.readonly_refusals));
  sim.check(
      rb.stats().full_resyncs == 1 && rb.stats().failovers == 0 && pb.role() == RedisRole::primary,
      "pair B: the primary came back before the failover timeout and resynchronised its replica");
  sim.check(wrong_b == 0 && kept_b > 800,
            fmt::format("pair B: every write before the crash is gone from both ({} lost), every "
                        "later one on both "
                        "({} kept, {} differ)",
                        lost_b, kept_b, wrong_b));
  sim.note(
      fmt::format("pair A: {} writes acknowledged, {} on the new primary, {} lost in the failover "
                  "after {:.3f} s; "
                  "pair B: {} lost to the full resynchronisation",
                  acked_a.size(), kept_a, lost_a, takeover, lost_b));
  return sim.finish();
}
