// The retry schedules of the book's payment chapter: immediate, fixed interval, incremental
// interval, and exponential back-off (the default, with full jitter as AWS's Architecture
// Blog "Exponential Backoff And Jitter" defines it: a delay drawn uniformly in
// [0, min(cap, base * 2^(n-1)))). A Retry-After the server sent is honoured (RFC 9110,
// section 10.2.3): the delay is never shorter than it.
#pragma once

#include <string>

#include "sim/core/random.hpp"

namespace sdsim::payment {

enum class RetryStrategy { immediate, fixed, incremental, exponential };

struct RetryPolicy {
  RetryStrategy strategy = RetryStrategy::exponential;
  double base = 0.1;   // s: the fixed interval, the increment, the first exponential delay
  double cap = 10.0;   // s: the longest delay
  bool jitter = true;  // exponential only: full jitter

  // Seconds to wait before retry number `retry` (1 for the first retry).
  double delay(int retry, RandomStream& rng, double retry_after = 0.0) const;
};

}  // namespace sdsim::payment
