// A Cassandra-like replicated key-value store on the platform: one node per host, each an LSM
// storage engine (sim/services/lsm) and a coordinator. Keys are placed on a token ring
// (sim/storage/hash_ring.hpp, num_tokens virtual nodes per node, replicas in distinct racks
// where possible); each key has replication_factor replicas, its preference list.
//
// Two modes:
//   leaderless     any node coordinates; a write goes to every live replica and is
//                  acknowledged after W of them (ONE, QUORUM, ALL), a read asks R of them
//                  and returns the newest answer (last-write-wins by timestamp), writing it
//                  back to the replicas that answered older (blocking read repair). Writes
//                  for replicas that are down (or that time out) become hints, replayed when
//                  they are back (hinted handoff).
//   single_leader  the first live replica of a key's preference list (by the coordinator's
//                  failure detector) leads it: every write and read goes through it, writes
//                  are acknowledged after a majority including the leader, reads are served
//                  from the leader's store once it has confirmed the key by a quorum read in
//                  its current view of the cluster. For data that must be strongly
//                  consistent (a mailbox).
//
// Durable per node: its LSM store (as the LSM node keeps it) and its hints. Volatile: the
// failure detector's view, the leader's confirmed keys, requests in progress.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/net/net.hpp"
#include "sim/services/kv/hint_store.hpp"
#include "sim/services/kv/kv_config.hpp"
#include "sim/services/kv/protocol.hpp"
#include "sim/services/lsm/lsm_engine.hpp"
#include "sim/storage/hash_ring.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::kv_service {

struct KvStats {
  std::uint64_t writes_ok = 0, writes_unavailable = 0, writes_timeout = 0;
  std::uint64_t reads_ok = 0, reads_unavailable = 0, reads_timeout = 0;
  std::uint64_t read_repairs = 0;         // replicas written back by a read
  std::uint64_t speculative_retries = 0;  // reads backed up by one more replica
  std::uint64_t forwarded = 0;   // single_leader: requests a coordinator passed to the leader
  std::uint64_t not_leader = 0;  // single_leader: refused (not the leader, or taking over)
  std::uint64_t leader_confirmations = 0;  // single_leader: quorum reads confirming a key
  std::uint64_t restarts = 0;
};

// A node's durable state: what survives its host's crash.
struct KvNodeDurable {
  KvNodeDurable(storage::lsm::LsmOptions options, double max_hint_window)
      : lsm(std::make_shared<lsm_service::LsmDurable>(std::move(options))),
        hints(max_hint_window) {}
  std::shared_ptr<lsm_service::LsmDurable> lsm;
  HintStore hints;
  std::uint64_t lives = 0;
};

class KvStore {
 public:
  // `name` prefixes the nodes' service names (<name>-0, <name>-1, ...).
  KvStore(RunContext& ctx, KvConfig cfg, std::string name = "kv");
  KvStore(const KvStore&) = delete;
  KvStore& operator=(const KvStore&) = delete;

  // One node per host, spawned and restarted with its host.
  void start(const std::vector<std::string>& hosts);

  const KvConfig& config() const { return cfg_; }
  int nodes() const { return static_cast<int>(endpoints_.size()); }
  const Endpoint<KvProtocol>& endpoint(int node) const { return endpoints_.at(node); }
  const std::string& node_name(int node) const { return names_.at(node); }
  const std::string& name() const { return name_; }
  // The key's replicas, in ring order: its preference list.
  std::vector<int> replicas(const std::string& key) const;

  KvStats& stats() { return stats_; }
  const KvStats& stats() const { return stats_; }
  const storage::lsm::LsmStore& storage(int node) const { return durable_.at(node)->lsm->store; }
  const HintStore& hints(int node) const { return durable_.at(node)->hints; }
  std::size_t hints_pending() const;
  RunContext& ctx() { return ctx_; }

 private:
  RunContext& ctx_;
  KvConfig cfg_;
  std::string name_;
  HashRing ring_;
  std::vector<Endpoint<KvProtocol>> endpoints_;
  std::vector<std::string> names_;
  std::vector<std::shared_ptr<KvNodeDurable>> durable_;
  KvStats stats_;
};

}  // namespace sdsim::kv_service
