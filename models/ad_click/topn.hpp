// Top-N most clicked ads: the book's reduce step. Each aggregate node owns a disjoint set of ads
// (the log is partitioned by ad_id), so the global top N is the top N of the union of the
// nodes' own top-N lists: an ad outside its node's top N has N ads above it there, hence N
// above it globally. Order: count descending, ties by ad id ascending.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace sdsim::ad_click {

struct Ranked {
  int ad = 0;
  std::uint64_t count = 0;
  bool operator==(const Ranked&) const = default;
};

// The N largest of `counts` (ad -> count), in rank order.
std::vector<Ranked> top_n(const std::map<int, std::uint64_t>& counts, int n);
// Merges per-node top-N lists into the global top N, adding up an ad's entries from several
// lists (a split hot ad: each node sends its partial count whatever its rank there).
std::vector<Ranked> merge_top_n(const std::vector<std::vector<Ranked>>& lists, int n);

}  // namespace sdsim::ad_click
