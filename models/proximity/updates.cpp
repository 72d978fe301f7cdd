#include "models/proximity/updates.hpp"

#include <algorithm>
#include <map>

namespace sdsim::proximity {

using namespace storage::geo;

namespace {
// The latest position of each business updated by `until`.
std::map<std::uint64_t, LatLon> latest(const std::vector<BusinessUpdate>& updates, double until) {
  std::map<std::uint64_t, LatLon> out;
  for (const BusinessUpdate& u : updates) {
    if (u.at > until) break;
    out[u.id] = u.pos;
  }
  return out;
}
}  // namespace

std::vector<Hit> apply_updates(std::vector<Hit> hits, LatLon centre, double radius_m,
                               const std::vector<BusinessUpdate>& updates, double visible_until,
                               SearchWork& work) {
  if (updates.empty() || updates.front().at > visible_until) return hits;
  const auto moved = latest(updates, visible_until);
  std::erase_if(hits, [&](const Hit& h) { return moved.count(h.id) != 0; });
  for (const auto& [id, pos] : moved) consider(Point{id, pos}, centre, radius_m, hits, work);
  sort_hits(hits);
  return hits;
}

double stale_age(LatLon centre, double radius_m, const std::vector<Point>& original,
                 const std::vector<BusinessUpdate>& updates, double visible_until,
                 double served_at) {
  const auto seen = latest(updates, visible_until);
  std::map<std::uint64_t, LatLon> first_position;  // before any update, for the businesses updated
  for (const Point& p : original) first_position[p.id] = p.pos;
  auto inside = [&](LatLon p) { return haversine_m(centre, p) <= radius_m; };
  auto seen_inside = [&](std::uint64_t id) {
    const auto it = seen.find(id);
    return inside(it != seen.end() ? it->second : first_position.at(id));
  };
  // Replay the unseen writes in order: the first that changes a business's membership (against
  // the replica's view) is the oldest that makes the result stale.
  std::map<std::uint64_t, LatLon> now;
  for (const BusinessUpdate& u : updates) {
    if (u.at <= visible_until) continue;
    if (u.at > served_at) break;
    now[u.id] = u.pos;
  }
  double age = -1;
  for (const BusinessUpdate& u : updates) {
    if (u.at <= visible_until) continue;
    if (u.at > served_at) break;
    if (inside(now.at(u.id)) != seen_inside(u.id)) age = std::max(age, served_at - u.at);
  }
  return age;
}

}  // namespace sdsim::proximity
