// The replicated key-value store under crashes, four stores of 3 nodes (N = 3) side by side:
//
//   quorum  leaderless, commitlog_sync batch. Two clients read and write keys a* at
//           QUORUM/QUORUM, one writes keys b* at ONE and reads them at ALL (R + W > N both);
//           the nodes crash one at a time (10 s, 8 s, 2 s). Every successful read must
//           return the latest write acknowledged before it began; writes at ONE must be
//           accepted while a replica is down; reads at ALL must be refused then; reads
//           repaired the restarted replicas.
//   stale   leaderless, hinted handoff off: writes at ONE while node 0 is down, then reads at
//           ONE (round-robin coordinators): node 0 answers its own reads from its store,
//           which missed those writes, so some reads are stale (the scenario is built so).
//   hinted  the same with hinted handoff on: once the hints are replayed no read is stale.
//   leader  single_leader, batch: reads and writes go through each key's leader. Node 1 is
//           down 8-13 s and misses writes whose hints node 0 keeps; node 0 crashes at 14 s, so
//           node 1 leads keys its store is behind on (it must confirm them by a quorum read);
//           node 2 crashes later. No successful read may be stale.
#include <algorithm>
#include <map>

#include "harness_b.hpp"
#include "sim/core/random.hpp"
#include "sim/net/rpc.hpp"
#include "sim/services/kv/kv_client.hpp"
#include "sim/services/kv/kv_store.hpp"

using namespace sdsim;
using namespace sdsim::kv_service;
namespace sg4 = simgrid::s4u;

namespace {

double now() { return sg4::Engine::get_clock(); }

struct Op {
  double start = 0, end = 0;
  std::string key;
  bool write = false, ok = false;
  Status status = Status::Ok;
  std::int64_t timestamp_us = 0;
};
using History = std::vector<Op>;

struct Plan {
  std::string name;
  std::string prefix;  // keys prefix + 0..keys-1
  int keys = 20;
  Consistency write_level = Consistency::quorum, read_level = Consistency::quorum;
  double write_share = 0.5;  // of the operations; 1 = a writer, 0 = a reader
  double from = 0, until = 0, think = 0.01;
  Routing routing = Routing::token_aware;
};

void client(Net& net, const KvStore& store, History& history, const Plan& plan,
            std::uint64_t seed) {
  sg4::this_actor::sleep_until(plan.from);
  Rpc rpc(net, plan.name);
  KvClient c(rpc, store, KvClientOptions{plan.routing, 1.2, 5, 0.05},
             static_cast<int>(stable_hash(plan.name) % 3));
  RandomStream rng(seed, plan.name);
  int seq = 0;
  while (now() < plan.until) {
    Op op;
    op.key = plan.prefix + std::to_string(rng.below(plan.keys));
    op.write = rng.bernoulli(plan.write_share);
    op.start = now();
    if (op.write) {
      auto r =
          c.put(op.key, Value::bytes(fmt::format("{}#{}", plan.name, seq++)), plan.write_level);
      op.ok = r.ok(), op.status = r.status, op.timestamp_us = r.timestamp_us;
    } else {
      auto r = c.get(op.key, plan.read_level);
      op.ok = r.ok(), op.status = r.status, op.timestamp_us = r.version.timestamp_us;
    }
    op.end = now();
    history.push_back(op);
    sg4::this_actor::sleep_for(plan.think);
  }
}

// Reads whose answer is older than the latest write acknowledged (to the client) before the
// read began: the naive reference of "sees the latest acknowledged write".
struct Staleness {
  int reads = 0, stale = 0;
};
Staleness staleness(const History& h, double from = -1, double until = 1e18) {
  std::map<std::string, std::vector<std::pair<double, std::int64_t>>>
      acked;  // key -> (ack time, ts)
  for (const Op& op : h)
    if (op.write && op.ok) acked[op.key].emplace_back(op.end, op.timestamp_us);
  for (auto& [key, v] : acked) {
    std::sort(v.begin(), v.end());
    for (std::size_t i = 1; i < v.size(); ++i) v[i].second = std::max(v[i].second, v[i - 1].second);
  }
  Staleness s;
  for (const Op& op : h) {
    if (op.write || !op.ok || op.start < from || op.start > until) continue;
    ++s.reads;
    const auto& v = acked[op.key];
    auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(op.start, std::int64_t{-1}));
    if (it == v.begin()) continue;
    if (op.timestamp_us < std::prev(it)->second) ++s.stale;
  }
  return s;
}

