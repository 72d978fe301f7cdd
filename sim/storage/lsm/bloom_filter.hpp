// A real bloom filter, one per SSTable, so false positives are measured rather than assumed.
// Sizing is the textbook optimum for n keys at false-positive rate p:
//   bits m = ceil(-n ln p / (ln 2)^2),  hash functions k = round(m / n * ln 2)
// (about 9.6 bits and 7 hashes per key at p = 0.01). The k positions come from two 64-bit
// hashes combined as h1 + i*h2 (Kirsch and Mitzenmacher), which keeps the same rate.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sdsim::storage::lsm {

class BloomFilter {
 public:
  BloomFilter() = default;  // empty: contains nothing
  BloomFilter(std::uint64_t expected_keys, double fp_chance);

  void add(std::string_view key);
  bool may_contain(std::string_view key) const;

  std::uint64_t bit_count() const { return bit_count_; }
  int hash_count() const { return hash_count_; }
  std::uint64_t size_bytes() const { return (bit_count_ + 7) / 8; }

 private:
  std::uint64_t position(std::uint64_t h1, std::uint64_t h2, int i) const;

  std::vector<std::uint64_t> words_;
  std::uint64_t bit_count_ = 0;
  int hash_count_ = 0;
};

}  // namespace sdsim::storage::lsm
