#include "sim/sweep/stats.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace sdsim {

double student_t_quantile(double p, double df) {
  return boost::math::quantile(boost::math::students_t_distribution<double>(df), p);
}

SampleStats sample_stats(const std::vector<double>& values) {
  SampleStats s;
  s.n = values.size();
  if (s.n == 0) return s;
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(s.n);
  if (std::all_of(values.begin(), values.end(), [&](double v) { return v == values.front(); }))
    s.mean = values.front();  // no rounding noise when every seed agrees (a closed-form metric)
  if (s.n < 2) return s;
  double sq = 0;
  for (double v : values) sq += (v - s.mean) * (v - s.mean);
  s.std = std::sqrt(sq / static_cast<double>(s.n - 1));
  s.ci95_half = student_t_quantile(0.975, static_cast<double>(s.n - 1)) * *s.std /
                std::sqrt(static_cast<double>(s.n));
  return s;
}

}  // namespace sdsim
