#include "sim/core/random.hpp"

#include <cassert>
#include <cmath>
#include <numbers>

namespace sdsim {
namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// splitmix64: the seeding generator recommended for xoshiro, it turns correlated inputs
// (seed 1, seed 2, similar names) into well-spread, independent-looking states.
std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

std::uint64_t mix64(std::uint64_t x) { return splitmix64(x); }

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64-bit offset basis
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;  // FNV-1a 64-bit prime
  }
  return h;
}

RandomStream::RandomStream(std::uint64_t seed, std::string_view name) {
  // The seed is scrambled before the name is folded in, so (seed, name) pairs whose raw
  // values would XOR to the same number still get unrelated streams.
  std::uint64_t mix = seed;
  mix = splitmix64(mix) ^ stable_hash(name);
  for (std::uint64_t& word : s_) word = splitmix64(mix);
  // xoshiro's one forbidden state; splitmix64 makes it practically unreachable.
  if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;
}

std::uint64_t RandomStream::next_u64() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double RandomStream::uniform01() {
  // The top 53 bits fill a double's mantissa exactly: every value is k / 2^53.
  return static_cast<double>(next_u64() >> 11) * 0x1p-53;
}

double RandomStream::uniform(double lo, double hi) {
  double x = lo + (hi - lo) * uniform01();
  // Rounding can land exactly on hi; keep the interval half-open as documented.
  return x < hi ? x : std::nextafter(hi, lo);
}

std::uint64_t RandomStream::below(std::uint64_t n) {
  assert(n > 0 && "below(n) needs n > 0");
  if (n == 0) return 0;
  // Lemire's multiply-shift with rejection: unbiased, and usually a single draw.
  unsigned __int128 m = static_cast<unsigned __int128>(next_u64()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (low < threshold) {
      m = static_cast<unsigned __int128>(next_u64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

double RandomStream::exponential(double mean) {
  // Inversion; 1 - u lies in (0, 1], so the log is always finite.
  return -mean * std::log1p(-uniform01());
}

double RandomStream::normal() {
  // Box-Muller using exactly two draws per sample and no cached second value, so a stream's
  // sequence depends only on how many calls were made, not on which distributions.
  const double radius = std::sqrt(-2.0 * std::log1p(-uniform01()));
  const double angle = 2.0 * std::numbers::pi * uniform01();
  return radius * std::cos(angle);
}

double RandomStream::lognormal(double mean, double cv) {
  if (cv <= 0.0) return mean;
  const double sigma2 = std::log1p(cv * cv);
  const double mu = std::log(mean) - sigma2 / 2;
  return std::exp(mu + std::sqrt(sigma2) * normal());
}

bool RandomStream::bernoulli(double p) { return uniform01() < p; }

ZipfSampler::ZipfSampler(std::uint64_t n, double s) {
  assert(n > 0 && n <= UINT32_MAX && "Zipf needs 1 <= n < 2^32 ranks");
  p_.resize(n);
  double total = 0.0;
  for (std::uint64_t k = 0; k < n; ++k) {
    p_[k] = std::pow(static_cast<double>(k + 1), -s);
    total += p_[k];
  }
  for (double& p : p_) p /= total;

  // Vose's alias method. Plain vectors used as stacks keep construction deterministic.
  prob_.assign(n, 1.0);
  alias_.resize(n);
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small, large;
  for (std::uint64_t k = 0; k < n; ++k) {
    scaled[k] = p_[k] * static_cast<double>(n);
    alias_[k] = static_cast<std::uint32_t>(k);
    (scaled[k] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(k));
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t lo = small.back(), hi = large.back();
    small.pop_back();
    prob_[lo] = scaled[lo];
    alias_[lo] = hi;
    scaled[hi] -= 1.0 - scaled[lo];
    if (scaled[hi] < 1.0) {
      large.pop_back();
      small.push_back(hi);
    }
  }
  // Whatever is left is 1 up to rounding: those columns keep prob 1 and never alias.
}

std::uint64_t ZipfSampler::sample(RandomStream& rng) const {
  const std::uint64_t column = rng.below(prob_.size());
  return rng.uniform01() < prob_[column] ? column : alias_[column];
}

double ZipfSampler::probability(std::uint64_t rank) const {
  return rank < p_.size() ? p_[rank] : 0.0;
}

}  // namespace sdsim
