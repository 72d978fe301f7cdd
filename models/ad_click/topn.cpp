#include "models/ad_click/topn.hpp"

#include <algorithm>

namespace sdsim::ad_click {
namespace {

bool ranks_before(const Ranked& a, const Ranked& b) {
  return a.count != b.count ? a.count > b.count : a.ad < b.ad;
}

std::vector<Ranked> keep_top(std::vector<Ranked> all, int n) {
  const auto keep = std::min(all.size(), static_cast<std::size_t>(std::max(n, 0)));
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                    ranks_before);
  all.resize(keep);
  return all;
}

}  // namespace

std::vector<Ranked> top_n(const std::map<int, std::uint64_t>& counts, int n) {
  std::vector<Ranked> all;
  all.reserve(counts.size());
  for (const auto& [ad, count] : counts) all.push_back({ad, count});
  return keep_top(std::move(all), n);
}

std::vector<Ranked> merge_top_n(const std::vector<std::vector<Ranked>>& lists, int n) {
  std::map<int, std::uint64_t> sums;
  for (const auto& l : lists)
    for (const Ranked& r : l) sums[r.ad] += r.count;
  return top_n(sums, n);
}

}  // namespace sdsim::ad_click
