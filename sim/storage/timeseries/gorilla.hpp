// Gorilla's compression of one block of (timestamp, value) points, bit for bit as section 4.1
// of "Gorilla: A Fast, Scalable, In-Memory Time Series Database" (Pelkonen et al., VLDB 2015)
// describes it:
//   header: the block's aligned start time, 64 bits;
//   first point: its delta from the header in `first_delta_bits` bits (14 in the paper, for
//     2-hour blocks of seconds), its value as 64 raw bits;
//   timestamps: the delta of deltas D = (t_n - t_{n-1}) - (t_{n-1} - t_{n-2}) as
//     '0' if D = 0; '10' + 7 bits if D in [-63, 64]; '110' + 9 bits if in [-255, 256];
//     '1110' + 12 bits if in [-2047, 2048]; '1111' + 32 bits otherwise;
//     (each range stored as D minus its low end, so the paper's asymmetric ranges fit);
//   values: XOR with the previous value: '0' if equal; else '1' then either '0' + the
//     meaningful bits inside the previous leading/trailing-zero window, when they fit, or
//     '1' + 5 bits of leading zeros + 6 bits of meaningful-bit count + the meaningful bits.
// Two corner cases the paper leaves open: leading zeros are capped at 31 (5 bits), and a
// meaningful-bit count of 64 is stored as 0. Values are compared as bit patterns, so NaN
// payloads, -0.0 and infinities round-trip exactly.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/storage/timeseries/bit_stream.hpp"

namespace sdsim::storage::timeseries {

struct EncodedPoint {
  std::int64_t timestamp;  // in the block's ticks (e.g. milliseconds)
  double value;
};

class GorillaEncoder {
 public:
  explicit GorillaEncoder(std::int64_t block_start, int first_delta_bits = 14);

  // Appends a point; returns false and writes nothing when the point cannot go in this block:
  // a timestamp before the previous one, a first delta outside [0, 2^first_delta_bits), or a
  // delta of deltas outside 32 bits. The caller then starts a new block.
  bool append(std::int64_t timestamp, double value);

  std::uint64_t count() const { return count_; }
  std::uint64_t bit_count() const { return bits_.bit_count(); }  // header included
  const BitWriter& bits() const { return bits_; }
  std::int64_t block_start() const { return block_start_; }
  int first_delta_bits() const { return first_delta_bits_; }
  std::int64_t last_timestamp() const { return prev_timestamp_; }

 private:
  void append_value(std::uint64_t bits);

  BitWriter bits_;
  std::int64_t block_start_;
  int first_delta_bits_;
  std::uint64_t count_ = 0;
  std::int64_t prev_timestamp_ = 0, prev_delta_ = 0;
  std::uint64_t prev_value_ = 0;
  int prev_leading_ = -1, prev_trailing_ = 0;  // -1: no window yet
};

// Reads back the points of a block, in order.
class GorillaDecoder {
 public:
  explicit GorillaDecoder(const GorillaEncoder& block);

  // The next point, or false at the end of the block.
  bool next(EncodedPoint& out);
  // Bits consumed so far, header included: the bytes a partial scan had to touch.
  std::uint64_t bit_position() const { return reader_.position(); }

 private:
  double next_value();

  BitReader reader_;
  std::uint64_t remaining_;
  int first_delta_bits_;
  std::uint64_t read_ = 0;
  std::int64_t prev_timestamp_ = 0, prev_delta_ = 0;
  std::uint64_t prev_value_ = 0;
  int leading_ = 0, trailing_ = 0;
};

// Convenience for tests and tools: every point of a block.
std::vector<EncodedPoint> decode_all(const GorillaEncoder& block);

}  // namespace sdsim::storage::timeseries
