// Reed-Solomon RS(k, m) over GF(2^8) with a Cauchy generator: k data shards, m parity shards,
// and any k of the k+m rebuild the data. The simulation only needs the counting rule (any k
// of k+m) and the costs; this real codec is here so the unit tests prove the rule.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace sdsim::storage {

using Shard = std::vector<std::uint8_t>;

class ReedSolomon {
 public:
  ReedSolomon(int k, int m);  // k >= 1, m >= 0, k + m <= 255
  int k() const { return k_; }
  int m() const { return m_; }

  // k equal-length data shards -> m parity shards.
  std::vector<Shard> encode(const std::vector<Shard>& data) const;
  // Any k shards by index (0..k-1 data, k..k+m-1 parity) -> the k data shards.
  // Throws std::invalid_argument with fewer than k shards.
  std::vector<Shard> decode(const std::map<int, Shard>& available) const;

 private:
  std::uint8_t coef(int row, int col) const;  // generator row (k+m rows) x data column
  int k_, m_;
};

}  // namespace sdsim::storage
