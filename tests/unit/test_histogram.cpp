#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/metrics/histogram.hpp"

using sdsim::LatencyHistogram;
using sdsim::RandomStream;

namespace {

// The exact quantile the histogram promises to approximate: rank ceil(q*n), 1-based.
double exact_quantile(const std::vector<double>& sorted, double q) {
  auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(q * double(sorted.size()))));
  return sorted[rank - 1];
}

void check_against_exact(const char* name, const std::function<double(RandomStream&)>& draw) {
  RandomStream rng(2024, name);
  LatencyHistogram h;
  std::vector<double> samples;
  double sum = 0.0;
  for (int i = 0; i < 100000; ++i) {
    double v = draw(rng);
    samples.push_back(v);
    sum += v;
    h.add(v);
  }
  std::sort(samples.begin(), samples.end());
  INFO("distribution: ", name);
  CHECK(h.count() == samples.size());
  CHECK(h.mean() == sum / double(samples.size()));
  CHECK(h.max() == samples.back());
  CHECK(h.min() == samples.front());
  CHECK(h.quantile(1.0) == samples.back());
  CHECK(h.quantile(0.0) == samples.front());
  for (double q : {0.5, 0.9, 0.99, 0.999, 0.9999}) {
    double exact = exact_quantile(samples, q);
    INFO("q = ", q, " exact ", exact, " got ", h.quantile(q));
    CHECK(std::fabs(h.quantile(q) - exact) <= 0.01 * exact);
    // The implementation promises its own, tighter bound.
    CHECK(std::fabs(h.quantile(q) - exact) <= (LatencyHistogram::kRelativeError + 1e-9) * exact);
  }
}

}  // namespace

TEST_CASE("quantiles are within the relative error of exact sample quantiles") {
  check_against_exact("exponential", [](RandomStream& r) { return r.exponential(0.050); });
  check_against_exact("lognormal", [](RandomStream& r) { return r.lognormal(0.020, 2.0); });
  check_against_exact("uniform", [](RandomStream& r) { return r.uniform(0.001, 1.0); });
}

TEST_CASE("an empty histogram reports zeros") {
  LatencyHistogram h;
  CHECK(h.count() == 0);
  CHECK(h.mean() == 0.0);
  CHECK(h.min() == 0.0);
  CHECK(h.max() == 0.0);
  CHECK(h.quantile(0.5) == 0.0);
  CHECK(h.bucket_count() == 0);
}

TEST_CASE("a single value is reported exactly") {
  LatencyHistogram h;
  h.add(0.123);
  for (double q : {0.0, 0.5, 0.99, 1.0}) CHECK(h.quantile(q) == 0.123);
}

TEST_CASE("zeros are counted exactly and need no bucket") {
  LatencyHistogram h;
  for (int i = 0; i < 60; ++i) h.add(0.0);
  CHECK(h.bucket_count() == 0);
  for (int i = 0; i < 40; ++i) h.add(2.0);
  CHECK(h.count() == 100);
  CHECK(h.min() == 0.0);
  CHECK(h.max() == 2.0);
  CHECK(h.quantile(0.5) == 0.0);
  CHECK(h.quantile(0.6) == 0.0);  // rank 60: the last zero
  CHECK(h.quantile(0.61) == doctest::Approx(2.0).epsilon(LatencyHistogram::kRelativeError));
  CHECK(h.mean() == doctest::Approx(0.8));
}

TEST_CASE("merge equals adding every sample to one histogram") {
  RandomStream rng(1, "merge");
  LatencyHistogram a, b, all;
  for (int i = 0; i < 20000; ++i) {
    double v = rng.lognormal(0.01, 1.5);
    (i % 3 == 0 ? a : b).add(v);
    all.add(v);
  }
  // Disjoint ranges on both sides force the merged span to grow both ways.
  b.add(1e-6);
  b.add(0.0);
  a.add(50.0);
  all.add(1e-6);
  all.add(0.0);
  all.add(50.0);

  LatencyHistogram merged;
  merged.merge(a);
  merged.merge(b);
  merged.merge(LatencyHistogram{});  // merging nothing changes nothing
  CHECK(merged.count() == all.count());
  CHECK(merged.sum() == doctest::Approx(all.sum()).epsilon(1e-12));
  CHECK(merged.min() == all.min());
  CHECK(merged.max() == all.max());
  CHECK(merged.bucket_count() == all.bucket_count());
  for (double q = 0.0; q <= 1.0; q += 0.001) CHECK(merged.quantile(q) == all.quantile(q));
}

TEST_CASE("memory grows with the span of values, not their number") {
  LatencyHistogram h;
  RandomStream rng(3, "span");
  for (int i = 0; i < 200000; ++i) h.add(std::pow(10.0, rng.uniform(-6.0, 3.0)));
  // log(1e9)/log(gamma) ~ 2073 buckets for e = 0.5%.
  CHECK(h.bucket_count() < 5000);
  const std::size_t before = h.bucket_count();
  for (int i = 0; i < 100000; ++i) h.add(rng.uniform(0.001, 1.0));
  CHECK(h.bucket_count() == before);
}

TEST_CASE("quantile ranks follow ceil(q*n) on a small known sample") {
  LatencyHistogram h;
  for (int v = 1; v <= 10; ++v) h.add(double(v));
  const double e = LatencyHistogram::kRelativeError;
  CHECK(h.quantile(0.5) == doctest::Approx(5.0).epsilon(e));   // rank 5
  CHECK(h.quantile(0.51) == doctest::Approx(6.0).epsilon(e));  // rank 6
  CHECK(h.quantile(0.9) == doctest::Approx(9.0).epsilon(e));   // rank 9
  CHECK(h.quantile(0.95) == 10.0);                             // rank 10 = max, exact
  CHECK(h.quantile(0.05) == 1.0);                              // rank 1 = min, exact
}
