// The Redis-like server's parameter table against redis.conf's documented defaults (Redis 7.0
// redis.conf, MEMORY MANAGEMENT: "maxmemory <bytes>" unset, i.e. no limit on 64-bit systems;
// "The default is: maxmemory-policy noeviction"; "maxmemory-samples 5"), the subscriber
// connections' heartbeats against Socket.IO v4's server options (pingInterval 25000 ms,
// pingTimeout 20000 ms), and the cluster client's slot split against redis-cli's
// (https://redis.io/docs/management/scaling/: "Master[0] -> Slots 0 - 5460, Master[1] ->
// Slots 5461 - 10922, Master[2] -> Slots 10923 - 16383").
#include <doctest/doctest.h>

#include "sim/core/doc.hpp"
#include "sim/services/redis/redis_client.hpp"
#include "sim/services/redis/redis_config.hpp"

using namespace sdsim;
using namespace sdsim::redis_service;
using storage::kv_cache::EvictionPolicy;

namespace {
bool parse(const std::string& yaml, RedisConfig& out) {
  Doc doc = parse_yaml_text(yaml, "test");
  Diagnostics diags;
  ParamValues v = validate_params(&doc, redis_params().specs(), "", diags);
  if (!diags.ok()) return false;
  out = redis_params().read(v);
  return true;
}
}  // namespace

TEST_CASE("redis service: the defaults are redis.conf's and give the block's defaults") {
  RedisConfig c;
  REQUIRE(parse("{}", c));
  CHECK(c.maxmemory == 0);
  CHECK(c.maxmemory_policy == EvictionPolicy::noeviction);
  CHECK(c.maxmemory_samples == 5);
  const storage::kv_cache::KvCacheConfig block;
  CHECK(c.memory().maxmemory_bytes == block.maxmemory_bytes);
  CHECK(c.memory().policy == block.policy);
  CHECK(c.memory().lru_samples == block.lru_samples);
  CHECK(c.connections.ping_interval == 25.0);
  CHECK(c.connections.ping_timeout == 20.0);
  CHECK(c.connections.server_idle_timeout() == 45.0);
}

TEST_CASE("redis service: maxmemory and its policy are read, unknown policies refused") {
  RedisConfig c;
  REQUIRE(parse("{maxmemory: 64MiB, maxmemory_policy: allkeys-lru}", c));
  CHECK(c.memory().maxmemory_bytes == 64ull << 20);
  CHECK(c.memory().policy == EvictionPolicy::allkeys_lru);
  CHECK_FALSE(parse("{maxmemory_policy: volatile-lru}", c));  // not implemented by the block
  CHECK_FALSE(parse("{maxmemory_samples: 0}", c));
}

TEST_CASE("redis service: cluster slots split as redis-cli --cluster create splits them") {
  CHECK(slot_ranges(3) == std::vector<SlotRange>{{0, 5460}, {5461, 10922}, {10923, 16383}});
  CHECK(slot_ranges(1) == std::vector<SlotRange>{{0, 16383}});
  for (std::size_t n = 1; n <= 12; ++n) {
    const auto r = slot_ranges(n);
    REQUIRE(r.size() == n);
    CHECK(r.front().first == 0);
    CHECK(r.back().last == 16383);
    for (std::size_t i = 1; i < n; ++i) CHECK(r[i].first == r[i - 1].last + 1);
  }
}
