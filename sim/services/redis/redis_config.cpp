#include "sim/services/redis/redis_config.hpp"

#include <cmath>

#include "sim/model/service_params.hpp"

namespace sdsim::redis_service {

storage::kv_cache::KvCacheConfig RedisConfig::memory() const {
  storage::kv_cache::KvCacheConfig c;
  c.maxmemory_bytes = static_cast<std::uint64_t>(std::llround(maxmemory));
  c.policy = maxmemory_policy;
  c.lru_samples = maxmemory_samples;
  return c;
}

const ParamTable<RedisConfig>& redis_params() {
  static const ParamTable<RedisConfig> t = [] {
    using storage::kv_cache::EvictionPolicy;
    ParamTable<RedisCosts> c;
    c.duration("cpu_per_command", &RedisCosts::cpu_per_command, "5us",
               "CPU of one command on the server's one thread: read, parse, execute a lookup, "
               "write the reply (about 200,000 GET/s per core without pipelining)")
        .duration("cpu_per_kb", &RedisCosts::cpu_per_kb, "1us",
                  "CPU per KB of arguments and reply copied")
        .duration("cpu_per_node_visited", &RedisCosts::cpu_per_node_visited, "20ns",
                  "CPU of following one skip-list link (sorted sets)")
        .duration("cpu_per_delivery", &RedisCosts::cpu_per_delivery, "2us",
                  "CPU of writing one published message to one subscriber (reply buffer and "
                  "write(2)); what makes fan-out saturate a server")
        .duration("cpu_per_pattern_test", &RedisCosts::cpu_per_pattern_test, "50ns",
                  "CPU of matching one subscribed pattern against a published channel")
        .duration("cpu_per_sampled_key", &RedisCosts::cpu_per_sampled_key, "50ns",
                  "CPU of sampling one key for LRU eviction");
    ParamTable<RedisConfig> p;
    p.size("maxmemory", &RedisConfig::maxmemory, "0B",
           "memory limit of the keyspace; 0 = no limit (redis.conf maxmemory, unset by default)")
        .choice("maxmemory_policy", &RedisConfig::maxmemory_policy, "noeviction",
                "what happens at maxmemory: noeviction refuses writes with the OOM error "
                "(redis.conf default), allkeys-lru evicts the least recently used keys "
                "(sampled)",
                {{"noeviction", EvictionPolicy::noeviction},
                 {"allkeys-lru", EvictionPolicy::allkeys_lru}})
        .integer("maxmemory_samples", &RedisConfig::maxmemory_samples, "5",
                 "keys sampled per LRU eviction round (redis.conf maxmemory-samples)", 1, 64)
        .duration("replication_delay", &RedisConfig::replication_delay, "0s",
                  "with a replica: how long an acknowledged write waits in the primary before it "
                  "is shipped (a busy or distant replica's lag beyond the network's); a failover "
                  "loses the writes still waiting")
        .duration("repl_ping_replica_period", &RedisConfig::repl_ping_replica_period, "10s",
                  "the primary pings its replica this often (redis.conf repl-ping-replica-period)",
                  0.001)
        .duration("failover_timeout", &RedisConfig::failover_timeout, "30s",
                  "the replica takes over after this long without hearing from its primary "
                  "(sentinel.conf down-after-milliseconds 30000; Sentinel's own election not "
                  "modelled)",
                  0.001)
        .group("connections", "heartbeats of subscriber connections", &RedisConfig::connections,
               connection::connection_params())
        .group("costs", "what the command thread's work costs", &RedisConfig::costs, c);
    return p;
  }();
  return t;
}

}  // namespace sdsim::redis_service

// `sdsim describe service redis`
static const sdsim::ServiceParamsRegistration redis_registration{
    "redis",
    "Redis-like server: sorted sets, KV cache with TTL, pub/sub, async replica "
    "(sim/services/redis)",
    &sdsim::redis_service::redis_params};
