#include "sim/storage/kv_cache/kv_cache.hpp"

#include <cassert>
#include <cmath>

namespace sdsim::storage::kv_cache {

KvCache::KvCache(KvCacheConfig config, RandomStream rng) : config_(config), rng_(rng) {
  assert(config_.lru_samples >= 1);
}

std::int64_t KvCache::clock_ms(double now_s) {
  return static_cast<std::int64_t>(std::floor(now_s * 1000.0));
}

void KvCache::advance(double now_s) {
  now_ms_ = clock_ms(now_s);
  // Redis: a key expires when the clock is strictly past its expiry time.
  while (!expiries_.empty() && expiries_.begin()->first < now_ms_) {
    auto it = entries_.find(expiries_.begin()->second);
    assert(it != entries_.end());
    ++work_.expired_keys;
    remove(it);
  }
}

KvCache::Entries::iterator KvCache::lookup(std::string_view key) {
  ++work_.lookups;
  auto it = entries_.find(key);
  ++(it == entries_.end() ? work_.misses : work_.hits);
  return it;
}

void KvCache::remove(Entries::iterator it) {
  Entry& entry = it->second;
  if (entry.expire_at_ms != kNoExpiry) expiries_.erase({entry.expire_at_ms, it->first});
  // Swap-remove from the sampling vector, fixing the moved key's slot.
  const std::size_t slot = entry.sample_slot;
  const std::string* moved = sample_keys_.back();
  sample_keys_[slot] = moved;
  sample_keys_.pop_back();
  if (moved != &it->first) entries_.find(*moved)->second.sample_slot = slot;
  used_bytes_ -= entry.bytes;
  entries_.erase(it);
}

void KvCache::account(Entries::iterator it) {
  Entry& entry = it->second;
  used_bytes_ -= entry.bytes;
  entry.bytes = entry_bytes(it->first, entry.value, entry.expire_at_ms != kNoExpiry);
  used_bytes_ += entry.bytes;
}

Value* KvCache::find(std::string_view key, double now_s) {
  advance(now_s);
  auto it = lookup(key);
  if (it == entries_.end()) return nullptr;
  it->second.last_access_ms = now_ms_;
  return &it->second.value;
}

const Value* KvCache::peek(std::string_view key, double now_s) {
  advance(now_s);
  auto it = lookup(key);
  return it == entries_.end() ? nullptr : &it->second.value;
}

Value& KvCache::put(std::string_view key, Value value, double now_s, bool keep_ttl) {
  advance(now_s);
  auto [it, inserted] = entries_.try_emplace(std::string(key));
  Entry& entry = it->second;
  if (inserted) {
    entry.sample_slot = sample_keys_.size();
    sample_keys_.push_back(&it->first);
  } else if (!keep_ttl && entry.expire_at_ms != kNoExpiry) {
    expiries_.erase({entry.expire_at_ms, it->first});
    entry.expire_at_ms = kNoExpiry;
  }
  entry.value = std::move(value);
  entry.last_access_ms = now_ms_;  // a new object starts with a fresh LRU clock
  account(it);
  return entry.value;
}

bool KvCache::erase(std::string_view key, double now_s) {
  advance(now_s);
  auto it = lookup(key);
  if (it == entries_.end()) return false;
  remove(it);
  return true;
}

void KvCache::refresh_bytes(std::string_view key) {
  auto it = entries_.find(key);
  if (it != entries_.end()) account(it);
}

void KvCache::clear() {
  entries_.clear();
  sample_keys_.clear();
  expiries_.clear();
  pool_ = EvictionPool{};
  used_bytes_ = 0;
}

std::int64_t KvCache::expire_at_ms(std::string_view key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? kNoExpiry : it->second.expire_at_ms;
}

void KvCache::set_expire_at_ms(std::string_view key, std::int64_t when_ms) {
  auto it = entries_.find(key);
  assert(it != entries_.end() && "set_expire_at_ms on a missing key");
  Entry& entry = it->second;
  if (entry.expire_at_ms != kNoExpiry) expiries_.erase({entry.expire_at_ms, it->first});
  entry.expire_at_ms = when_ms;
  expiries_.emplace(when_ms, it->first);
  account(it);
}

bool KvCache::persist(std::string_view key) {
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.expire_at_ms == kNoExpiry) return false;
  expiries_.erase({it->second.expire_at_ms, it->first});
  it->second.expire_at_ms = kNoExpiry;
  account(it);
  return true;
}

