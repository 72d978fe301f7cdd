// The coordination service (sim/coord, Raft) when its leader is cut off from the majority:
// 5 nodes with etcd's defaults; once a leader L is elected, L and one follower (with a client
// host) are partitioned from the other three nodes (with another client host) from 3 s to 8 s.
//   - a majority is 3 of 5: L's side (2 nodes) can commit nothing, so none of the writes a
//     client proposes to L during the partition is acknowledged (Raft, Ongaro & Ousterhout
//     2014, 5.2-5.4; etcd.io/docs/v3.5/op-guide/failures/#network-partition: "the minority
//     ... cannot accept writes"); with a quorum of 2 L would acknowledge them;
//   - the majority side elects a new leader in a higher term within two election timeouts
//     (randomized in [1 s, 2 s)), and acknowledges writes through it;
//   - L runs etcd's CheckQuorum (etcd-io/raft raft.go: Config.CheckQuorum, which etcd's server
//     sets; the leader checks once per election timeout that a majority answered since the
//     last check): L steps down while still cut off, within two election timeouts of the cut,
//     and refuses the writes proposed to it after that as "not leader"; after the heal its
//     uncommitted entries are truncated: no node's registry holds a minority write, every node
//     holds every write the majority acknowledged, and all five end with the same revision;
//   - then (12 s to 17 s) one node stops hearing the others (a one-way cut: it can still send):
//     its election timer fires again and again and it sends vote requests of ever higher
//     terms, which the leader and the followers ignore while they are in the leader's lease
//     (CheckQuorum's lease, Raft thesis 4.2.3): the leader and its term stay the same. Without
//     the lease each such request deposes the leader.
#include <algorithm>

#include "harness_b.hpp"
#include "sim/coord/coord_client.hpp"
#include "sim/coord/coord_cluster.hpp"

using namespace sdsim;
using namespace sdsim::coord;
namespace sg4 = simgrid::s4u;

namespace {

constexpr double kCut = 3.0, kHeal = 8.0, kDeafFrom = 12.0, kDeafTo = 17.0;
double now() { return sg4::Engine::get_clock(); }

}  // namespace

