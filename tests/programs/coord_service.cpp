// The coordination service (sim/coord) on 5 nodes through crashes of its leader and its
// followers (the leader at 5 s and at 14 s, a follower at 10 s, two followers at once at
// 18 s), with etcd's defaults (heartbeat 100 ms, election timeout 1 s):
//   - two writers put keys every 20 ms; a watcher follows every change from revision 0,
//     moving to another node when its node does not answer. Every acknowledged put is in the
//     watcher's history with its revision and value, the history has each revision once and in
//     order, and replaying it into a map (the naive reference) gives every node's final
//     registry; all nodes end with the same history (etcd "API guarantees": watch events are
//     ordered, unique and reliable);
//   - three members register under leases (TTL 2 s, keep-alive every 0.5 s) and campaign in an
//     election (etcd's concurrency.Election recipe); member 0's host crashes at 9 s and member
//     1's at 15.5 s, for good: each key disappears once its lease expires (no sooner than the
//     TTL after the last keep-alive, no later than TTL + an election), and the next candidate
//     leads only after its predecessor's key is gone.
#include <map>
#include <set>

#include "harness_b.hpp"
#include "sim/coord/coord_client.hpp"
#include "sim/coord/coord_cluster.hpp"

using namespace sdsim;
using namespace sdsim::coord;
namespace sg4 = simgrid::s4u;

namespace {

constexpr double kTtl = 2.0, kKeepAliveEvery = 0.5, kWritersUntil = 20.0, kWatchUntil = 27.0;
const double kMemberCrash[3] = {9.0, 15.5, -1};

double now() { return sg4::Engine::get_clock(); }

struct Acked {
  std::string key, value;
  std::int64_t revision = 0;
  double at = 0;
};
struct WriterLog {
  std::vector<Acked> acked;
  int failed = 0;
  double max_latency = 0;
};

void writer(Net& net, const CoordCluster& cluster, int id, WriterLog& log) {
  Rpc rpc(net, fmt::format("writer-{}", id));
  CoordClient c(rpc, cluster.endpoints(), static_cast<std::uint64_t>(id));
  for (int j = 0; 0.5 + 0.02 * j < kWritersUntil; ++j) {
    sg4::this_actor::sleep_until(0.5 + 0.02 * j);
    const std::string key = fmt::format("cfg/w{}/k{}", id, j % 5);
    const std::string value = fmt::format("{}:{}", id, j);
    const double sent = now();
    auto r = c.put(key, value);
    log.max_latency = std::max(log.max_latency, now() - sent);
    if (r && r->ok)
      log.acked.push_back(Acked{key, value, r->revision, now()});
    else
      ++log.failed;
  }
}

struct WatchLog {
  std::vector<Event> events;
  std::vector<double> seen_at;
  int node_switches = 0, polls = 0;
};

void watcher(Net& net, const CoordCluster& cluster, WatchLog& log) {
  Rpc rpc(net, "watcher");
  CoordClient c(rpc, cluster.endpoints(), 100);
  std::int64_t after = 0;
  while (now() < kWatchUntil) {
    ++log.polls;
    auto events = c.watch("", after, 0.5);
    if (!events) {
      ++log.node_switches;
      continue;
    }
    for (const Event& e : *events) {
      log.events.push_back(e);
      log.seen_at.push_back(now());
      after = std::max(after, e.kv.mod_revision);
    }
  }
}

struct MemberLog {
  std::int64_t lease = 0;
  double last_keepalive = 0, led_at = -1;
  std::string election_key;
};

void keeper(Net& net, const CoordCluster& cluster, int id, MemberLog& log) {
  Rpc rpc(net, fmt::format("keeper-{}", id));
  CoordClient c(rpc, cluster.endpoints(), static_cast<std::uint64_t>(300 + id));
  while (true) {
    sg4::this_actor::sleep_for(kKeepAliveEvery);
    auto ttl = c.keep_alive(log.lease);
    if (ttl && *ttl > 0) log.last_keepalive = now();
  }
}

void member(Net& net, const CoordCluster& cluster, int id, MemberLog& log) {
  Rpc rpc(net, fmt::format("member-{}", id));
  CoordClient c(rpc, cluster.endpoints(), static_cast<std::uint64_t>(200 + id));
  sg4::this_actor::sleep_until(1.0 + 0.2 * id);
  auto g = c.grant(kTtl);
  if (!g) return;
  log.lease = g->lease;
  log.last_keepalive = now();
  sg4::Actor::create(fmt::format("keeper-{}", id), sg4::this_actor::get_host(),
                     [&net, &cluster, id, &log] { keeper(net, cluster, id, log); })
      ->daemonize();
  c.put(fmt::format("members/m{}", id), fmt::format("host of member {}", id), log.lease);
  Election e(c, "election");
  if (e.campaign(log.lease, fmt::format("m{}", id))) log.led_at = now();
  log.election_key = e.key();
}

// Crashes `host` now for `down_for` seconds, as the fault injector does.
void crash(Net& net, const std::string& host, double down_for) {
  net.host_going_down(host);
  sg4::Host::by_name(host)->turn_off();
  sg4::this_actor::sleep_for(down_for);
  sg4::Host::by_name(host)->turn_on();
}

struct ChaosLog {
  std::vector<std::pair<double, int>> crashed;  // (time, node)
  std::vector<int> leaders;                     // the leader before each crash
};

void chaos(Net& net, const CoordCluster& cluster, const std::vector<std::string>& hosts,
           ChaosLog& log) {
  auto leader_now = [&] {
    while (cluster.leader() < 0) sg4::this_actor::sleep_for(0.05);
    return cluster.leader();
  };
  auto down = [&](int node, double at, double length) {
    sg4::this_actor::sleep_until(at);
    log.crashed.emplace_back(now(), node);
    sg4::Actor::create(fmt::format("crash-{}", node), sdsim::control_host(),
                       [&net, h = hosts[node], length] { crash(net, h, length); });
  };
  sg4::this_actor::sleep_until(5.0);
  int l = leader_now();
  log.leaders.push_back(l);
  down(l, 5.0, 3.0);
  sg4::this_actor::sleep_until(10.0);
  l = leader_now();
  log.leaders.push_back(l);
  down((l + 1) % 5, 10.0, 3.0);
  sg4::this_actor::sleep_until(14.0);
  l = leader_now();
  log.leaders.push_back(l);
  down(l, 14.0, 3.0);
  sg4::this_actor::sleep_until(18.0);
  l = leader_now();
  log.leaders.push_back(l);
  down((l + 1) % 5, 18.0, 2.0);
  down((l + 2) % 5, 18.0, 2.0);
}

}  // namespace

