#include "models/payment/retry.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace sdsim::payment {

double RetryPolicy::delay(int retry, RandomStream& rng, double retry_after) const {
  assert(retry >= 1);
  double d = 0.0;
  switch (strategy) {
    case RetryStrategy::immediate:
      d = 0.0;
      break;
    case RetryStrategy::fixed:
      d = base;
      break;
    case RetryStrategy::incremental:
      d = std::min(cap, base * retry);
      break;
    case RetryStrategy::exponential: {
      const double ceiling = std::min(cap, base * std::ldexp(1.0, std::min(retry - 1, 60)));
      d = jitter ? rng.uniform(0.0, ceiling) : ceiling;
      break;
    }
  }
  return std::max(d, retry_after);
}

}  // namespace sdsim::payment
