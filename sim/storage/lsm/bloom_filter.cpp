#include "sim/storage/lsm/bloom_filter.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/random.hpp"

namespace sdsim::storage::lsm {
namespace {

// splitmix64's finaliser: FNV-1a alone leaves similar keys ("k1", "k2") with similar hashes.
std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

struct HashPair {
  std::uint64_t h1, h2;
};

HashPair hashes(std::string_view key) {
  const std::uint64_t h = stable_hash(key);
  return {mix(h), mix(h ^ 0x9e3779b97f4a7c15ULL) | 1};  // odd h2: the k probes stay distinct
}

}  // namespace

BloomFilter::BloomFilter(std::uint64_t expected_keys, double fp_chance) {
  if (expected_keys == 0) return;
  const double ln2 = std::log(2.0);
  const double n = static_cast<double>(expected_keys);
  bit_count_ = static_cast<std::uint64_t>(std::ceil(-n * std::log(fp_chance) / (ln2 * ln2)));
  bit_count_ = std::max<std::uint64_t>(bit_count_, 64);
  hash_count_ =
      std::max(1, static_cast<int>(std::lround(static_cast<double>(bit_count_) / n * ln2)));
  words_.assign((bit_count_ + 63) / 64, 0);
}

std::uint64_t BloomFilter::position(std::uint64_t h1, std::uint64_t h2, int i) const {
  const std::uint64_t h = h1 + static_cast<std::uint64_t>(i) * h2;
  // Multiply-shift maps a 64-bit hash onto [0, m) without the bias of a modulo on small m.
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(h) * bit_count_) >> 64);
}

void BloomFilter::add(std::string_view key) {
  if (bit_count_ == 0) return;
  const HashPair hp = hashes(key);
  for (int i = 0; i < hash_count_; ++i) {
    const std::uint64_t bit = position(hp.h1, hp.h2, i);
    words_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }
}

bool BloomFilter::may_contain(std::string_view key) const {
  if (bit_count_ == 0) return false;
  const HashPair hp = hashes(key);
  for (int i = 0; i < hash_count_; ++i) {
    const std::uint64_t bit = position(hp.h1, hp.h2, i);
    if (!(words_[bit / 64] >> (bit % 64) & 1)) return false;
  }
  return true;
}

}  // namespace sdsim::storage::lsm
