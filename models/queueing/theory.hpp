// Closed-form results the queueing model reports beside its measurements, so a run can be
// held against theory: Erlang C for M/M/c, Pollaczek-Khinchine for M/G/1.
#pragma once

namespace sdsim::queueing {

// Probability that an arrival waits in an M/M/c queue (Erlang C), for offered load
// a = lambda / mu (in Erlangs) and c servers; requires a < c.
double erlang_c(double offered_load, int servers);

// Mean time in queue for M/M/c: C(c, a) / (c * mu - lambda).
double mmc_mean_wait(double lambda, double mean_service, int servers);

// Mean time in queue for M/G/1: lambda * E[S^2] / (2 * (1 - rho)).
double mg1_mean_wait(double lambda, double mean_service, double service_cv);

}  // namespace sdsim::queueing
