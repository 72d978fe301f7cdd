// Capacity units and throttling as the DynamoDB Developer Guide defines them ("Read/write
// capacity mode": 1 WCU per 1 KB written, 1 RCU per 4 KB read strongly consistently, half for
// eventually consistent reads; "Burst capacity": up to 300 s of unused capacity is kept;
// partitions are limited to 3,000 RCU and 1,000 WCU per second).
#include <doctest/doctest.h>

#include "sim/storage/nosql/capacity.hpp"

using namespace sdsim::storage::nosql;

TEST_CASE("nosql capacity: units per item size") {
  CHECK(write_units(1) == 1);
  CHECK(write_units(1024) == 1);
  CHECK(write_units(1025) == 2);
  CHECK(write_units(3500) == 4);
  CHECK(read_units(4096, true) == 1);
  CHECK(read_units(4097, true) == 2);
  CHECK(read_units(4097, false) == 1);
  CHECK(read_units(100, false) == 0.5);
  CHECK(read_units(0, true) == 1);  // a read that finds nothing still costs a unit
}

TEST_CASE(
    "nosql capacity: a bucket admits its rate and keeps unused capacity up to the burst window") {
  TokenBucket b(10, 300);
  int admitted = 0;
  for (int i = 0; i < 100; ++i) admitted += b.try_consume(1, 0.0);
  CHECK(admitted == 10);                // one second's worth at the start
  CHECK(b.try_consume(1, 0.05));        // 0.5 units refilled: any capacity admits a request...
  CHECK_FALSE(b.try_consume(1, 0.05));  // ...which leaves the bucket in debt
  // Idle for 1000 s: at most 300 s of capacity (3000 units) is kept.
  CHECK(b.available(1000) == doctest::Approx(3000));
}

TEST_CASE("nosql capacity: burst cannot beat a partition's hard limit") {
  PartitionCapacity p(100, 1000, 300);  // 100 WCU/s provisioned, 1000 WCU/s hard limit
  int admitted = 0;
  for (int i = 0; i < 5000; ++i) admitted += p.try_consume(1, 400.0);  // 300 s of burst banked
  CHECK(admitted == 1000);  // the hard limit, not the 30,000 units of burst
  int later = 0;
  for (int i = 0; i < 5000; ++i) later += p.try_consume(1, 401.0);
  CHECK(later == 1000);
}
