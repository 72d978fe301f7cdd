// The coordination service: an etcd-like registry (registry.hpp) replicated over 3 or 5 nodes
// by a simplified Raft (Ongaro & Ousterhout, "In Search of an Understandable Consensus
// Algorithm", 2014): leader election with randomized timeouts, the log replicated by
// AppendEntries with the consistency check and truncation of conflicting suffixes, commit at
// a majority in the leader's own term (a no-op entry at the start of each term), every
// replica applying the committed entries in order. Clients send commands to the leader (a
// follower answers with its leader hint); reads go through the log too, so they are
// linearizable. Defaults are etcd's (heartbeat-interval 100 ms, election-timeout 1000 ms).
//
// Leases (etcd's): granted through the log with a TTL; the leader keeps each lease's deadline
// (volatile) and renews it on a keep-alive; a lease past its deadline is revoked through the
// log, deleting its keys. A new leader gives every lease its full TTL again (as etcd does), so
// a lease outlives its holder by at most the TTL plus the time to elect a leader. Watches:
// any node answers a poll for the events after a revision under a prefix from its registry,
// at once or as soon as it applies one (long poll); every replica holds the same history, so
// a watcher that moves to another node after a crash misses nothing and sees each change once
// and in order.
//
// Simplified (and so not Raft in full): the log and the vote are persisted at no cost (no
// fsync latency; what the node wrote before a crash is kept); no snapshots or log compaction
// (the log and the event history grow for the run); no membership changes; no pre-vote or
// leader lease for reads (reads are log entries); the leader replicates to each follower on
// every heartbeat and proposal (up to max_append entries) rather than pipelining. A node's
// applied state is rebuilt after a restart by re-applying the log as the leader commits it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/coord/protocol.hpp"
#include "sim/net/net.hpp"

namespace sdsim::coord {

struct CoordConfig {
  double heartbeat_interval = 0.1;  // s, etcd --heartbeat-interval
  double election_timeout = 1.0;    // s, etcd --election-timeout; each wait is uniform in [T, 2T)
  int max_append = 64;              // entries per AppendEntries
  double tick = 0.01;               // s: how often timers are looked at
  // etcd runs Raft with CheckQuorum on (etcd-io/raft raft.go, Config.CheckQuorum): a leader that
  // has not heard from a majority during an election timeout steps down, and a node that has
  // heard from a leader within the last election timeout ignores a vote request of a higher
  // term (the leader lease of the Raft thesis, 4.2.3), so a node that cannot hear the leader
  // does not depose it. PreVote is not modelled.
  bool check_quorum = true;
};

enum class Role { follower, candidate, leader };

struct NodeState;

class CoordCluster {
 public:
  CoordCluster(Net& net, std::string name, const std::vector<std::string>& hosts,
               CoordConfig cfg = {});
  ~CoordCluster();
  CoordCluster(const CoordCluster&) = delete;
  CoordCluster& operator=(const CoordCluster&) = delete;

  void start();

  int size() const { return static_cast<int>(endpoints_.size()); }
  const std::vector<Endpoint<CoordProtocol>>& endpoints() const { return endpoints_; }
  const std::string& name() const { return name_; }
  // The node that leads in the highest term among those whose host is up (-1: none).
  int leader() const;
  Role role(int node) const;
  std::uint64_t term(int node) const;
  std::uint64_t commit_index(int node) const;
  const Registry& registry(int node) const;  // the node's applied state
  int elections_won() const;

 private:
  Net& net_;
  std::string name_;
  CoordConfig cfg_;
  std::vector<Endpoint<CoordProtocol>> endpoints_;
  std::vector<std::shared_ptr<NodeState>> nodes_;
};

}  // namespace sdsim::coord
