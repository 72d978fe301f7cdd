// The coordination service's client (etcd clientv3-like), owned by one actor: commands go to
// the node believed to lead, following "not leader" hints and moving on after a time-out; a
// retried command keeps its sequence number, so it is applied once. Watches poll any node and
// move to the next one when it does not answer, continuing from the last revision seen.
//
// Election (etcd's concurrency.Election recipe, on top of the client): campaign() puts
// <prefix>/<lease> under the candidate's lease and waits until its key has the lowest create
// revision under the prefix; resign() deletes it; leader() reads the key with the lowest create
// revision. A candidate whose host crashes stops renewing its lease: the lease expires, its
// key goes, and the next candidate's campaign returns.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/coord/protocol.hpp"
#include "sim/net/rpc.hpp"

namespace sdsim::coord {

class CoordClient {
 public:
  // `client_id`: unique per client (for deduplication), > 0.
  CoordClient(Rpc& rpc, const std::vector<Endpoint<CoordProtocol>>& nodes, std::uint64_t client_id,
              double attempt_timeout = 0.5, double give_up_after = 10.0);

  // Each returns nullopt when no leader answered within give_up_after.
  std::optional<CommandResult> put(const std::string& key, const std::string& value,
                                   std::int64_t lease = 0);
  std::optional<CommandResult> remove(const std::string& key);
  std::optional<CommandResult> get(const std::string& key);
  std::optional<CommandResult> range(const std::string& prefix);
  std::optional<CommandResult> grant(double ttl);  // result.lease
  std::optional<CommandResult> revoke(std::int64_t lease);
  // The lease's TTL after renewal; 0 when the lease is gone; nullopt when no leader answered.
  std::optional<double> keep_alive(std::int64_t lease);
  // The events after `after` under `prefix` (waiting up to `wait` for one); nullopt when the
  // node did not answer (the next call asks another).
  std::optional<std::vector<Event>> watch(const std::string& prefix, std::int64_t after,
                                          double wait = 1.0);

  int node() const { return node_; }

 private:
  std::optional<CommandResult> propose(Command c);

  Rpc& rpc_;
  const std::vector<Endpoint<CoordProtocol>>& nodes_;
  std::uint64_t client_id_, seq_ = 0;
  double attempt_timeout_, give_up_after_;
  int node_ = 0;
};

class Election {
 public:
  Election(CoordClient& client, std::string prefix) : c_(client), prefix_(std::move(prefix)) {}
  // Blocks until this candidate leads (true) or the service cannot be reached (false). The
  // caller keeps `lease` alive.
  bool campaign(std::int64_t lease, const std::string& value);
  bool resign();
  std::optional<KeyValue> leader();  // nullopt: nobody, or unreachable
  const std::string& key() const { return key_; }

 private:
  CoordClient& c_;
  std::string prefix_, key_;
};

}  // namespace sdsim::coord