int main() {
  harness_b::Sim sim("coord_service", harness_b::one_rack(9),
                     {{"coord", 5}, {"member", 3}, {"client", 1}});
  const auto& hosts = sim.hosts("coord");
  CoordCluster cluster(sim.net(), "coord", hosts);
  cluster.start();
  for (int i = 0; i < 3; ++i)
    if (kMemberCrash[i] >= 0) sim.crash(sim.hosts("member")[i], kMemberCrash[i], -1);
  const std::string client = sim.hosts("client")[0];
  WriterLog writers[2];
  for (int i = 0; i < 2; ++i)
    sim.driver(fmt::format("writer-{}", i + 1), client,
               [&, i] { writer(sim.net(), cluster, i + 1, writers[i]); });
  WatchLog watch;
  sim.driver("watcher", client, [&] { watcher(sim.net(), cluster, watch); });
  MemberLog members[3];
  for (int i = 0; i < 3; ++i)
    sim.driver(fmt::format("member-{}", i), sim.hosts("member")[i],
               [&, i] { member(sim.net(), cluster, i, members[i]); });
  ChaosLog chaos_log;
  sim.driver("chaos", client, [&] { chaos(sim.net(), cluster, hosts, chaos_log); });
  sim.run();

  // The watcher's history: each revision once, in order (a lease's keys share its revision).
  bool ordered = true;
  std::set<std::pair<std::int64_t, std::string>> seen;
  for (std::size_t i = 0; i < watch.events.size(); ++i) {
    const Event& e = watch.events[i];
    if (i > 0 && e.kv.mod_revision < watch.events[i - 1].kv.mod_revision) ordered = false;
    if (!seen.insert({e.kv.mod_revision, e.kv.key}).second) ordered = false;
  }
  std::int64_t expected_revision = 0;  // revisions without gaps: every change was seen
  for (const Event& e : watch.events)
    if (e.kv.mod_revision != expected_revision) {
      ordered = ordered && e.kv.mod_revision == expected_revision + 1;
      expected_revision = e.kv.mod_revision;
    }
  sim.check(ordered && !watch.events.empty(),
            fmt::format("watch: {} events, each revision once, in order, none missing ({} polls, "
                        "{} node switches)",
                        watch.events.size(), watch.polls, watch.node_switches));
  // Naive reference: replay the history into a map.
  std::map<std::string, std::pair<std::string, std::int64_t>> reference;
  std::map<std::int64_t, const Event*> put_at;
  for (const Event& e : watch.events) {
    if (e.type == Event::Type::put) {
      reference[e.kv.key] = {e.kv.value, e.kv.mod_revision};
      put_at[e.kv.mod_revision] = &e;
    } else {
      reference.erase(e.kv.key);
    }
  }
  int missing = 0, out_of_order = 0, acked = 0, failed = 0;
  double max_latency = 0;
  for (const WriterLog& w : writers) {
    std::int64_t last = 0;
    for (const Acked& a : w.acked) {
      auto it = put_at.find(a.revision);
      missing +=
          it == put_at.end() || it->second->kv.key != a.key || it->second->kv.value != a.value;
      out_of_order += a.revision <= last;
      last = a.revision;
    }
    acked += static_cast<int>(w.acked.size());
    failed += w.failed;
    max_latency = std::max(max_latency, w.max_latency);
  }
  sim.check(missing == 0 && out_of_order == 0 && failed == 0,
            fmt::format("writers: every acknowledged put is in the history with its revision ({} "
                        "acknowledged, {} missing, {} out of order, {} failed)",
                        acked, missing, out_of_order, failed));
  int differing = 0;
  for (int n = 0; n < cluster.size(); ++n) {
    const Registry& r = cluster.registry(n);
    bool same = r.kvs().size() == reference.size() && r.history().size() == watch.events.size();
    for (const auto& [k, kv] : r.kvs()) {
      auto it = reference.find(k);
      same = same && it != reference.end() && it->second.first == kv.value &&
             it->second.second == kv.mod_revision;
    }
    differing += !same;
  }
  sim.check(differing == 0,
            fmt::format("every node's registry is the replayed history ({} nodes differ; {} keys)",
                        differing, reference.size()));
  sim.check(cluster.leader() >= 0 && cluster.elections_won() >= 3 && chaos_log.crashed.size() == 5,
            fmt::format("the cluster elected a leader after each leader crash ({} elections, "
                        "leader at the end {})",
                        cluster.elections_won(), cluster.leader()));

  // Leases and the election.
  std::map<std::string, double> deleted_seen;  // key -> when the watcher saw it go
  for (std::size_t i = 0; i < watch.events.size(); ++i)
    if (watch.events[i].type == Event::Type::remove)
      deleted_seen.emplace(watch.events[i].kv.key, watch.seen_at[i]);
  for (int i = 0; i < 3; ++i) {
    const std::string key = fmt::format("members/m{}", i);
    const bool crashed = kMemberCrash[i] >= 0;
    const bool gone = deleted_seen.count(key) > 0;
    const double expiry = gone ? deleted_seen.at(key) - members[i].last_keepalive : 0;
    sim.check(crashed
                  ? gone && expiry >= kTtl - 0.01 && expiry <= kTtl + 3.0 && !reference.count(key)
                  : !gone && reference.count(key),
              fmt::format("member {}: {} (last keep-alive {:.3f} s, gone {:.3f} s later)", i,
                          crashed ? "its key went when its lease expired" : "its key stays",
                          members[i].last_keepalive, expiry));
    sim.note(
        fmt::format("member {}: lease {}, last keep-alive {:.3f} s, key {} {:.3f} s after "
                    "it; led from {:.3f} s",
                    i, members[i].lease, members[i].last_keepalive, gone ? "deleted" : "kept",
                    expiry, members[i].led_at));
  }
  sim.check(members[0].led_at > 0 && members[0].led_at < kMemberCrash[0],
            "election: member 0 led first");
  for (int i = 1; i < 3; ++i) {
    const std::string prev = members[i - 1].election_key;
    const bool prev_gone = deleted_seen.count(prev) > 0;
    sim.check(members[i].led_at > 0 && prev_gone &&
                  members[i].led_at >= members[i - 1].last_keepalive + kTtl - 0.01 &&
                  members[i].led_at <= kMemberCrash[i - 1] + kTtl + 3.0,
              fmt::format("election: member {} led at {:.3f} s, after member {}'s key went "
                          "(lease expiry; its last keep-alive {:.3f} s)",
                          i, members[i].led_at, i - 1, members[i - 1].last_keepalive));
  }
  sim.note(
      fmt::format("coord: {} puts acknowledged, longest put {:.3f} s (across leader "
                  "crashes), {} elections, {} events watched, revision {}",
                  acked, max_latency, cluster.elections_won(), watch.events.size(),
                  cluster.registry(0).revision()));
  return sim.finish();
}
