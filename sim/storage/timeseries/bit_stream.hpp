// Bit-level writer and reader, most significant bit first, for the Gorilla encoding.
#pragma once

#include <cstdint>
#include <vector>

namespace sdsim::storage::timeseries {

class BitWriter {
 public:
  // Writes the low `count` bits of `bits` (0 <= count <= 64), most significant first.
  void write(std::uint64_t bits, int count);
  void write_bit(bool bit) { write(bit ? 1 : 0, 1); }

  std::uint64_t bit_count() const { return bit_count_; }
  std::uint64_t byte_count() const { return (bit_count_ + 7) / 8; }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
  std::uint64_t bit_count_ = 0;
};

class BitReader {
 public:
  BitReader(const std::vector<std::uint8_t>& bytes, std::uint64_t bit_count)
      : bytes_(&bytes), bit_count_(bit_count) {}

  // Reads `count` bits (0 <= count <= 64); reading past the end is a bug (asserted).
  std::uint64_t read(int count);
  bool read_bit() { return read(1) != 0; }

  std::uint64_t position() const { return position_; }
  bool at_end() const { return position_ >= bit_count_; }

 private:
  const std::vector<std::uint8_t>* bytes_;
  std::uint64_t bit_count_;
  std::uint64_t position_ = 0;
};

}  // namespace sdsim::storage::timeseries
