#include "models/queueing/checker.hpp"

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

#include "models/queueing/params.hpp"
#include "sim/workload/workload.hpp"

namespace sdsim::queueing {

bool theory_applies(const RunShape& r) {
  const Config c = params().read(r.params);
  const WorkloadSpec& w = r.workload;
  if (w.arrival != "poisson" || w.loop != "open" || w.rate * c.service.mean >= double(c.servers) || r.has_faults)
    return false;
  return c.service.distribution == "exponential" || c.servers == 1;
}

double theory_mean_wait(const RunShape& r) {
  const Config c = params().read(r.params);
  const double rate = r.workload.rate;
  if (c.service.distribution == "exponential") return mmc_mean_wait(rate, c.service.mean, c.servers);
  return mg1_mean_wait(rate, c.service.mean, c.service.distribution == "deterministic" ? 0.0 : c.service.cv);
}

double littles_law_ratio(double queue_length, double arrival_rate, double mean_wait) {
  const double little = arrival_rate * mean_wait;
  return little > 0 ? queue_length / little : (queue_length == 0 ? 1.0 : 0.0);
}

}  // namespace sdsim::queueing
