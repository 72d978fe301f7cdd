// The Redis-like server's settings: redis.conf's memory directives with their defaults
// (https://raw.githubusercontent.com/redis/redis/7.0/redis.conf, section MEMORY MANAGEMENT:
// maxmemory unset = no limit, maxmemory-policy noeviction, maxmemory-samples 5), the
// heartbeats of subscriber connections, and the cost model of its single command thread.
#pragma once

#include "sim/core/param_table.hpp"
#include "sim/services/connection/connection_config.hpp"
#include "sim/storage/kv_cache/kv_cache.hpp"

namespace sdsim::redis_service {

// CPU of the one thread that executes commands, per unit of the blocks' counted work.
struct RedisCosts {
  double cpu_per_command{};       // s: read, parse, dispatch, write the reply (one round trip)
  double cpu_per_kb{};            // s per KB of arguments and reply
  double cpu_per_node_visited{};  // s: one skip-list link followed (a cache miss)
  double cpu_per_delivery{};      // s: one PUBLISH message written to one subscriber
  double cpu_per_pattern_test{};  // s: one PSUBSCRIBE pattern matched against a channel
  double cpu_per_sampled_key{};   // s: one key sampled by the LRU eviction
};

struct RedisConfig {
  double maxmemory{};  // B; 0 = no limit
  storage::kv_cache::EvictionPolicy maxmemory_policy{};
  int maxmemory_samples{};
  double replication_delay{};         // s a write waits in the primary before it is shipped
  double repl_ping_replica_period{};  // s
  double failover_timeout{};          // s of silence from the primary before the replica takes over
  connection::ConnectionConfig connections;
  RedisCosts costs;

  storage::kv_cache::KvCacheConfig memory() const;
};

const ParamTable<RedisConfig>& redis_params();

}  // namespace sdsim::redis_service
