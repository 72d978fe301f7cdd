// Seeded random streams. Every consumer (a client, a service, a fault process) owns a stream
// derived from the run's seed and a stable name, so adding a consumer never shifts another's
// numbers, and results never depend on wall-clock time, addresses or hash-map order.
// Generators and distributions are our own code, so the numbers are the same on every platform.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sdsim {

// 64-bit FNV-1a of a name: stable across runs, compilers and platforms.
std::uint64_t stable_hash(std::string_view text);
// splitmix64's output for state x: a well-spread 64-bit hash of an integer.
std::uint64_t mix64(std::uint64_t x);

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::string_view name);

  std::uint64_t next_u64();                 // xoshiro256**
  double uniform01();                       // [0, 1), 53 bits
  double uniform(double lo, double hi);     // [lo, hi)
  std::uint64_t below(std::uint64_t n);     // uniform integer in [0, n), unbiased; n > 0
  double exponential(double mean);
  double normal();                          // standard normal
  // Lognormal with the given mean and coefficient of variation (stddev / mean).
  double lognormal(double mean, double cv);
  bool bernoulli(double p);

 private:
  std::uint64_t s_[4];
};

// Zipf over ranks 0..n-1 with exponent s (P(k) proportional to 1/(k+1)^s); O(1) per sample
// after an O(n) table (alias method), so it suits key spaces up to a few million.
class ZipfSampler {
 public:
  ZipfSampler(std::uint64_t n, double s);
  std::uint64_t sample(RandomStream& rng) const;
  double probability(std::uint64_t rank) const;

 private:
  std::vector<double> prob_;
  std::vector<std::uint32_t> alias_;
  std::vector<double> p_;
};

}  // namespace sdsim
