#include <doctest/doctest.h>

#include <map>
#include <vector>

#include "models/object_store/erasure_code.hpp"
#include "models/object_store/scheme.hpp"

using namespace sdsim::object_store;

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

TEST_CASE("schemes: shard counts, tolerance, overhead, acks") {
  auto rep = Scheme::replication(3);
  CHECK(rep.shards() == 3);
  CHECK(rep.tolerance() == 2);
  CHECK(rep.nominal_overhead() == 2.0);
  CHECK(rep.shard_bytes(1000) == 1000);
  CHECK(rep.acks_needed() == 3);
  CHECK(Scheme::replication(3, WriteAck::PrimaryPlusOne).acks_needed() == 2);
  CHECK(Scheme::replication(3, WriteAck::Primary).acks_needed() == 1);
  auto ec = Scheme::erasure_coding(8, 4);
  CHECK(ec.shards() == 12);
  CHECK(ec.needed() == 8);
  CHECK(ec.tolerance() == 4);
  CHECK(ec.nominal_overhead() == 0.5);
  CHECK(ec.shard_bytes(64000) == 8000);
  CHECK(ec.shard_bytes(64001) == 8001);
  CHECK(ec.acks_needed() == 12);
  CHECK(ec.label() == "RS(8,4)");
}

TEST_CASE("read plans: data first, parity only for missing data, any k of k+m") {
  auto ec = Scheme::erasure_coding(4, 2);
  auto plan = plan_read(ec, {true, true, true, true, true, true});
  CHECK(plan.possible);
  CHECK_FALSE(plan.decode);
  CHECK(plan.shards == std::vector<int>{0, 1, 2, 3});
  plan = plan_read(ec, {true, false, true, true, false, true});
  CHECK(plan.possible);
  CHECK(plan.decode);
  CHECK(plan.shards == std::vector<int>{0, 2, 3, 5});
  plan = plan_read(ec, {false, false, true, true, false, true});
  CHECK_FALSE(plan.possible);
  auto rep = Scheme::replication(3);
  plan = plan_read(rep, {false, false, true});
  CHECK(plan.possible);
  CHECK_FALSE(plan.decode);
  CHECK(plan.shards == std::vector<int>{2});
  CHECK_FALSE(plan_read(rep, {false, false, false}).possible);
}
