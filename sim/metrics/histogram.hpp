// A latency histogram with bounded relative error: values fall into logarithmic buckets whose
// width is 2*kRelativeError of their lower edge, and a quantile is reported as its bucket's
// midpoint (geometric), so any reported quantile is within kRelativeError of an exact sample
// quantile. Memory is O(buckets used), independent of the number of samples.
#pragma once

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

 private:
  std::vector<std::uint64_t> buckets_;  // index = bucket - offset_
  std::int64_t offset_ = 0;
  std::uint64_t zeros_ = 0;
  std::uint64_t count_ = 0;
  double sum_ = 0.0, min_ = 0.0, max_ = 0.0;
};

}  // namespace sdsim
