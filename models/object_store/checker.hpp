// The standard analytic durability model. Disks fail independently at rate
// lambda = -ln(1 - AFR) per year. An object with n shards that survives the loss of `tolerate`
// of them is lost when, after one of its disks fails, `tolerate` more of its other n - 1 disks
// fail within one repair window W:
//
//   p        = 1 - exp(-lambda * W)                      (one disk fails within W, W in years)
//   P_window = sum_{j = tolerate}^{n-1} C(n-1, j) p^j (1 - p)^(n-1-j)
//   annual   = 1 - exp(-n * lambda * P_window)           (first failures arrive at n * lambda)
//
// Replication x N: n = N, tolerate = N - 1 (all copies). RS(k, m): n = k + m, tolerate = m.
#pragma once

#include <vector>

namespace sdsim::object_store {

constexpr double kYear = 365.25 * 86400.0;  // s

// Annual probability that one object is lost. `repair_window_s` in real (unscaled) seconds.
double annual_loss_probability(int shards, int tolerate, double afr, double repair_window_s);

// The loss probability over `exposure_s` (real seconds) extended to a year, assuming a
// constant hazard: 1 - (1 - p)^(year / exposure).
double annualise(double loss_fraction, double exposure_s);

double binomial(int n, int k);

// The Backblaze durability calculator, as published (Backblaze, "Backblaze Durability
// Calculates at 99.999999999%", 2018, https://www.backblaze.com/blog/cloud-storage-durability/,
// and its durability.py): a year of 365 days is cut into periods of one replacement time;
// each shard fails within a period with p = 1 - exp(-AFR / periods); an object is lost in a
// period when more than `tolerate` of its `shards` fail in it (binomial); the annual loss is
// 1 - (1 - P_period)^periods. Discrete periods: a failure is only dangerous together with
// others in the same period, where the window model above counts any `tolerate` failures
// within W after each failure (about (tolerate + 1) x higher for small p).
double backblaze_annual_loss(int shards, int tolerate, double afr, double replacement_s);

// Population coefficient of variation (standard deviation / mean); 0 when empty or the mean
// is 0.
double coefficient_of_variation(const std::vector<double>& x);

// Load balance of a consistent-hash ring: N nodes of v virtual nodes at independent uniform
// positions cut the ring into N v exchangeable arcs (Dirichlet(1, ..., 1) spacings), so a
// node's share, the sum of v arcs, is Beta(v, (N - 1) v), with mean 1 / N and variance
// (N - 1) / (N^2 (N v + 1)): the expected squared coefficient of variation of the shares is
// (N - 1) / (N v + 1), about 1 / v (the reason rings use many virtual nodes).
double expected_ring_share_cv(int nodes, int vnodes);

}  // namespace sdsim::object_store
