// How many bytes the key-value cache charges for a key, the figure `maxmemory` is held to.
// Redis counts what its allocator hands out (INFO used_memory); this is a formula shaped on
// Redis's structures without jemalloc's size classes, so it is close but never equal:
//
//   key    = 56 + key bytes + value + (24 if the key has a TTL)
//            56: the keyspace dictEntry (24), the value robj (16), two sds headers (2 x 8);
//            24: the entry in the expires dictionary
//   string = its bytes
//   zset   = 96 + sum over members of (member bytes + 8 score bytes + 48)
//            96: zset struct, dict and skip-list header; 48: a skip-list node at Redis's
//            mean height of 4/3 levels plus the member's dictEntry
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "sim/storage/sorted_set/sorted_set.hpp"

namespace sdsim::storage::kv_cache {

// A key's value: the Redis types these blocks implement.
using Value = std::variant<std::string, sorted_set::SortedSet>;

constexpr std::uint64_t kKeyOverheadBytes = 56;
constexpr std::uint64_t kExpireOverheadBytes = 24;
constexpr std::uint64_t kSortedSetOverheadBytes = 96;
constexpr std::uint64_t kSortedSetMemberOverheadBytes = 48;

inline std::uint64_t value_bytes(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return text->size();
  const auto& set = std::get<sorted_set::SortedSet>(value);
  return kSortedSetOverheadBytes + set.bytes_held() + set.size() * kSortedSetMemberOverheadBytes;
}

inline std::uint64_t entry_bytes(std::string_view key, const Value& value, bool has_ttl) {
  return kKeyOverheadBytes + key.size() + value_bytes(value) + (has_ttl ? kExpireOverheadBytes : 0);
}

}  // namespace sdsim::storage::kv_cache
