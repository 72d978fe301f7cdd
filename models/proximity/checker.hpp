// The proximity model's oracle: brute force over the same businesses with the same haversine.
// Recall = |returned within radius AND in brute force's set| / |brute force's set| (1 when the
// latter is empty); precision = |returned AND in brute force's| / |returned| (1 when nothing
// was returned). Both compare whole result sets, before the page cap.
#pragma once

#include <vector>

#include "sim/storage/geo/geo.hpp"

namespace sdsim::proximity {

struct Accuracy {
  double recall = 1.0, precision = 1.0;
};

Accuracy compare_to_truth(const std::vector<storage::geo::Hit>& returned,
                          const std::vector<storage::geo::Hit>& truth);

// The book's back-of-the-envelope figures (System Design Interview vol. 2, ch. 1):
// search QPS = DAU x searches per user / 10^5 s (a day rounded, as the book does);
// quadtree memory = leaves x (32 B + 8 B x capacity) + internal nodes x 64 B with
// leaves = businesses / capacity and internal = leaves / 3 (the book's 1.71 GB for 200 M).
double estimate_search_qps(double daily_active_users, double searches_per_user);
double estimate_quadtree_bytes(double businesses, int leaf_capacity);

}  // namespace sdsim::proximity