void KvCache::evict_one(std::int64_t now_ms) {
  // Redis's round: sample into the pool, then evict the idlest pooled key that still exists;
  // if every pooled key turns out to be a ghost (deleted since it was pooled), sample again.
  std::string victim;
  while (true) {
    for (int i = 0; i < config_.lru_samples; ++i) {
      const std::string& key = *sample_keys_[rng_.below(sample_keys_.size())];
      ++work_.sampled_keys;
      pool_.offer(key, now_ms - entries_.find(key)->second.last_access_ms);
    }
    while (pool_.take_idlest(victim)) {
      auto it = entries_.find(victim);
      if (it == entries_.end()) continue;
      ++work_.evicted_keys;
      work_.evicted_bytes += it->second.bytes;
      remove(it);
      if (evict_listener_) evict_listener_(victim);
      return;
    }
  }
}

bool KvCache::make_room(double now_s) {
  advance(now_s);
  if (config_.maxmemory_bytes == 0 || used_bytes_ <= config_.maxmemory_bytes) return true;
  if (config_.policy == EvictionPolicy::noeviction) return false;
  while (used_bytes_ > config_.maxmemory_bytes && !entries_.empty()) evict_one(now_ms_);
  return used_bytes_ <= config_.maxmemory_bytes;
}

// --- The string cache, on top of the keyspace.

KvCache::Got KvCache::get(std::string_view key, double now_s) {
  const Value* value = find(key, now_s);
  if (value == nullptr) return {KvStatus::missing, {}};
  const auto* text = std::get_if<std::string>(value);
  if (text == nullptr) return {KvStatus::wrong_type, {}};
  return {KvStatus::ok, *text};
}

KvStatus KvCache::set(std::string_view key, std::string value, double now_s,
                      const SetOptions& options) {
  assert(!(options.nx && options.xx) && !(options.keep_ttl && options.ttl_s));
  assert(!options.ttl_s || *options.ttl_s > 0);
  if (!make_room(now_s)) return KvStatus::out_of_memory;
  const bool found = find(key, now_s) != nullptr;
  if ((options.nx && found) || (options.xx && !found)) return KvStatus::not_stored;
  put(key, std::move(value), now_s, options.keep_ttl);
  if (options.ttl_s) {
    set_expire_at_ms(key, now_ms_ + static_cast<std::int64_t>(std::llround(*options.ttl_s * 1000)));
  }
  return KvStatus::ok;
}

bool KvCache::del(std::string_view key, double now_s) { return erase(key, now_s); }

bool KvCache::exists(std::string_view key, double now_s) { return peek(key, now_s) != nullptr; }

bool KvCache::expire(std::string_view key, double ttl_s, double now_s) {
  if (find(key, now_s) == nullptr) return false;
  const std::int64_t when = now_ms_ + static_cast<std::int64_t>(std::llround(ttl_s * 1000));
  if (when <= now_ms_) {
    erase(key, now_s);  // already expired: EXPIRE deletes at once
  } else {
    set_expire_at_ms(key, when);
  }
  return true;
}

std::int64_t KvCache::pttl_ms(std::string_view key, double now_s) {
  if (peek(key, now_s) == nullptr) return -2;
  const std::int64_t when = expire_at_ms(key);
  if (when == kNoExpiry) return -1;
  return std::max<std::int64_t>(when - now_ms_, 0);
}

std::int64_t KvCache::ttl_s(std::string_view key, double now_s) {
  const std::int64_t ms = pttl_ms(key, now_s);
  return ms < 0 ? ms : (ms + 500) / 1000;
}

}  // namespace sdsim::storage::kv_cache
