#include "models/nearby_friends/location.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <numbers>

namespace sdsim::nearby_friends {

namespace {
constexpr double kMetresPerDegree = storage::geo::kEarthRadiusM * std::numbers::pi / 180.0;

double reflect(double x, double lo, double hi) {
  while (x < lo || x > hi) x = x < lo ? 2 * lo - x : 2 * hi - x;
  return x;
}
}  // namespace

std::string encode(const Location& l) {
  // %.17g keeps every double exactly: what is decoded is what was sent.
  return fmt::format("{} {} {:.17g} {:.17g} {:.17g}", l.user, l.seq, l.pos.lat, l.pos.lon,
                     l.sent_at);
}

std::optional<Location> decode(const std::string& text) {
  Location l;
  unsigned long long seq = 0;
  unsigned user = 0;
  if (std::sscanf(text.c_str(), "%u %llu %lf %lf %lf", &user, &seq, &l.pos.lat, &l.pos.lon,
                  &l.sent_at) != 5)
    return std::nullopt;
  l.user = user;
  l.seq = seq;
  return l;
}

bool nearby(LatLon a, LatLon b, double radius_m) {
  return storage::geo::haversine_m(a, b) <= radius_m;
}

LatLon Region::uniform(RandomStream& rng) const {
  const double half_lat = side_m / 2 / kMetresPerDegree;
  const double half_lon = half_lat / std::cos(centre.lat * std::numbers::pi / 180.0);
  return {centre.lat + rng.uniform(-half_lat, half_lat),
          centre.lon + rng.uniform(-half_lon, half_lon)};
}

LatLon Region::walk(LatLon from, double step_m, RandomStream& rng) const {
  const double angle = rng.uniform(0, 2 * std::numbers::pi);
  const double cos_lat = std::cos(centre.lat * std::numbers::pi / 180.0);
  const double half_lat = side_m / 2 / kMetresPerDegree, half_lon = half_lat / cos_lat;
  const double lat = from.lat + step_m * std::sin(angle) / kMetresPerDegree;
  const double lon = from.lon + step_m * std::cos(angle) / (kMetresPerDegree * cos_lat);
  return {reflect(lat, centre.lat - half_lat, centre.lat + half_lat),
          reflect(lon, centre.lon - half_lon, centre.lon + half_lon)};
}

}  // namespace sdsim::nearby_friends
