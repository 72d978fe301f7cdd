// The queueing model's oracles: the closed forms a run is held against (Erlang C for M/M/c,
// Pollaczek-Khinchine for M/G/1) and when they apply, and Little's law as a ratio of
// measured quantities. All computed from the parameters, never stored.
#pragma once

#include "sim/model/metric_table.hpp"

namespace sdsim::queueing {

// Probability that an arrival waits in an M/M/c queue (Erlang C), for offered load
// a = lambda / mu (in Erlangs) and c servers; requires a < c.
double erlang_c(double offered_load, int servers);

// Mean time in queue for M/M/c: C(c, a) / (c * mu - lambda).
double mmc_mean_wait(double lambda, double mean_service, int servers);

// Mean time in queue for M/G/1: lambda * E[S^2] / (2 * (1 - rho)).
double mg1_mean_wait(double lambda, double mean_service, double service_cv);

// Closed forms exist for an open Poisson load below capacity with no crashes: M/M/c (any c),
// or M/G/1 for other services.
bool theory_applies(const RunShape& run);
// The closed-form mean wait for this run (theory_applies must hold).
double theory_mean_wait(const RunShape& run);

// Little's law L = lambda W as the ratio L / (lambda W): 1 when it holds, 1 also when nobody
// waited (0 = lambda * 0).
double littles_law_ratio(double queue_length, double arrival_rate, double mean_wait);

}  // namespace sdsim::queueing
