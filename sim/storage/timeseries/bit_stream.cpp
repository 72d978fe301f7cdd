#include "sim/storage/timeseries/bit_stream.hpp"

#include <algorithm>
#include <cassert>

namespace sdsim::storage::timeseries {

void BitWriter::write(std::uint64_t bits, int count) {
  assert(count >= 0 && count <= 64);
  while (count > 0) {
    const int used = static_cast<int>(bit_count_ % 8);
    if (used == 0) bytes_.push_back(0);
    const int take = std::min(8 - used, count);
    // The next `take` bits of the value, placed right after the byte's used bits.
    const auto chunk = static_cast<std::uint8_t>((bits >> (count - take)) & ((1u << take) - 1));
    bytes_.back() |= static_cast<std::uint8_t>(chunk << (8 - used - take));
    bit_count_ += static_cast<std::uint64_t>(take);
    count -= take;
  }
}

std::uint64_t BitReader::read(int count) {
  assert(count >= 0 && count <= 64);
  assert(position_ + static_cast<std::uint64_t>(count) <= bit_count_);
  std::uint64_t out = 0;
  while (count > 0) {
    const int used = static_cast<int>(position_ % 8);
    const int take = std::min(8 - used, count);
    const std::uint8_t byte = (*bytes_)[position_ / 8];
    const auto chunk = static_cast<std::uint64_t>((byte >> (8 - used - take)) & ((1u << take) - 1));
    out = (out << take) | chunk;
    position_ += static_cast<std::uint64_t>(take);
    count -= take;
  }
  return out;
}

}  // namespace sdsim::storage::timeseries
