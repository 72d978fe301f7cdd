#include "sim/metrics/histogram.hpp"

#include <algorithm>
#include <cassert>
#include <cfloat>
#include <cmath>

namespace sdsim {
namespace {

constexpr double kGamma =
    (1 + LatencyHistogram::kRelativeError) / (1 - LatencyHistogram::kRelativeError);
const double kLogGamma = std::log(kGamma);

// Bucket i holds (gamma^(i-1), gamma^i]. Rounding in the log can move a value sitting on an
// edge to the neighbouring bucket; that costs ~1e-15 of relative error, nothing more.
std::int64_t bucket_of(double value) {
  return static_cast<std::int64_t>(std::ceil(std::log(value) / kLogGamma));
}

// The point whose relative distance to both bucket edges is kRelativeError.
double representative(std::int64_t bucket) {
  return 2.0 * std::pow(kGamma, static_cast<double>(bucket)) / (kGamma + 1.0);
}

}  // namespace

void LatencyHistogram::add(double value) {
  assert(value >= 0.0 && "histogram values must be >= 0");
  if (!(value > 0.0)) value = 0.0;   // negative or NaN only through a bug: count it as zero
  value = std::min(value, DBL_MAX);  // keep the bucket index finite
  note_extremes(value, value);
  ++count_;
  sum_ += value;
  if (value == 0.0) {
    ++zeros_;  // log(0) has no bucket; zeros are exact anyway
    return;
  }
  const std::int64_t bucket = bucket_of(value);
  cover(bucket, bucket);
  ++buckets_[static_cast<std::size_t>(bucket - offset_)];
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  note_extremes(other.min_, other.max_);
  count_ += other.count_;
  sum_ += other.sum_;
  zeros_ += other.zeros_;
  if (other.buckets_.empty()) return;
  const auto span = static_cast<std::int64_t>(other.buckets_.size());
  cover(other.offset_, other.offset_ + span - 1);
  for (std::int64_t i = 0; i < span; ++i)
    buckets_[static_cast<std::size_t>(other.offset_ + i - offset_)] +=
        other.buckets_[static_cast<std::size_t>(i)];
}

double LatencyHistogram::mean() const { return count_ == 0 ? 0.0 : sum_ / double(count_); }
double LatencyHistogram::min() const { return min_; }
double LatencyHistogram::max() const { return max_; }

double LatencyHistogram::quantile(double q) const {
  if (count_ == 0) return 0.0;
  const double wanted = std::ceil(q * static_cast<double>(count_));
  const auto rank = static_cast<std::uint64_t>(std::max(1.0, wanted));
  // The extreme ranks are known exactly; no need to approximate them.
  if (rank <= 1) return min_;
  if (rank >= count_) return max_;
  if (rank <= zeros_) return 0.0;
  std::uint64_t seen = zeros_;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank)
      return std::clamp(representative(offset_ + static_cast<std::int64_t>(i)), min_, max_);
  }
  return max_;  // unreachable while the counts add up
}

void LatencyHistogram::cover(std::int64_t first, std::int64_t last) {
  if (buckets_.empty()) {
    offset_ = first;
    buckets_.assign(static_cast<std::size_t>(last - first + 1), 0);
    return;
  }
  if (first < offset_) {
    buckets_.insert(buckets_.begin(), static_cast<std::size_t>(offset_ - first), 0);
    offset_ = first;
  }
  const std::int64_t end = offset_ + static_cast<std::int64_t>(buckets_.size());
  if (last >= end) buckets_.resize(buckets_.size() + static_cast<std::size_t>(last - end + 1), 0);
}

void LatencyHistogram::note_extremes(double lo, double hi) {
  min_ = count_ == 0 ? lo : std::min(min_, lo);
  max_ = count_ == 0 ? hi : std::max(max_, hi);
}

}  // namespace sdsim
