// A value stored under a key: either real bytes or only a size. Size-only values let a model
// or a benchmark push millions of writes through the store (10^7 writes of 100 B would be 1 GB
// of bytes to copy around) while every byte count, SSTable size and amplification figure stays
// what real values of that size would give. Keys are always real strings: they decide order,
// bloom filters and overwrites, so they cannot be summarised by a size.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace sdsim::storage::lsm {

class Value {
 public:
  Value() = default;
  static Value bytes(std::string data) {
    Value v;
    v.size_bytes_ = static_cast<std::uint32_t>(data.size());
    v.data_ = std::move(data);
    v.has_bytes_ = true;
    return v;
  }
  static Value of_size(std::uint32_t size_bytes) {
    Value v;
    v.size_bytes_ = size_bytes;
    return v;
  }

  std::uint32_t size_bytes() const { return size_bytes_; }
  bool has_bytes() const { return has_bytes_; }
  const std::string& data() const { return data_; }  // empty for a size-only value

  bool operator==(const Value&) const = default;

  // Cassandra breaks a timestamp tie between two live cells by comparing the values (the
  // greater wins), so every replica picks the same one. Size-only values compare by size.
  friend bool value_greater(const Value& a, const Value& b) {
    if (a.has_bytes_ != b.has_bytes_) return a.has_bytes_;
    if (a.has_bytes_) return a.data_ > b.data_;
    return a.size_bytes_ > b.size_bytes_;
  }

 private:
  std::string data_;
  std::uint32_t size_bytes_ = 0;
  bool has_bytes_ = false;
};

}  // namespace sdsim::storage::lsm
