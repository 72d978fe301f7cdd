// Provisioned throughput as DynamoDB accounts it (Developer Guide, "Read/write capacity mode",
// "Burst and adaptive capacity"), plain C++ with time passed in:
//   - a write of an item costs one write capacity unit (WCU) per 1 KB started (at least one);
//   - a strongly consistent read one read capacity unit (RCU) per 4 KB started, an eventually
//     consistent read half of that; a Query or Scan is charged on the total size of what it
//     read, rounded up to 4 KB;
//   - each partition gets an even share of the table's provisioned rate, at most 3,000 RCU and
//     1,000 WCU per second; unused capacity accumulates for up to 300 s (burst capacity), but
//     a partition never goes beyond its hard per-second limit.
// A bucket admits a request while it holds any capacity and then debits the whole request (the
// balance may go negative, so a large item is not refused forever); a refused request is
// throttled (ProvisionedThroughputExceededException).
#pragma once

#include <cstdint>

namespace sdsim::storage::nosql {

inline constexpr double kWriteUnitBytes = 1024, kReadUnitBytes = 4096;
double write_units(std::uint64_t item_bytes);
double read_units(std::uint64_t bytes_read, bool strongly_consistent);

class TokenBucket {
 public:
  // `rate` units per second, holding at most `rate * burst_seconds` (at least one second's).
  TokenBucket(double rate, double burst_seconds);
  // Admits (and debits `units`) if the bucket holds any capacity at `now_s`.
  bool try_consume(double units, double now_s);
  double available(double now_s);  // refilled to now_s
  double rate() const { return rate_; }

 private:
  void refill(double now_s);
  double rate_, capacity_, tokens_, last_s_ = 0;
};

// A partition's admission: its provisioned share with burst capacity, and its hard limit.
class PartitionCapacity {
 public:
  PartitionCapacity(double rate, double hard_limit, double burst_seconds)
      : provisioned_(rate, burst_seconds), hard_(hard_limit, 1.0) {}
  bool try_consume(double units, double now_s);

 private:
  TokenBucket provisioned_, hard_;
};

}  // namespace sdsim::storage::nosql
