// A latency histogram with bounded relative error: bucket i holds values in
// (gamma^(i-1), gamma^i] with gamma = (1+e)/(1-e), e = kRelativeError, and a quantile is
// reported as 2*gamma^i/(gamma+1), the point equally far (relatively) from both edges, so any
// reported quantile is within kRelativeError of an exact sample quantile. Memory is
// O(buckets spanned), independent of the number of samples.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sdsim {

class LatencyHistogram {
 public:
  static constexpr double kRelativeError = 0.005;  // 0.5%: half the 1% the outputs promise

  void add(double value);  // value >= 0 (seconds or any unit); 0 is kept exactly
  void merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  double sum() const { return sum_; }
  double mean() const;   // exact (from the running sum); 0 when empty
  double min() const;    // exact; 0 when empty
  double max() const;    // exact; 0 when empty
  // q in [0, 1]: the value at rank ceil(q * count) (1-based) of the sorted samples, within
  // kRelativeError; q = 1 gives max() exactly, q = 0 min(). 0 when empty.
  double quantile(double q) const;
  // Buckets held, from the lowest to the highest used: the memory cost, for tests and reports.
  std::size_t bucket_count() const { return buckets_.size(); }

 private:
  // Grows buckets_ so that bucket indices first..last are all held.
  void cover(std::int64_t first, std::int64_t last);
  void note_extremes(double lo, double hi);

  std::vector<std::uint64_t> buckets_;  // index = bucket - offset_
  std::int64_t offset_ = 0;
  std::uint64_t zeros_ = 0;
  std::uint64_t count_ = 0;
  double sum_ = 0.0, min_ = 0.0, max_ = 0.0;
};

}  // namespace sdsim
