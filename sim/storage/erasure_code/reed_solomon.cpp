#include "sim/storage/erasure_code/reed_solomon.hpp"

#include <array>
#include <stdexcept>

namespace sdsim::storage {
namespace {

// GF(2^8) with the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d), by log/antilog tables.
struct Gf256 {
  std::array<std::uint8_t, 512> exp{};
  std::array<int, 256> log{};
  Gf256() {
    int x = 1;
    for (int i = 0; i < 255; ++i) {
      exp[i] = static_cast<std::uint8_t>(x);
      log[x] = i;
      x <<= 1;
      if (x & 0x100) x ^= 0x11d;
    }
    for (int i = 255; i < 512; ++i) exp[i] = exp[i - 255];
  }
  std::uint8_t mul(std::uint8_t a, std::uint8_t b) const {
    return (a == 0 || b == 0) ? 0 : exp[log[a] + log[b]];
  }
  std::uint8_t inv(std::uint8_t a) const {
    if (a == 0) throw std::logic_error("GF(256): inverse of 0");
    return exp[255 - log[a]];
  }
};

const Gf256& gf() {
  static const Gf256 field;
  return field;
}

}  // namespace

ReedSolomon::ReedSolomon(int k, int m) : k_(k), m_(m) {
  if (k < 1 || m < 0 || k + m > 255) throw std::invalid_argument("RS(k, m): need k >= 1, m >= 0, k + m <= 255");
}

// Rows 0..k-1: identity (systematic). Row k+i: Cauchy 1 / (x_i + y_j), x_i = k + i, y_j = j;
// every square submatrix of a Cauchy matrix is invertible, hence "any k of k+m".
std::uint8_t ReedSolomon::coef(int row, int col) const {
  if (row < k_) return row == col ? 1 : 0;
  return gf().inv(static_cast<std::uint8_t>(row ^ col));
}

std::vector<Shard> ReedSolomon::encode(const std::vector<Shard>& data) const {
  if (static_cast<int>(data.size()) != k_) throw std::invalid_argument("RS encode: need k data shards");
  const std::size_t len = data.front().size();
  std::vector<Shard> parity(m_, Shard(len, 0));
  for (int i = 0; i < m_; ++i)
    for (int j = 0; j < k_; ++j) {
      const std::uint8_t c = coef(k_ + i, j);
      for (std::size_t b = 0; b < len; ++b) parity[i][b] ^= gf().mul(c, data[j][b]);
    }
  return parity;
}

std::vector<Shard> ReedSolomon::decode(const std::map<int, Shard>& available) const {
  if (static_cast<int>(available.size()) < k_) throw std::invalid_argument("RS decode: fewer than k shards");
  // Take the first k shards, build their generator rows, invert by Gauss-Jordan.
  std::vector<int> rows;
  std::vector<const Shard*> shards;
  for (const auto& [idx, s] : available) {
    if (static_cast<int>(rows.size()) == k_) break;
    rows.push_back(idx);
    shards.push_back(&s);
  }
  std::vector<std::vector<std::uint8_t>> a(k_, std::vector<std::uint8_t>(2 * k_, 0));
  for (int r = 0; r < k_; ++r) {
    for (int c = 0; c < k_; ++c) a[r][c] = coef(rows[r], c);
    a[r][k_ + r] = 1;
  }
  for (int c = 0; c < k_; ++c) {
    int p = c;
    while (p < k_ && a[p][c] == 0) ++p;
    if (p == k_) throw std::logic_error("RS decode: singular matrix");
    std::swap(a[p], a[c]);
    const std::uint8_t inv = gf().inv(a[c][c]);
    for (auto& v : a[c]) v = gf().mul(v, inv);
    for (int r = 0; r < k_; ++r) {
      if (r == c || a[r][c] == 0) continue;
      const std::uint8_t f = a[r][c];
      for (int x = 0; x < 2 * k_; ++x) a[r][x] ^= gf().mul(f, a[c][x]);
    }
  }
  const std::size_t len = shards.front()->size();
  std::vector<Shard> data(k_, Shard(len, 0));
  for (int d = 0; d < k_; ++d)
    for (int s = 0; s < k_; ++s) {
      const std::uint8_t c = a[d][k_ + s];
      if (c == 0) continue;
      for (std::size_t b = 0; b < len; ++b) data[d][b] ^= gf().mul(c, (*shards[s])[b]);
    }
  return data;
}

}  // namespace sdsim::storage
