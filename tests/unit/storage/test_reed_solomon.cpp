#include <doctest/doctest.h>

#include <map>
#include <vector>

#include "sim/storage/erasure_code/reed_solomon.hpp"

using namespace sdsim::storage;

namespace {

std::vector<Shard> make_data(int k, std::size_t len, int seed) {
  std::vector<Shard> d(k, Shard(len));
  for (int i = 0; i < k; ++i)
    for (std::size_t b = 0; b < len; ++b) d[i][b] = static_cast<std::uint8_t>((seed * 131 + i * 31 + b * 7) & 0xff);
  return d;
}

}  // namespace

TEST_CASE("RS(4,2): every choice of 4 of the 6 shards rebuilds the data; 3 do not") {
  ReedSolomon rs(4, 2);
  auto data = make_data(4, 64, 1);
  auto parity = rs.encode(data);
  std::vector<Shard> all = data;
  all.insert(all.end(), parity.begin(), parity.end());
  int subsets = 0;
  for (int mask = 0; mask < 64; ++mask) {
    if (__builtin_popcount(mask) != 4) continue;
    std::map<int, Shard> avail;
    for (int i = 0; i < 6; ++i)
      if (mask & (1 << i)) avail[i] = all[i];
    CHECK(rs.decode(avail) == data);
    ++subsets;
  }
  CHECK(subsets == 15);
  std::map<int, Shard> three{{0, all[0]}, {4, all[4]}, {5, all[5]}};
  CHECK_THROWS(rs.decode(three));
}

TEST_CASE("RS(8,4): losing any four shards is survived") {
  ReedSolomon rs(8, 4);
  auto data = make_data(8, 32, 3);
  auto parity = rs.encode(data);
  std::vector<Shard> all = data;
  all.insert(all.end(), parity.begin(), parity.end());
  int checked = 0;
  for (int mask = 0; mask < (1 << 12); ++mask) {
    if (__builtin_popcount(mask) != 8) continue;
    if (checked++ % 7 != 0) continue;  // a spread sample of the 495 subsets
    std::map<int, Shard> avail;
    for (int i = 0; i < 12; ++i)
      if (mask & (1 << i)) avail[i] = all[i];
    CHECK(rs.decode(avail) == data);
  }
  CHECK(checked == 495);
}

