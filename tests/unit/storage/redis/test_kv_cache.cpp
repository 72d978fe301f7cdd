#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/storage/kv_cache/kv_cache.hpp"
#include "sim/storage/kv_cache/replication_log.hpp"

using namespace sdsim::storage::kv_cache;
using sdsim::storage::sorted_set::SortedSet;

namespace {

KvCache cache(KvCacheConfig config = {}) {
  return KvCache(config, sdsim::RandomStream(1, "kv-cache-test"));
}

}  // namespace

// https://redis.io/commands/set/ : EX sets a TTL, NX only if absent, XX only if present,
// KEEPTTL keeps the TTL a plain SET would drop.
TEST_CASE("storage/redis: kv cache SET options") {
  KvCache kv = cache();
  CHECK(kv.set("k", "v1", 0.0) == KvStatus::ok);
  CHECK(kv.set("k", "v2", 0.0, {.nx = true}) == KvStatus::not_stored);
  CHECK(kv.get("k", 0.0).value == "v1");
  CHECK(kv.set("absent", "v", 0.0, {.xx = true}) == KvStatus::not_stored);
  CHECK(kv.get("absent", 0.0).status == KvStatus::missing);
  CHECK(kv.set("k", "v3", 0.0, {.ttl_s = 10.0}) == KvStatus::ok);
  CHECK(kv.ttl_s("k", 0.0) == 10);
  CHECK(kv.set("k", "v4", 1.0, {.keep_ttl = true}) == KvStatus::ok);
  CHECK(kv.ttl_s("k", 1.0) == 9);
  CHECK(kv.set("k", "v5", 2.0) == KvStatus::ok);  // a plain SET drops the TTL
  CHECK(kv.ttl_s("k", 2.0) == -1);
}

// https://redis.io/commands/ttl/ : -2 for a missing key, -1 without expiry; /pttl/ in ms;
// /expire/ : a non-positive timeout deletes the key.
TEST_CASE("storage/redis: kv cache TTL expiry on the simulated clock") {
  KvCache kv = cache();
  CHECK(kv.ttl_s("nope", 0.0) == -2);
  kv.set("a", "1", 0.0, {.ttl_s = 1.5});
  CHECK(kv.pttl_ms("a", 0.25) == 1250);
  CHECK(kv.ttl_s("a", 0.25) == 1);  // 1250 ms rounds to 1 s, as Redis's (ms + 500) / 1000
  CHECK(kv.ttl_s("a", 0.0) == 2);   // 1500 ms rounds up
  CHECK(kv.exists("a", 1.5));       // expiry instant itself: still there (Redis: now > when)
  CHECK(!kv.exists("a", 1.501));
  CHECK(kv.get("a", 1.501).status == KvStatus::missing);
  CHECK(kv.work().expired_keys == 1);
  CHECK(kv.used_bytes() == 0);

  kv.set("b", "2", 0.0);
  CHECK(kv.expire("b", 5.0, 1.0));
  CHECK(kv.ttl_s("b", 1.0) == 5);
  CHECK(!kv.expire("missing", 5.0, 1.0));
  CHECK(kv.expire("b", 0.0, 2.0));
  CHECK(!kv.exists("b", 2.0));
  CHECK(kv.size() == 0);
}

TEST_CASE("storage/redis: kv cache memory follows the documented formula") {
  KvCache kv = cache();
  kv.set("key", "value", 0.0);
  CHECK(kv.used_bytes() == kKeyOverheadBytes + 3 + 5);
  kv.set("key", "value", 0.0, {.ttl_s = 1.0});
  CHECK(kv.used_bytes() == kKeyOverheadBytes + 3 + 5 + kExpireOverheadBytes);
  Value& zset = kv.put("z", SortedSet(sdsim::RandomStream(1, "z")), 0.0);
  std::get<SortedSet>(zset).add("member", 1.0);
  kv.refresh_bytes("z");
  CHECK(kv.used_bytes() == kKeyOverheadBytes + 3 + 5 + kExpireOverheadBytes + kKeyOverheadBytes +
                               1 + kSortedSetOverheadBytes + 6 + 8 + kSortedSetMemberOverheadBytes);
  kv.del("key", 0.0);
  kv.del("z", 0.0);
  CHECK(kv.used_bytes() == 0);
}

