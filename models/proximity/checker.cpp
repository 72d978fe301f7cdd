#include "models/proximity/checker.hpp"

#include <algorithm>

namespace sdsim::proximity {

Accuracy compare_to_truth(const std::vector<storage::geo::Hit>& returned,
                          const std::vector<storage::geo::Hit>& truth) {
  std::vector<std::uint64_t> a, b;
  for (const auto& h : returned) a.push_back(h.id);
  for (const auto& h : truth) b.push_back(h.id);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::vector<std::uint64_t> both;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
  Accuracy acc;
  if (!b.empty()) acc.recall = double(both.size()) / double(b.size());
  if (!a.empty()) acc.precision = double(both.size()) / double(a.size());
  return acc;
}

double estimate_search_qps(double dau, double searches_per_user) {
  return dau * searches_per_user / 1e5;
}

double estimate_quadtree_bytes(double businesses, int leaf_capacity) {
  const double leaves = businesses / leaf_capacity;
  return leaves * (32.0 + 8.0 * leaf_capacity) + leaves / 3.0 * 64.0;
}

}  // namespace sdsim::proximity
