#include <doctest/doctest.h>

#include <vector>

#include "sim/services/blob/scheme.hpp"

using namespace sdsim::blob_service;

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
