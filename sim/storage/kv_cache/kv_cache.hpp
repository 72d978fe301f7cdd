// A Redis keyspace used as a cache: keys holding strings or sorted sets, with TTLs on a
// simulated clock and a `maxmemory` bound enforced by Redis's policies
// (https://redis.io/docs/reference/eviction/):
//   noeviction   (Redis's default) when used memory is above maxmemory, writes are refused
//                with Redis's OOM error; reads and deletes still work.
//   allkeys-lru  keys are evicted, idlest first, by Redis's sampled approximation
//                (eviction_pool.hpp): 5 keys drawn at random (with replacement; Redis takes
//                a few adjacent hash buckets) per round from a RandomStream.
// As in Redis the check runs before a command (make_room()), so a write that fits under the
// limit may leave memory above it, and the next write pays. Memory is the formula of
// memory.hpp. Idle times are measured in milliseconds of simulated time (Redis's LRU clock
// ticks once a second).
//
// Time: callers pass the simulated time in seconds (never the wall clock); it is read at
// millisecond resolution, like Redis's mstime(), and must not go backwards. A key with expiry
// time T (ms) is gone once the clock passes T. Expired keys are removed at the next call
// that passes the time (Redis removes them lazily on access and by a sampling cycle, so its
// memory can hold expired keys a little longer).
//
// Work counters: lookups, hits, misses, keys expired, keys and bytes evicted, keys sampled.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/storage/kv_cache/eviction_pool.hpp"
#include "sim/storage/kv_cache/memory.hpp"

namespace sdsim::storage::kv_cache {

enum class EvictionPolicy { noeviction, allkeys_lru };

struct KvCacheConfig {
  std::uint64_t maxmemory_bytes = 0;  // 0: no limit (Redis's default on 64-bit)
  EvictionPolicy policy = EvictionPolicy::noeviction;
  int lru_samples = 5;  // maxmemory-samples
};

struct KvCacheWork {
  std::uint64_t lookups = 0, hits = 0, misses = 0;
  std::uint64_t expired_keys = 0;
  std::uint64_t evicted_keys = 0, evicted_bytes = 0;
  std::uint64_t sampled_keys = 0;
};

enum class KvStatus { ok, missing, wrong_type, not_stored, out_of_memory };

struct SetOptions {
  std::optional<double> ttl_s{};  // EX / PX; must be > 0
  bool nx = false;                // only if absent
  bool xx = false;                // only if present
  bool keep_ttl = false;          // KEEPTTL
};

class KvCache {
 public:
  static constexpr std::int64_t kNoExpiry = -1;

  KvCache(KvCacheConfig config, RandomStream rng);

  // The simulated clock as Redis reads it.
  static std::int64_t clock_ms(double now_s);

  // --- String cache: https://redis.io/commands/get/, /set/, /del/, /exists/, /expire/, /ttl/
  struct Got {
    KvStatus status;  // ok, missing or wrong_type
    std::string value;
  };
  Got get(std::string_view key, double now_s);
  // ok, not_stored (NX/XX) or out_of_memory (noeviction and memory above maxmemory).
  KvStatus set(std::string_view key, std::string value, double now_s,
               const SetOptions& options = {});
  bool del(std::string_view key, double now_s);
  bool exists(std::string_view key, double now_s);
  // A TTL of zero or less deletes the key, as EXPIRE does; false when the key is missing.
  bool expire(std::string_view key, double ttl_s, double now_s);
  // -2 missing, -1 no TTL, else the remaining time (TTL rounds to seconds as Redis does).
  std::int64_t ttl_s(std::string_view key, double now_s);
  std::int64_t pttl_ms(std::string_view key, double now_s);

  // --- Keyspace of any type, for the Redis command layer.
  Value* find(std::string_view key, double now_s);        // counts as an access (LRU)
  const Value* peek(std::string_view key, double now_s);  // does not (EXISTS, TTL)
  // Stores `value` under `key`, replacing any value; the TTL is dropped unless keep_ttl.
  Value& put(std::string_view key, Value value, double now_s, bool keep_ttl = false);
  bool erase(std::string_view key, double now_s);
  // Call after changing a value found with find() in place, so memory stays exact.
  void refresh_bytes(std::string_view key);
  void clear();
  std::size_t size() const { return entries_.size(); }

  std::int64_t expire_at_ms(std::string_view key) const;  // kNoExpiry when none or missing
  void set_expire_at_ms(std::string_view key, std::int64_t when_ms);  // the key must exist
  bool persist(std::string_view key);

  // Redis's performEvictions(): true when memory is at or under maxmemory, evicting first if
  // the policy allows; false means writes must be refused with the OOM error.
  bool make_room(double now_s);
  // Called with each key evicted (a primary ships these to its replicas as DELs, as Redis).
  void on_evict(std::function<void(const std::string& key)> listener) {
    evict_listener_ = std::move(listener);
  }
  std::uint64_t used_bytes() const { return used_bytes_; }
  const KvCacheConfig& config() const { return config_; }

  const KvCacheWork& work() const { return work_; }
  KvCacheWork take_work() { return std::exchange(work_, KvCacheWork{}); }

 private:
  struct Entry {
    Value value;
    std::int64_t expire_at_ms = kNoExpiry;
    std::int64_t last_access_ms = 0;
    std::uint64_t bytes = 0;
    std::size_t sample_slot = 0;  // index in sample_keys_
  };
  // Transparent, so lookups by string_view need no temporary string.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>{}(key);
    }
  };
  using Entries = std::unordered_map<std::string, Entry, KeyHash, std::equal_to<>>;

  void advance(double now_s);  // removes the keys whose time has passed
  Entries::iterator lookup(std::string_view key);
  void remove(Entries::iterator it);
  void account(Entries::iterator it);
  void evict_one(std::int64_t now_ms);

  KvCacheConfig config_;
  RandomStream rng_;
  Entries entries_;
  // Keys in a vector so eviction can sample uniformly; points into entries_' nodes, which
  // never move. Used only to pick by index, so no address ever reaches an output.
  std::vector<const std::string*> sample_keys_;
  std::set<std::pair<std::int64_t, std::string>> expiries_;  // (when_ms, key)
  EvictionPool pool_;
  std::uint64_t used_bytes_ = 0;
  std::int64_t now_ms_ = 0;
  KvCacheWork work_;
  std::function<void(const std::string&)> evict_listener_;
};

}  // namespace sdsim::storage::kv_cache
