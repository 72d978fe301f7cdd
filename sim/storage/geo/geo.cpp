#include "sim/storage/geo/geo.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace sdsim::storage::geo {

namespace {
constexpr double kDeg = std::numbers::pi / 180.0;
constexpr double kMargin = 1e-9;  // degrees
}  // namespace

double haversine_m(LatLon a, LatLon b) {
  const double dlat = (b.lat - a.lat) * kDeg, dlon = (b.lon - a.lon) * kDeg;
  const double s = std::sin(dlat / 2), t = std::sin(dlon / 2);
  const double h = s * s + std::cos(a.lat * kDeg) * std::cos(b.lat * kDeg) * t * t;
  return 2.0 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

std::vector<Box> search_boxes(LatLon c, double radius_m) {
  const double delta = radius_m / kEarthRadiusM;  // angular radius, rad
  const double lat_min = c.lat - delta / kDeg - kMargin, lat_max = c.lat + delta / kDeg + kMargin;
  if (lat_min <= -90.0 || lat_max >= 90.0 || delta >= std::numbers::pi / 2)
    return {Box{std::max(lat_min, -90.0), std::min(lat_max, 90.0), -180.0, 180.0}};
  const double dlon =
      std::asin(std::min(1.0, std::sin(delta) / std::cos(c.lat * kDeg))) / kDeg + kMargin;
  const double lon_min = c.lon - dlon, lon_max = c.lon + dlon;
  if (dlon >= 180.0) return {Box{lat_min, lat_max, -180.0, 180.0}};
  if (lon_min < -180.0)
    return {Box{lat_min, lat_max, -180.0, lon_max}, Box{lat_min, lat_max, lon_min + 360.0, 180.0}};
  if (lon_max > 180.0)
    return {Box{lat_min, lat_max, lon_min, 180.0}, Box{lat_min, lat_max, -180.0, lon_max - 360.0}};
  return {Box{lat_min, lat_max, lon_min, lon_max}};
}

void consider(const Point& p, LatLon centre, double radius_m, std::vector<Hit>& hits,
              SearchWork& work) {
  ++work.points_compared;
  const double d = haversine_m(centre, p.pos);
  if (d <= radius_m) hits.push_back(Hit{p.id, d});
}

void sort_hits(std::vector<Hit>& hits) {
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.id < b.id;
  });
}

std::vector<Hit> brute_force(const std::vector<Point>& points, LatLon centre, double radius_m,
                             SearchWork* work) {
  SearchWork w;
  std::vector<Hit> hits;
  for (const Point& p : points) consider(p, centre, radius_m, hits, w);
  sort_hits(hits);
  if (work) *work = w;
  return hits;
}

}  // namespace sdsim::storage::geo