int main() {
  harness_b::Sim sim("coord_partition", harness_b::one_rack(7), {{"coord", 5}, {"client", 2}});
  const auto& hosts = sim.hosts("coord");
  CoordCluster cluster(sim.net(), "coord", hosts);
  cluster.start();

  int old_leader = -1, buddy = -1, new_leader = -1;
  std::uint64_t old_term = 0, new_term = 0;
  double old_stepped_down_at = -1;
  bool old_stepped_down = false;
  int deaf = -1, deaf_leader = -1, leader_after_deaf = -1, deaf_leader_changes = 0;
  std::uint64_t deaf_term = 0, term_after_deaf = 0, deaf_node_term = 0;
  int minority_acked = 0, minority_sent = 0, minority_not_leader = 0;
  std::vector<std::pair<std::string, std::int64_t>> majority_acked;
  bool majority_ready = false;

  sim.driver("partitioner", sim.hosts("client")[0], [&] {
    sg4::this_actor::sleep_until(kCut);
    old_leader = cluster.leader();
    if (old_leader < 0) return;
    old_term = cluster.term(old_leader);
    buddy = (old_leader + 1) % cluster.size();
    std::vector<std::string> minority{hosts[old_leader], hosts[buddy], sim.hosts("client")[0]},
        majority{sim.hosts("client")[1]};
    for (int i = 0; i < cluster.size(); ++i)
      if (i != old_leader && i != buddy) majority.push_back(hosts[i]);
    const int cut = sim.network().add_partition({minority, majority}, false);
    majority_ready = true;
    while (now() < kHeal - 0.1) {
      if (old_stepped_down_at < 0 && cluster.role(old_leader) != Role::leader)
        old_stepped_down_at = now();
      sg4::this_actor::sleep_for(0.01);
    }
    new_leader = cluster.leader();  // the highest term among the leaders
    if (new_leader >= 0) new_term = cluster.term(new_leader);
    sim.network().heal(cut);
    sg4::this_actor::sleep_until(kDeafFrom - 0.5);
    old_stepped_down = cluster.role(old_leader) != Role::leader;
    // Phase 2: a follower that cannot hear anyone.
    sg4::this_actor::sleep_until(kDeafFrom);
    deaf_leader = cluster.leader();
    if (deaf_leader < 0) return;
    deaf_term = cluster.term(deaf_leader);
    deaf = (deaf_leader + 2) % cluster.size();
    std::vector<std::string> others;
    for (int i = 0; i < cluster.size(); ++i)
      if (i != deaf) others.push_back(hosts[i]);
    const int deafness = sim.network().add_partition({others, {hosts[deaf]}}, true);
    int last = deaf_leader;
    while (now() < kDeafTo) {
      const int l = cluster.leader();
      if (l != last) ++deaf_leader_changes, last = l;
      sg4::this_actor::sleep_for(0.01);
    }
    deaf_node_term = cluster.term(deaf);
    leader_after_deaf = cluster.leader();
    if (leader_after_deaf >= 0) term_after_deaf = cluster.term(leader_after_deaf);
    sim.network().heal(deafness);
  });

  // Writes proposed to the old leader itself, from its side of the partition.
  sim.driver("minority-writer", sim.hosts("client")[0], [&] {
    Rpc rpc(sim.net(), "minority-writer");
    sg4::this_actor::sleep_until(kCut + 0.05);
    for (int i = 0; now() < kHeal - 0.6; ++i) {
      Propose p;
      p.command.op = Command::Op::put;
      p.command.key = fmt::format("minority/k{}", i);
      p.command.value = "lost";
      ++minority_sent;
      auto r = rpc.call(cluster.endpoints()[old_leader], p, CallOptions{0.5, 0});
      if (r.ok() && !r.value().not_leader) ++minority_acked;
      if (r.ok() && r.value().not_leader) ++minority_not_leader;
      sg4::this_actor::sleep_for(0.1);
    }
  });

  sim.driver("majority-writer", sim.hosts("client")[1], [&] {
    Rpc rpc(sim.net(), "majority-writer");
    CoordClient c(rpc, cluster.endpoints(), 7);
    sg4::this_actor::sleep_until(kCut + 0.05);
    for (int i = 0; now() < kHeal - 0.3; ++i) {
      const std::string key = fmt::format("majority/k{}", i);
      auto r = c.put(key, "kept");
      if (r && r->ok && now() < kHeal) majority_acked.emplace_back(key, r->revision);
      sg4::this_actor::sleep_for(0.1);
    }
  });
  sim.run();

  sim.check(old_leader >= 0,
            fmt::format("a leader at {} s: node {} (term {})", kCut, old_leader, old_term));
  sim.check(minority_sent >= 5 && minority_acked == 0,
            fmt::format("the old leader, cut off with 1 of 4 followers, acknowledged {} of {} "
                        "writes proposed to it (a quorum is 3 of 5)",
                        minority_acked, minority_sent));
  const bool new_on_majority = new_leader >= 0 && new_leader != old_leader && new_leader != buddy;
  sim.check(new_on_majority && new_term > old_term,
            fmt::format("the majority side elected node {} in term {} (the old leader's term {})",
                        new_leader, new_term, old_term));
  sim.check(majority_acked.size() > 5,
            fmt::format("the majority acknowledged {} writes during the partition",
                        majority_acked.size()));
  const double bound = kCut + 2 * CoordConfig{}.election_timeout + 0.05;
  sim.check(old_stepped_down_at > kCut && old_stepped_down_at <= bound && old_stepped_down,
            fmt::format("the cut-off leader stepped down {}, before the heal at {} s "
                        "(CheckQuorum: at most two election timeouts after the cut, {:.2f} s)",
                        old_stepped_down ? fmt::format("at {:.2f} s", old_stepped_down_at)
                                         : std::string("never"),
                        kHeal, bound));
  sim.check(minority_not_leader > 0,
            fmt::format("after stepping down it refused {} writes as not leader",
                        minority_not_leader));
  int minority_kept = 0, majority_missing = 0;
  std::int64_t rev = -1;
  bool same_revision = true;
  for (int n = 0; n < cluster.size(); ++n) {
    const Registry& reg = cluster.registry(n);
    if (rev < 0) rev = reg.revision();
    same_revision = same_revision && reg.revision() == rev;
    for (int i = 0; i < minority_sent; ++i)
      minority_kept += reg.get(fmt::format("minority/k{}", i)).has_value();
    for (const auto& [key, r] : majority_acked) majority_missing += !reg.get(key).has_value();
  }
  sim.check(minority_kept == 0 && majority_missing == 0 && same_revision,
            fmt::format("after the heal: {} minority writes and {} missing majority writes over "
                        "the 5 registries, revisions {}",
                        minority_kept, majority_missing, same_revision ? "equal" : "differ"));
  sim.check(deaf >= 0 && deaf_leader_changes == 0 && leader_after_deaf == deaf_leader &&
                term_after_deaf == deaf_term && deaf_node_term >= deaf_term + 2,
            fmt::format("a node that could not hear the others for {} s reached term {}; the "
                        "leader {} stayed leader through it ({} changes), term {} -> {}",
                        kDeafTo - kDeafFrom, deaf_node_term, deaf_leader, deaf_leader_changes,
                        deaf_term, term_after_deaf));
  sim.note(
      fmt::format("old leader {} (term {}), new leader {} (term {}); minority: {} sent, {} "
                  "acknowledged, {} refused as not leader; majority: {} acknowledged",
                  old_leader, old_term, new_leader, new_term, minority_sent, minority_acked,
                  minority_not_leader, majority_acked.size()));
  return sim.finish();
}
