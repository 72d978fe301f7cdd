// Points on the Earth, great-circle distance and the search region of a circle: the common
// ground of the spatial indexes (geohash.hpp, quadtree.hpp, uniform_grid.hpp). Plain C++.
//
// Distance is the haversine formula on a sphere of radius R = 6371 km (the mean Earth radius,
// IUGG), https://en.wikipedia.org/wiki/Haversine_formula . Every index filters its candidates
// with this same function, so an index that visits every candidate returns exactly what the
// brute-force scan returns.
#pragma once

#include <cstdint>
#include <vector>

namespace sdsim::storage::geo {

inline constexpr double kEarthRadiusM = 6371000.0;  // m

struct LatLon {
  double lat = 0.0;  // degrees, [-90, 90]
  double lon = 0.0;  // degrees, [-180, 180)
};

struct Point {
  std::uint64_t id = 0;
  LatLon pos;
};

// A latitude/longitude rectangle, bounds included (degrees).
struct Box {
  double lat_min = -90, lat_max = 90, lon_min = -180, lon_max = 180;
  bool intersects(const Box& o) const {
    return lat_min <= o.lat_max && o.lat_min <= lat_max && lon_min <= o.lon_max &&
           o.lon_min <= lon_max;
  }
  bool contains(LatLon p) const {
    return p.lat >= lat_min && p.lat <= lat_max && p.lon >= lon_min && p.lon <= lon_max;
  }
};

// Great-circle distance (m) by the haversine formula, R = kEarthRadiusM.
double haversine_m(LatLon a, LatLon b);

// The rectangles that hold every point within `radius_m` of `centre` (J. P. Matuschek,
// "Finding Points Within a Distance of a Latitude/Longitude Using Bounding Coordinates",
// http://janmatuschek.de/LatitudeLongitudeBoundingCoordinates ): latitude +- r/R; longitude
// +- asin(sin(r/R) / cos(lat)), the widest a spherical cap gets; the whole longitude range
// when the cap holds a pole; two rectangles when it crosses the 180th meridian. A margin of
// 1e-9 degree (0.1 mm) absorbs rounding, so the cover is complete.
std::vector<Box> search_boxes(LatLon centre, double radius_m);

// One result: a point and its distance from the query centre.
struct Hit {
  std::uint64_t id = 0;
  double distance_m = 0.0;
  bool operator==(const Hit&) const = default;
};

// What a search did: cells (grid, geohash) or nodes (quadtree) visited, and candidate points
// whose distance was computed.
struct SearchWork {
  std::uint64_t cells_visited = 0;
  std::uint64_t points_compared = 0;
};

// Compares `p` with the centre and keeps it when within the radius (counted in `work`).
void consider(const Point& p, LatLon centre, double radius_m, std::vector<Hit>& hits,
              SearchWork& work);
// Sorts by distance, then id (a total order, so results are deterministic).
void sort_hits(std::vector<Hit>& hits);

// The oracle: every point compared.
std::vector<Hit> brute_force(const std::vector<Point>& points, LatLon centre, double radius_m,
                             SearchWork* work = nullptr);

}  // namespace sdsim::storage::geo
