#include "models/queueing/theory.hpp"

#include <cassert>

namespace sdsim::queueing {

double erlang_c(double a, int c) {
  assert(a < c);
  // Erlang B by its stable recurrence B(k) = a B(k-1) / (k + a B(k-1)), then C from B.
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  const double rho = a / c;
  return b / (1.0 - rho + rho * b);
}

double mmc_mean_wait(double lambda, double mean_service, int c) {
  const double mu = 1.0 / mean_service;
  return erlang_c(lambda / mu, c) / (c * mu - lambda);
}

double mg1_mean_wait(double lambda, double mean_service, double cv) {
  const double rho = lambda * mean_service;
  const double second_moment = mean_service * mean_service * (1.0 + cv * cv);
  return lambda * second_moment / (2.0 * (1.0 - rho));
}

}  // namespace sdsim::queueing
