#include "sim/storage/nosql/capacity.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::storage::nosql {

double write_units(std::uint64_t item_bytes) {
  return std::max(1.0, std::ceil(static_cast<double>(item_bytes) / kWriteUnitBytes));
}

double read_units(std::uint64_t bytes_read, bool strongly_consistent) {
  const double units = std::max(1.0, std::ceil(static_cast<double>(bytes_read) / kReadUnitBytes));
  return strongly_consistent ? units : units / 2;
}

TokenBucket::TokenBucket(double rate, double burst_seconds)
    : rate_(rate), capacity_(rate * std::max(1.0, burst_seconds)), tokens_(rate) {}

void TokenBucket::refill(double now_s) {
  if (now_s > last_s_) tokens_ = std::min(capacity_, tokens_ + rate_ * (now_s - last_s_));
  last_s_ = std::max(last_s_, now_s);
}

bool TokenBucket::try_consume(double units, double now_s) {
  refill(now_s);
  if (tokens_ <= 0) return false;
  tokens_ -= units;
  return true;
}

double TokenBucket::available(double now_s) {
  refill(now_s);
  return tokens_;
}

bool PartitionCapacity::try_consume(double units, double now_s) {
  if (provisioned_.available(now_s) <= 0 || hard_.available(now_s) <= 0) return false;
  provisioned_.try_consume(units, now_s);
  hard_.try_consume(units, now_s);
  return true;
}

}  // namespace sdsim::storage::nosql
