// A closed, open or half-open interval of scores, as ZRANGEBYSCORE, ZCOUNT and
// ZREMRANGEBYSCORE take it (https://redis.io/commands/zrangebyscore/ : "(" makes a bound
// exclusive; -inf and +inf are valid bounds).
#pragma once

#include <limits>

namespace sdsim::storage::sorted_set {

struct ScoreRange {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  bool max_exclusive = false;

  bool above_min(double score) const { return min_exclusive ? score > min : score >= min; }
  bool below_max(double score) const { return max_exclusive ? score < max : score <= max; }
  bool contains(double score) const { return above_min(score) && below_max(score); }
  // True when no score can lie inside, e.g. [2, 1] or (1, 1]: Redis answers these at once.
  bool empty() const { return min > max || (min == max && (min_exclusive || max_exclusive)); }
};

}  // namespace sdsim::storage::sorted_set
