// The coordination service (sim/coord, Raft) when its leader is cut off from the majority:
// 5 nodes with etcd's defaults; once a leader L is elected, L and one follower (with a client
// host) are partitioned from the other three nodes (with another client host) from 3 s to 8 s.
//   - a majority is 3 of 5: L's side (2 nodes) can commit nothing, so none of the writes a
//     client proposes to L during the partition is acknowledged (Raft, Ongaro & Ousterhout
//     2014, 5.2-5.4; etcd.io/docs/v3.5/op-guide/failures/#network-partition: "the minority
//     ... cannot accept writes"); with a quorum of 2 L would acknowledge them;
//   - the majority side elects a new leader in a higher term within two election timeouts
//     (randomized in [1 s, 2 s)), and acknowledges writes through it;
//   - after the heal, L hears the higher term and steps down (it has no check-quorum: until
//     then it still believes it leads, and answers nothing); its uncommitted entries are
//     truncated: no node's registry holds a minority write, every node holds every write
//     the majority acknowledged, and all five end with the same revision.
#include <algorithm>

#include "harness_b.hpp"
#include "sim/coord/coord_client.hpp"
#include "sim/coord/coord_cluster.hpp"

using namespace sdsim;
using namespace sdsim::coord;
namespace sg4 = simgrid::s4u;

namespace {

constexpr double kCut = 3.0, kHeal = 8.0, kEnd = 12.0;
double now() { return sg4::Engine::get_clock(); }

}  // namespace

int main() {
  harness_b::Sim sim("coord_partition", harness_b::one_rack(7), {{"coord", 5}, {"client", 2}});
  const auto& hosts = sim.hosts("coord");
  CoordCluster cluster(sim.net(), "coord", hosts);
  cluster.start();

  int old_leader = -1, buddy = -1, new_leader = -1;
  std::uint64_t old_term = 0, new_term = 0;
  bool old_still_leads = false, old_stepped_down = false;
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
    sg4::this_actor::sleep_until(kHeal - 0.1);
    old_still_leads = cluster.role(old_leader) == Role::leader;
    new_leader = cluster.leader();  // the highest term among the leaders
    if (new_leader >= 0) new_term = cluster.term(new_leader);
    sim.network().heal(cut);
    sg4::this_actor::sleep_until(kEnd - 0.5);
    old_stepped_down = cluster.role(old_leader) != Role::leader;
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
  sim.check(old_still_leads && old_stepped_down,
            fmt::format("the old leader {} leading until the heal (no check-quorum), a follower "
                        "after it",
                        old_still_leads ? "went on" : "stopped"));
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
  sim.note(
      fmt::format("old leader {} (term {}), new leader {} (term {}); minority: {} sent, {} "
                  "acknowledged, {} refused as not leader; majority: {} acknowledged",
                  old_leader, old_term, new_leader, new_term, minority_sent, minority_acked,
                  minority_not_leader, majority_acked.size()));
  return sim.finish();
}
