#include "models/object_store/checker.hpp"

#include <cmath>

namespace sdsim::object_store {

double binomial(int n, int k) {
  if (k < 0 || k > n) return 0.0;
  double r = 1.0;
  for (int i = 1; i <= k; ++i) r = r * (n - k + i) / i;
  return r;
}

double annual_loss_probability(int shards, int tolerate, double afr, double repair_window_s) {
  if (afr <= 0.0) return 0.0;
  if (afr >= 1.0) return 1.0;
  const double lambda = -std::log1p(-afr);  // per year
  const double p = -std::expm1(-lambda * repair_window_s / kYear);
  double window = 0.0;
  for (int j = tolerate; j <= shards - 1; ++j)
    window += binomial(shards - 1, j) * std::pow(p, j) * std::pow(1.0 - p, shards - 1 - j);
  return -std::expm1(-shards * lambda * window);
}

double backblaze_annual_loss(int shards, int tolerate, double afr, double replacement_s) {
  if (afr <= 0.0 || replacement_s <= 0.0) return 0.0;
  const double days = 365.0;  // the calculator's year
  const double periods = days * 86400.0 / replacement_s;
  const double p = -std::expm1(-afr / periods);
  double period_loss = 0.0;
  for (int j = tolerate + 1; j <= shards; ++j)
    period_loss += binomial(shards, j) * std::pow(p, j) * std::pow(1.0 - p, shards - j);
  if (period_loss >= 1.0) return 1.0;
  return -std::expm1(periods * std::log1p(-period_loss));
}

double annualise(double loss_fraction, double exposure_s) {
  if (loss_fraction <= 0.0 || exposure_s <= 0.0) return 0.0;
  if (loss_fraction >= 1.0) return 1.0;
  return -std::expm1(std::log1p(-loss_fraction) * kYear / exposure_s);
}

double coefficient_of_variation(const std::vector<double>& x) {
  if (x.empty()) return 0.0;
  double mean = 0.0, var = 0.0;
  for (double v : x) mean += v;
  mean /= double(x.size());
  for (double v : x) var += (v - mean) * (v - mean);
  var /= double(x.size());
  return mean > 0 ? std::sqrt(var) / mean : 0.0;
}

double expected_ring_share_cv(int nodes, int vnodes) {
  if (nodes < 1 || vnodes < 1) return 0.0;
  return std::sqrt(double(nodes - 1) / (double(nodes) * vnodes + 1.0));
}

}  // namespace sdsim::object_store