// https://redis.io/docs/reference/eviction/ : noeviction "New values aren't saved when memory
// limit is reached"; the error is Redis's OOM, reads and deletes still work.
TEST_CASE("storage/redis: kv cache noeviction refuses writes once over maxmemory") {
  const std::uint64_t per_key = kKeyOverheadBytes + 2 + 10;  // "k0".."k9" -> 10-byte values
  KvCache kv = cache({.maxmemory_bytes = 3 * per_key, .policy = EvictionPolicy::noeviction});
  CHECK(kv.set("k0", std::string(10, 'x'), 0.0) == KvStatus::ok);
  CHECK(kv.set("k1", std::string(10, 'x'), 0.0) == KvStatus::ok);
  CHECK(kv.set("k2", std::string(10, 'x'), 0.0) == KvStatus::ok);  // exactly at the limit
  CHECK(kv.set("k3", std::string(10, 'x'), 0.0) == KvStatus::ok);  // checked before: admitted
  CHECK(kv.used_bytes() > 3 * per_key);
  CHECK(kv.set("k4", std::string(10, 'x'), 0.0) == KvStatus::out_of_memory);
  CHECK(kv.get("k0", 0.0).status == KvStatus::ok);
  CHECK(kv.del("k3", 0.0));
  CHECK(kv.set("k4", std::string(10, 'x'), 0.0) == KvStatus::ok);
  CHECK(kv.work().evicted_keys == 0);
}

// allkeys-lru: the idlest keys go first. With 5 samples out of 20 keys per round and a pool
// of 16, the approximation keeps the recently read keys and evicts among the idle ones.
TEST_CASE("storage/redis: kv cache allkeys-lru evicts idle keys, keeps hot ones") {
  const std::uint64_t per_key = kKeyOverheadBytes + 3 + 100;
  KvCache kv = cache({.maxmemory_bytes = 20 * per_key, .policy = EvictionPolicy::allkeys_lru});
  auto name = [](int i) { return "k" + std::string(i < 10 ? "0" : "") + std::to_string(i); };
  for (int i = 0; i < 20; ++i) kv.set(name(i), std::string(100, 'v'), i * 1.0);
  for (int round = 0; round < 5; ++round)  // keys 15..19 are hot
    for (int i = 15; i < 20; ++i) kv.get(name(i), 20.0 + round);
  for (int i = 20; i < 30; ++i) {
    CHECK(kv.set(name(i), std::string(100, 'v'), 30.0 + i) == KvStatus::ok);
  }
  kv.make_room(100.0);
  CHECK(kv.used_bytes() <= 20 * per_key);
  CHECK(kv.work().evicted_keys == 10);
  for (int i = 15; i < 20; ++i) CHECK(kv.exists(name(i), 100.0));
  int survivors_old = 0;
  for (int i = 0; i < 15; ++i) survivors_old += kv.exists(name(i), 100.0) ? 1 : 0;
  CHECK(survivors_old == 5);
  CHECK(kv.work().sampled_keys >= 10);
}

TEST_CASE("storage/redis: kv cache eviction is reproducible from the seed") {
  auto run = [](std::uint64_t seed) {
    KvCache kv({.maxmemory_bytes = 5000, .policy = EvictionPolicy::allkeys_lru},
               sdsim::RandomStream(seed, "kv"));
    sdsim::RandomStream ops(3, "ops");
    std::vector<std::string> alive;
    for (int i = 0; i < 400; ++i) {
      const std::string key = "key" + std::to_string(ops.below(100));
      if (ops.below(2) == 0)
        kv.set(key, std::string(ops.below(80), 'x'), i * 0.01);
      else
        kv.get(key, i * 0.01);
    }
    for (int i = 0; i < 100; ++i)
      if (kv.exists("key" + std::to_string(i), 10.0)) alive.push_back(std::to_string(i));
    return alive;
  };
  CHECK(run(11) == run(11));
  CHECK(run(11) != run(12));
}

// https://redis.io/docs/management/replication/ : asynchronous replication loses the writes
// the replica had not received when the primary fails.
TEST_CASE("storage/redis: replication log loses the unreplicated writes on failover") {
  ReplicationLog<std::string> log(0.5);
  std::vector<std::string> applied;
  auto apply = [&](const std::string& write, double) { applied.push_back(write); };
  log.append("w1", 0.0);
  log.append("w2", 0.2);
  log.append("w3", 0.9);
  CHECK(log.deliver(0.6, apply) == 1);
  CHECK(log.deliver(0.7, apply) == 1);
  CHECK(applied == std::vector<std::string>{"w1", "w2"});
  log.append("w4", 1.0);
  CHECK(log.failover() == 2);  // w3 and w4 were acknowledged, never replicated
  CHECK(log.lost_writes() == 2);
  CHECK(log.replicated_writes() == 2);
  CHECK(log.deliver(10.0, apply) == 0);
}
