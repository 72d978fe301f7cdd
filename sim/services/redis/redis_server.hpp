// A Redis-like server (Redis 7.0 used as a cache and a pub/sub bus): the storage/redis
// command layer (sorted sets, strings with TTLs on simulated time, maxmemory and eviction,
// pub/sub) on a platform host, behind a daemon service that executes one command at a time,
// as Redis's single command thread does.
//
// Connections: plain commands come as requests (a client library's pooled connection is not
// modelled); subscribers open long-lived connections (sim/services/connection), their
// SUBSCRIBE commands name the connection and published messages are pushed on it, at most
// once: a subscriber not connected when a message is published never gets it. Connections
// silent for the idle timeout are dropped (their subscriptions with them), checked before
// each request.
//
// What a crash loses: everything (no persistence, Redis's default for a cache: no RDB
// snapshot, no AOF): the keyspace, the subscriptions, the connections. The restart serves
// an empty keyspace at once; subscribers find out by their heartbeats (close code 1006) or
// by the 1006 the new life answers on their old connection. An orderly Shutdown closes every
// connection with 1001 first.
//
// Replication (replicate_to): asynchronous, as Redis's; see there.
//
// Cost model (redis_config.hpp): each request costs the one thread cpu_per_command plus
// cpu_per_kb per KB of arguments and reply, cpu_per_node_visited per skip-list link the
// command followed, cpu_per_delivery per subscriber a PUBLISH reached, cpu_per_pattern_test
// per pattern it tested and cpu_per_sampled_key per key the eviction sampled; heartbeats and
// connection handshakes cost cpu_per_command. The network carries the messages' sizes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "sim/net/net.hpp"
#include "sim/services/redis/protocol.hpp"
#include "sim/services/redis/redis_config.hpp"
#include "sim/storage/redis/database.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::redis_service {

struct RedisStats {
  std::uint64_t commands = 0, errors = 0, oom_errors = 0;
  std::uint64_t publishes = 0, deliveries = 0;
  std::uint64_t deliveries_without_connection = 0;  // pushes to a connection already dropped
  std::uint64_t connections_opened = 0, connections_expired = 0, connections_closed = 0;
  std::uint64_t restarts = 0, shutdowns = 0;
  std::uint64_t evicted_keys = 0, expired_keys = 0;
  std::uint64_t keys_lost = 0;  // keys held at each crash or shutdown
  std::uint64_t refused = 0;    // requests while shut down
  double busy_s = 0;            // s of CPU the command thread spent
  // Replication (a primary's counts, then its replica's).
  std::uint64_t writes_replicated = 0;  // primary: writes acknowledged and meant for the replica
  std::uint64_t writes_applied = 0;     // replica: writes it applied
  std::uint64_t readonly_refusals = 0;  // replica: writes refused with READONLY
  std::uint64_t full_resyncs = 0;       // replica: emptied by a primary that restarted empty
  std::uint64_t failovers = 0, writes_lost_in_failover = 0;
  double promoted_at = -1;  // s
  std::uint64_t peak_used_bytes = 0;
};

enum class RedisRole { primary, replica, demoted };

// What outlives an incarnation: the counters, the life number, the shutdown window and the
// replication role (Sentinel's view of who is primary). `database` is volatile in meaning:
// each life starts it afresh (counting what it held).
struct RedisDurable {
  std::uint64_t lives = 0;
  double down_until = 0;  // s
  RedisStats stats;
  std::unique_ptr<storage::redis::Database> database;
  RedisRole role = RedisRole::primary;
  std::shared_ptr<RedisDurable> peer;  // the replica's (on a primary), the primary's (on a replica)
  Endpoint<RedisProtocol> peer_endpoint;
};

class RedisServer {
 public:
  RedisServer(RunContext& ctx, std::string name, const std::string& host, RedisConfig cfg);
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Makes `replica` this server's asynchronous replica (before either starts): every write
  // this server acknowledges is shipped to it after replication_delay; it refuses writes
  // (READONLY) until its primary has been silent for failover_timeout, then takes over,
  // counting the acknowledged writes it never received. A primary that restarts after the
  // takeover stays out (demoted: it refuses everything; rejoining as a replica, which needs a
  // full synchronisation, is not modelled); one that restarts before it empties its replica
  // by a full resynchronisation, as Redis does when the primary has no persistence.
  void replicate_to(RedisServer& replica);
  void start();

  const Endpoint<RedisProtocol>& endpoint() const { return endpoint_; }
  const std::string& name() const { return name_; }
  const RedisConfig& config() const { return cfg_; }
  const RedisStats& stats() const { return durable_->stats; }
  RedisRole role() const { return durable_->role; }
  // The current life's data (for checks); nullptr before the first start.
  storage::redis::Database* database() { return durable_->database.get(); }

 private:
  RunContext& ctx_;
  std::string name_;
  RedisConfig cfg_;
  Endpoint<RedisProtocol> endpoint_;
  std::shared_ptr<RedisDurable> durable_;
};

}  // namespace sdsim::redis_service
