// The seeds `sdsim grade` derives from a base: splitmix64 (Steele, Lea and Flood, "Fast
// splittable pseudorandom number generators", OOPSLA 2014; the reference C code at
// https://prng.di.unimi.it/splitmix64.c), one output per seed index, modulo 2^62.
#include <doctest/doctest.h>

#include <set>

#include "sim/sweep/grade.hpp"

TEST_CASE("grade seeds: splitmix64 outputs of the base's stream, in sdsim's seed range") {
  // Expected values from an independent Python transcription of splitmix64.c: the output for
  // state base + i * 0x9e3779b97f4a7c15 (the C code adds the constant before mixing).
  CHECK(sdsim::grade_seed(1, 0) == 1227844342346046657ULL);
  CHECK(sdsim::grade_seed(1, 1) == 4533873174211652711ULL);
  CHECK(sdsim::grade_seed(7, 2) == 2781043691533445634ULL);
  std::set<std::uint64_t> seen;
  for (std::uint64_t base : {0ULL, 1ULL, 2ULL, 20261203ULL})
    for (std::uint64_t i = 0; i < 1000; ++i) {
      const std::uint64_t s = sdsim::grade_seed(base, i);
      CHECK(s < (1ULL << 62));
      seen.insert(s);
    }
  CHECK(seen.size() == 4000);  // neighbouring bases do not share seeds
}
