// Redis Cluster key slots (https://redis.io/docs/reference/cluster-spec/#key-distribution-model):
// slot = CRC16(key) mod 16384, CRC16 being the XMODEM variant (polynomial 0x1021, initial
// value 0, no reflection; CRC16("123456789") = 0x31C3). Hash tags: if the key has a `{`,
// and a `}` somewhere after that first `{`, and at least one byte between them, only those
// bytes are hashed; otherwise the whole key is ("{}" and "{{a}}" stay whole / hash "{a").
#pragma once

#include <cstdint>
#include <string_view>

namespace sdsim::storage::redis {

constexpr std::uint16_t kClusterSlots = 16384;

std::uint16_t crc16_xmodem(std::string_view bytes);
// The part of the key that is hashed (the hash tag, or the whole key).
std::string_view hashed_part(std::string_view key);
std::uint16_t key_slot(std::string_view key);

}  // namespace sdsim::storage::redis
