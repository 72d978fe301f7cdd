#include "models/ad_click/checker.hpp"

#include <cmath>
#include <set>

namespace sdsim::ad_click {

Counts recount(const std::vector<ClickEvent>& events, const std::vector<bool>& ingested,
               double size, int filter_countries) {
  Counts c;
  for (std::size_t e = 0; e < events.size(); ++e) {
    if (!ingested[e]) continue;
    const auto w = static_cast<std::int64_t>(std::floor(events[e].time / size));
    ++c[{w, events[e].ad, 0}];
    if (events[e].country < filter_countries) ++c[{w, events[e].ad, 1 + events[e].country}];
  }
  return c;
}

Counts stream_counts(const std::map<std::pair<int, std::int64_t>, StoredRow>& rows) {
  Counts c;
  for (const auto& [key, row] : rows)
    for (const auto& [ad_filter, n] : row.counts)
      c[{key.second, ad_filter.first, ad_filter.second}] += n;
  return c;
}

std::uint64_t duplicates_counted(const std::map<std::pair<int, std::int64_t>, StoredRow>& rows) {
  std::uint64_t d = 0;
  for (const auto& [key, row] : rows)
    for (const auto& [ad, events] : row.events) {
      const std::set<std::uint64_t> distinct(events.begin(), events.end());
      d += events.size() - distinct.size();
    }
  return d;
}

std::vector<Ranked> recount_top_n(const Counts& counts, std::int64_t window, int m, int n) {
  std::map<int, std::uint64_t> sliding;
  for (auto it = counts.lower_bound({window - m + 1, -1, -1});
       it != counts.end() && std::get<0>(it->first) <= window; ++it)
    if (std::get<2>(it->first) == 0) sliding[std::get<1>(it->first)] += it->second;
  return top_n(sliding, n);
}

Reconciliation reconcile(const Counts& stream, const Counts& recount) {
  Reconciliation r;
  std::set<CountKey> keys;
  for (const auto& [k, n] : stream) keys.insert(k);
  for (const auto& [k, n] : recount) keys.insert(k);
  for (const CountKey& k : keys) {
    const auto s = stream.count(k) ? std::int64_t(stream.at(k)) : 0;
    const auto c = recount.count(k) ? std::int64_t(recount.at(k)) : 0;
    if (s != c) r.mismatches.push_back({k, s, c});
    if (std::get<2>(k) != 0) continue;
    ++r.windows;
    if (s == c) ++r.exact_windows;
    r.abs_error += std::uint64_t(std::llabs(s - c));
  }
  return r;
}

}  // namespace sdsim::ad_click
