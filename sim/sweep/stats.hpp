// Mean, standard deviation and Student-t confidence interval of a metric over a grid point's
// seeds: each seed is one independent replication, so the interval is the textbook one.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace sdsim {

struct SampleStats {
  std::size_t n = 0;
  double mean = 0;
  std::optional<double> std;        // sample standard deviation (n - 1); needs n >= 2
  std::optional<double> ci95_half;  // t(0.975, n - 1) * std / sqrt(n); needs n >= 2
};

// Summed in the order given, so the same values in the same order give the same bits.
SampleStats sample_stats(const std::vector<double>& values);

// The p-quantile of Student's t distribution with `df` degrees of freedom (0 < p < 1).
double student_t_quantile(double p, double df);

}  // namespace sdsim
