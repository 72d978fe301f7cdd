#include "models/email/index_freshness.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::email {

double searchable_at(double indexed_at, double refresh_interval) {
  return (std::floor(indexed_at / refresh_interval) + 1.0) * refresh_interval;
}

void FreshnessLedger::stored(std::uint64_t id, double t) { stored_.emplace(id, t); }

bool FreshnessLedger::indexed(std::uint64_t id, double t, double refresh_interval) {
  if (!searchable_.emplace(id, searchable_at(t, refresh_interval)).second) {
    ++duplicates_;
    return false;
  }
  return true;
}

void FreshnessLedger::observed(std::uint64_t id, double t) { searchable_.insert_or_assign(id, t); }

std::size_t FreshnessLedger::inconsistent_at(double t) const {
  std::size_t n = 0;
  for (const auto& [id, s] : stored_) {
    if (s > t) continue;
    auto it = searchable_.find(id);
    if (it == searchable_.end() || it->second > t) ++n;
  }
  return n;
}

std::size_t FreshnessLedger::inconsistent_max() const {
  // +1 at each store, -1 when it becomes searchable; at equal times the -1 goes first.
  std::vector<std::pair<double, int>> events;
  for (const auto& [id, s] : stored_) {
    events.emplace_back(s, +1);
    auto it = searchable_.find(id);
    if (it != searchable_.end()) events.emplace_back(std::max(s, it->second), -1);
  }
  std::sort(events.begin(), events.end());
  long now = 0, best = 0;
  for (const auto& [t, d] : events) best = std::max(best, now += d);
  return std::size_t(best);
}

std::vector<double> FreshnessLedger::freshness() const {
  std::vector<double> out;
  for (const auto& [id, s] : stored_) {
    auto it = searchable_.find(id);
    if (it != searchable_.end()) out.push_back(it->second - s);
  }
  return out;
}

}  // namespace sdsim::email
