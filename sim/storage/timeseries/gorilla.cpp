#include "sim/storage/timeseries/gorilla.hpp"

#include <bit>
#include <cassert>
#include <limits>

namespace sdsim::storage::timeseries {
namespace {

// Delta-of-delta buckets of section 4.1.1: control bits, payload bits and the range's low end.
struct Bucket {
  std::uint64_t control;
  int control_bits;
  int payload_bits;
  std::int64_t low, high;
};
constexpr Bucket kBuckets[] = {
    {0b10, 2, 7, -63, 64},
    {0b110, 3, 9, -255, 256},
    {0b1110, 4, 12, -2047, 2048},
};

}  // namespace

GorillaEncoder::GorillaEncoder(std::int64_t block_start, int first_delta_bits)
    : block_start_(block_start), first_delta_bits_(first_delta_bits) {
  assert(first_delta_bits >= 1 && first_delta_bits <= 63);
  bits_.write(static_cast<std::uint64_t>(block_start), 64);
}

bool GorillaEncoder::append(std::int64_t timestamp, double value) {
  const auto raw = std::bit_cast<std::uint64_t>(value);
  if (count_ == 0) {
    const std::int64_t delta = timestamp - block_start_;
    if (delta < 0 || delta >= (std::int64_t{1} << first_delta_bits_)) return false;
    bits_.write(static_cast<std::uint64_t>(delta), first_delta_bits_);
    bits_.write(raw, 64);
    prev_delta_ = delta;
  } else {
    if (timestamp < prev_timestamp_) return false;
    const std::int64_t delta = timestamp - prev_timestamp_;
    const std::int64_t dod = delta - prev_delta_;
    if (dod < std::numeric_limits<std::int32_t>::min() ||
        dod > std::numeric_limits<std::int32_t>::max())
      return false;
    if (dod == 0) {
      bits_.write_bit(false);
    } else {
      const Bucket* bucket = nullptr;
      for (const Bucket& b : kBuckets)
        if (dod >= b.low && dod <= b.high) {
          bucket = &b;
          break;
        }
      if (bucket) {
        bits_.write(bucket->control, bucket->control_bits);
        bits_.write(static_cast<std::uint64_t>(dod - bucket->low), bucket->payload_bits);
      } else {
        bits_.write(0b1111, 4);
        bits_.write(static_cast<std::uint32_t>(static_cast<std::int32_t>(dod)), 32);
      }
    }
    prev_delta_ = delta;
    append_value(raw);
  }
  prev_timestamp_ = timestamp;
  prev_value_ = raw;
  ++count_;
  return true;
}

void GorillaEncoder::append_value(std::uint64_t raw) {
  const std::uint64_t x = raw ^ prev_value_;
  if (x == 0) {
    bits_.write_bit(false);
    return;
  }
  bits_.write_bit(true);
  int leading = std::countl_zero(x);
  const int trailing = std::countr_zero(x);
  if (leading > 31) leading = 31;  // 5 bits of leading-zero count
  if (prev_leading_ >= 0 && leading >= prev_leading_ && trailing >= prev_trailing_) {
    // Reuse the previous window: the meaningful bits fall inside it.
    bits_.write_bit(false);
    bits_.write(x >> prev_trailing_, 64 - prev_leading_ - prev_trailing_);
    return;
  }
  const int meaningful = 64 - leading - trailing;
  bits_.write_bit(true);
  bits_.write(static_cast<std::uint64_t>(leading), 5);
  bits_.write(static_cast<std::uint64_t>(meaningful == 64 ? 0 : meaningful), 6);
  bits_.write(x >> trailing, meaningful);
  prev_leading_ = leading;
  prev_trailing_ = trailing;
}

GorillaDecoder::GorillaDecoder(const GorillaEncoder& block)
    : reader_(block.bits().bytes(), block.bit_count()),
      remaining_(block.count()),
      first_delta_bits_(block.first_delta_bits()) {
  prev_timestamp_ = static_cast<std::int64_t>(reader_.read(64));  // the header
}

bool GorillaDecoder::next(EncodedPoint& out) {
  if (remaining_ == 0) return false;
  --remaining_;
  if (read_++ == 0) {
    prev_delta_ = static_cast<std::int64_t>(reader_.read(first_delta_bits_));
    prev_timestamp_ += prev_delta_;
    prev_value_ = reader_.read(64);
  } else {
    std::int64_t dod = 0;
    if (reader_.read_bit()) {
      bool found = false;
      for (const Bucket& b : kBuckets) {
        if (!reader_.read_bit()) {
          dod = static_cast<std::int64_t>(reader_.read(b.payload_bits)) + b.low;
          found = true;
          break;
        }
      }
      if (!found) dod = static_cast<std::int32_t>(static_cast<std::uint32_t>(reader_.read(32)));
    }
    prev_delta_ += dod;
    prev_timestamp_ += prev_delta_;
    prev_value_ = std::bit_cast<std::uint64_t>(next_value());
  }
  out.timestamp = prev_timestamp_;
  out.value = std::bit_cast<double>(prev_value_);
  return true;
}

double GorillaDecoder::next_value() {
  if (!reader_.read_bit()) return std::bit_cast<double>(prev_value_);
  if (reader_.read_bit()) {
    leading_ = static_cast<int>(reader_.read(5));
    int meaningful = static_cast<int>(reader_.read(6));
    if (meaningful == 0) meaningful = 64;
    trailing_ = 64 - leading_ - meaningful;
  }
  const int meaningful = 64 - leading_ - trailing_;
  const std::uint64_t x = reader_.read(meaningful) << trailing_;
  return std::bit_cast<double>(prev_value_ ^ x);
}

std::vector<EncodedPoint> decode_all(const GorillaEncoder& block) {
  std::vector<EncodedPoint> points;
  points.reserve(block.count());
  GorillaDecoder decoder(block);
  EncodedPoint p;
  while (decoder.next(p)) points.push_back(p);
  return points;
}

}  // namespace sdsim::storage::timeseries
