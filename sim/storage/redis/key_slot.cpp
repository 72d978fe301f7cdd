#include "sim/storage/redis/key_slot.hpp"

namespace sdsim::storage::redis {

std::uint16_t crc16_xmodem(std::string_view bytes) {
  // Bitwise form: 8 shifts per byte. Slots are computed once per request in a simulation,
  // so the 512-byte table Redis uses would buy nothing measurable here.
  std::uint16_t crc = 0;
  for (const char c : bytes) {
    crc ^= static_cast<std::uint16_t>(static_cast<unsigned char>(c) << 8);
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x8000) ? static_cast<std::uint16_t>((crc << 1) ^ 0x1021)
                           : static_cast<std::uint16_t>(crc << 1);
    }
  }
  return crc;
}

std::string_view hashed_part(std::string_view key) {
  const std::size_t open = key.find('{');
  if (open == std::string_view::npos) return key;
  const std::size_t close = key.find('}', open + 1);
  if (close == std::string_view::npos || close == open + 1) return key;
  return key.substr(open + 1, close - open - 1);
}

std::uint16_t key_slot(std::string_view key) {
  return crc16_xmodem(hashed_part(key)) % kClusterSlots;  // & 16383 in Redis
}

}  // namespace sdsim::storage::redis