int count(const History& h, bool write, bool ok, double from, double until) {
  return static_cast<int>(std::count_if(h.begin(), h.end(), [&](const Op& op) {
    return op.write == write && op.ok == ok && op.start >= from && op.start < until;
  }));
}

KvConfig store_config(const std::string& extra) {
  return harness_b::configure(
      kv_params(),
      "{gossip_interval: 0.5s, phi_convict_threshold: 4, write_request_timeout: "
      "500ms, read_request_timeout: 500ms, storage: {commitlog_sync: batch}" +
          extra + "}");
}

}  // namespace

int main() {
  harness_b::Sim sim("kv_service", harness_b::one_rack(15),
                     {{"quorum", 3}, {"stale", 3}, {"hinted", 3}, {"leader", 3}, {"client", 3}});
  const auto& clients = sim.hosts("client");
  KvStore quorum(sim.ctx(), store_config(""), "quorum");
  KvStore stale(sim.ctx(), store_config(", hinted_handoff_enabled: false"), "stale");
  KvStore hinted(sim.ctx(), store_config(""), "hinted");
  KvStore leader(sim.ctx(), store_config(", mode: single_leader, leader_takeover: 2s"), "leader");
  quorum.start(sim.hosts("quorum"));
  stale.start(sim.hosts("stale"));
  hinted.start(sim.hosts("hinted"));
  leader.start(sim.hosts("leader"));

  const auto& q = sim.hosts("quorum");
  sim.crash(q[0], 5, 10);
  sim.crash(q[1], 22, 8);
  sim.crash(q[2], 40, 2);
  sim.crash(sim.hosts("stale")[0], 5, 5);
  sim.crash(sim.hosts("hinted")[0], 5, 5);
  const auto& l = sim.hosts("leader");
  sim.crash(l[1], 8, 5);    // misses writes; their hints are kept by the leader of the moment...
  sim.crash(l[0], 14, 10);  // ...which crashes next: node 1 must confirm keys before leading them
  sim.crash(l[2], 32, 3);

  History hq, hs, hh, hl;
  const Consistency ONE = Consistency::one, QUORUM = Consistency::quorum, ALL = Consistency::all;
  std::vector<std::pair<Plan, std::pair<KvStore*, History*>>> plans = {
      {{"quorum-a0", "a", 20, QUORUM, QUORUM, 0.5, 0, 50}, {&quorum, &hq}},
      {{"quorum-a1", "a", 20, QUORUM, QUORUM, 0.5, 0, 50}, {&quorum, &hq}},
      {{"quorum-b-writer", "b", 20, ONE, ALL, 1.0, 0, 50}, {&quorum, &hq}},
      {{"quorum-b-reader", "b", 20, ONE, ALL, 0.0, 0, 50}, {&quorum, &hq}},
      {{"stale-writer", "s", 20, ONE, ONE, 1.0, 0, 10, 0.01, Routing::round_robin}, {&stale, &hs}},
      {{"stale-reader", "s", 20, ONE, ONE, 0.0, 12, 20, 0.01, Routing::round_robin}, {&stale, &hs}},
      {{"hinted-writer", "s", 20, ONE, ONE, 1.0, 0, 10, 0.01, Routing::round_robin},
       {&hinted, &hh}},
      {{"hinted-reader", "s", 20, ONE, ONE, 0.0, 25, 30, 0.01, Routing::round_robin},
       {&hinted, &hh}},
      {{"leader-0", "m", 200, QUORUM, QUORUM, 0.5, 0, 45}, {&leader, &hl}},
      {{"leader-1", "m", 200, QUORUM, QUORUM, 0.5, 0, 45, 0.01, Routing::round_robin},
       {&leader, &hl}},
  };
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const Plan plan = plans[i].first;
    auto [store, history] = plans[i].second;
    sim.driver(plan.name, clients[i % clients.size()], [&sim, plan, store, history] {
      client(sim.net(), *store, *history, plan, sim.seed());
    });
  }
  sim.run();

  // quorum: R + W > N never stale under one crash at a time.
  const Staleness sq = staleness(hq);
  sim.note(fmt::format(
      "quorum: {} reads checked, {} stale; {} read repairs, {} speculative retries, {} hints "
      "replayed, "
      "{} writes unavailable",
      sq.reads, sq.stale, quorum.stats().read_repairs, quorum.stats().speculative_retries,
      quorum.hints(1).stats().replayed + quorum.hints(2).stats().replayed +
          quorum.hints(0).stats().replayed,
      quorum.stats().writes_unavailable));
  sim.check(sq.reads > 2000, fmt::format("quorum: enough reads were checked ({})", sq.reads));
  sim.check(sq.stale == 0,
            fmt::format("quorum: R + W > N reads see the latest acknowledged write ({} stale)",
                        sq.stale));
  History ones;
  for (const Op& op : hq)
    if (op.key[0] == 'b') ones.push_back(op);
  // Node 0 is convicted about 4.6 s after its crash at 5 s and is back at 15 s.
  sim.check(
      count(ones, true, false, 6, 14) == 0 && count(ones, true, true, 6, 14) > 100,
      fmt::format("quorum: writes at ONE are accepted while a replica is down ({} ok, {} failed)",
                  count(ones, true, true, 6, 14), count(ones, true, false, 6, 14)));
  int all_ok_while_down = 0, all_failed_while_down = 0;
  for (const Op& op : ones)
    if (!op.write && op.start > 5.01 && op.end < 15)
      (op.ok ? all_ok_while_down : all_failed_while_down)++;
  sim.check(
      all_ok_while_down == 0 && all_failed_while_down > 0,
      fmt::format("quorum: no read at ALL succeeds while a replica is down ({} ok, {} refused)",
                  all_ok_while_down, all_failed_while_down));
  sim.check(quorum.stats().read_repairs > 0,
            "quorum: reads repaired the replicas that missed writes");
  sim.check(quorum.stats().restarts == 3,
            fmt::format("quorum: three restarts ({})", quorum.stats().restarts));

  // stale: ONE/ONE after a replica missed writes.
  const Staleness ss = staleness(hs, 12, 20);
  sim.note(fmt::format("stale (ONE/ONE, no hints): {} reads, {} stale", ss.reads, ss.stale));
  sim.check(ss.reads > 100 && ss.stale > 0,
            fmt::format("stale: reads at ONE can be stale ({} of {})", ss.stale, ss.reads));
  sim.check(count(hs, true, false, 0, 10) == 0,
            "stale: every write at ONE was accepted (after client retries)");

  // hinted: the same writes, replayed to the replica that missed them.
  const Staleness sh = staleness(hh, 25, 30);
  std::uint64_t replayed = 0;
  for (int n = 0; n < 3; ++n) replayed += hinted.hints(n).stats().replayed;
  sim.note(fmt::format("hinted (ONE/ONE, hints on): {} reads, {} stale; {} hints replayed",
                       sh.reads, sh.stale, replayed));
  sim.check(replayed > 0 && hinted.hints_pending() == 0, "hinted: hints were stored and replayed");
  sim.check(sh.reads > 100 && sh.stale == 0,
            fmt::format("hinted: after the hints are replayed no read at ONE is stale ({} of {})",
                        sh.stale, sh.reads));

  // leader: strongly consistent through each key's leader.
  const Staleness sl = staleness(hl);
  const auto& ls = leader.stats();
  sim.note(
      fmt::format("leader: {} reads checked, {} stale; {} forwarded, {} refused by non-leaders, {} "
                  "confirmations; "
                  "{} writes failed, {} reads failed",
                  sl.reads, sl.stale, ls.forwarded, ls.not_leader, ls.leader_confirmations,
                  count(hl, true, false, 0, 1e9), count(hl, false, false, 0, 1e9)));
  sim.check(sl.reads > 1000 && sl.stale == 0,
            fmt::format("leader: every read sees the latest acknowledged write ({} stale of {})",
                        sl.stale, sl.reads));
  sim.check(count(hl, false, true, 20, 29) > 100 && count(hl, true, true, 20, 29) > 100,
            "leader: the store serves again after the leader's crash and restart");
  sim.check(ls.forwarded > 0 && ls.leader_confirmations > 0,
            "leader: requests were forwarded and keys confirmed");
  return sim.finish();
}
