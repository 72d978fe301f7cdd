// Haversine against a published reference, the quadtree's invariants, the failures of the
// book's geohash block, and the property every index must have: exactly brute force's result.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "sim/core/random.hpp"
#include "sim/storage/geo/geohash_index.hpp"
#include "sim/storage/geo/quadtree.hpp"
#include "sim/storage/geo/uniform_grid.hpp"

using namespace sdsim::storage::geo;
using sdsim::RandomStream;

namespace {
constexpr double kMetresPerDegree = kEarthRadiusM * std::numbers::pi / 180.0;

// Points around a few centres (Gaussian, sigma in degrees) plus a uniform background.
std::vector<Point> mixed_points(RandomStream& rng, int n, double max_lat) {
  std::vector<Point> pts;
  const LatLon centres[] = {
      {40.7, -74.0}, {70.0, 20.0}, {-33.9, 151.2}, {0.0, 179.99}, {-79.0, -60.0}};
  for (int i = 0; i < n; ++i) {
    LatLon p;
    if (i % 4 == 0) {
      p = {rng.uniform(-max_lat, max_lat), rng.uniform(-180, 180)};
    } else {
      const LatLon c = centres[rng.below(5)];
      p = {std::clamp(c.lat + 0.05 * rng.normal(), -max_lat, max_lat), c.lon + 0.05 * rng.normal()};
      if (p.lon >= 180) p.lon -= 360;
      if (p.lon < -180) p.lon += 360;
    }
    pts.push_back(Point{std::uint64_t(i), p});
  }
  return pts;
}
}  // namespace

TEST_CASE("storage/geo: haversine against Rosetta Code's BNA-LAX reference") {
  // https://rosettacode.org/wiki/Haversine_formula : Nashville BNA (36.12, -86.67) to Los
  // Angeles LAX (33.94, -118.40): "6371.0 km -> 2886.44444283798329974715782394574671655 km".
  const double d = haversine_m({36.12, -86.67}, {33.94, -118.40});
  CHECK(d == doctest::Approx(2886444.44283798).epsilon(1e-12));
  // A quarter meridian is pi R / 2; the antipode pi R.
  CHECK(haversine_m({0, 0}, {90, 0}) == doctest::Approx(std::numbers::pi * kEarthRadiusM / 2));
  CHECK(haversine_m({10, 20}, {-10, -160}) == doctest::Approx(std::numbers::pi * kEarthRadiusM));
  CHECK(haversine_m({0, 179.5}, {0, -179.5}) == doctest::Approx(kMetresPerDegree));  // across 180
}

TEST_CASE("storage/geo: the circle's bounding rectangles") {
  // At the equator +- r/R both ways; at 60 degrees the longitude half-width doubles (nearly).
  auto b = search_boxes({0, 0}, 10000);
  REQUIRE(b.size() == 1);
  CHECK(b[0].lat_max == doctest::Approx(10000 / kMetresPerDegree));
  CHECK(b[0].lon_max == doctest::Approx(10000 / kMetresPerDegree));
  b = search_boxes({60, 0}, 10000);
  CHECK(b[0].lon_max == doctest::Approx(2 * 10000 / kMetresPerDegree).epsilon(1e-3));
  CHECK(search_boxes({0, 179.99}, 5000).size() == 2);  // crosses the 180th meridian
  b = search_boxes({89.99, 0}, 5000);                  // holds the pole: every longitude
  REQUIRE(b.size() == 1);
  CHECK(b[0].lon_min == -180.0);
  CHECK(b[0].lon_max == 180.0);
}

TEST_CASE("storage/geo: quadtree invariants") {
  RandomStream rng(7, "quadtree");
  auto pts = mixed_points(rng, 5000, 85);
  for (int i = 0; i < 300; ++i)
    pts.push_back(Point{std::uint64_t(10000 + i), {12.5, 45.25}});  // coincide
  for (int capacity : {1, 10, 100}) {
    CAPTURE(capacity);
    const QuadTree t(pts, capacity);
    CHECK(t.check());
    CHECK(t.leaves() == 3 * t.internal_nodes() + 1);
    CHECK(t.memory_bytes() == t.leaves() * 32 + pts.size() * 8 + t.internal_nodes() * 64);
    CHECK(t.build_moves() >= pts.size());
  }
  const QuadTree small(pts, 10000);  // fits in the root
  CHECK(small.leaves() == 1);
  CHECK(small.internal_nodes() == 0);
  CHECK(small.depth() == 0);
}

TEST_CASE("storage/geo: the book's geohash block misses; the cover does not") {
  const std::vector<Point> none;
  SUBCASE("without neighbours: a point just across the cell's edge") {
    Box cell;
    REQUIRE(geohash_decode(geohash_encode({48.0, 2.0}, 6), cell));
    const LatLon q{(cell.lat_min + cell.lat_max) / 2, cell.lon_min + 1e-6};
    const std::vector<Point> pts{{1, {q.lat, cell.lon_min - 50 / kMetresPerDegree}}};  // ~35 m west
    const GeohashIndex idx(pts, {6});
    SearchWork w;
    CHECK(idx.search(q, 500, GeohashSearch::cell, w).empty());
    CHECK(idx.search(q, 500, GeohashSearch::neighbours, w).size() == 1);
  }
  SUBCASE("at 70 degrees a 0.5 km circle is wider than the 3x3 block of 0.42 km cells") {
    Box cell;
    REQUIRE(geohash_decode(geohash_encode({70.0, 10.0}, 6), cell));
    const LatLon q{(cell.lat_min + cell.lat_max) / 2, cell.lon_min + 1e-6};
    const double west = 460 / (kMetresPerDegree * std::cos(q.lat * std::numbers::pi / 180));
    const std::vector<Point> pts{{1, {q.lat, q.lon - west}}};
    REQUIRE(haversine_m(q, pts[0].pos) < 500);
    const GeohashIndex idx(pts, {6});
    SearchWork w;
    CHECK(idx.search(q, 500, GeohashSearch::neighbours, w).empty());
    CHECK(idx.search(q, 500, GeohashSearch::cover, w).size() == 1);
  }
  SUBCASE("a 20 km circle is higher than a 19.5 km precision-4 cell") {
    Box cell;
    REQUIRE(geohash_decode(geohash_encode({0.1, 0.1}, 4), cell));
    const LatLon q{cell.lat_min + 1e-6, (cell.lon_min + cell.lon_max) / 2};
    const std::vector<Point> pts{{1, {q.lat - 19800 / kMetresPerDegree, q.lon}}};
    const GeohashIndex idx(pts, {4});
    SearchWork w;
    CHECK(idx.search(q, 20000, GeohashSearch::neighbours, w).empty());
    CHECK(idx.search(q, 20000, GeohashSearch::cover, w).size() == 1);
  }
}

TEST_CASE("storage/geo: every index returns exactly brute force's result (property)") {
  RandomStream rng(2026, "property");
  const auto pts = mixed_points(rng, 4000, 80);
  const GeohashIndex geohash(pts, {2, 3, 4, 5, 6});
  const QuadTree quadtree(pts, 20);
  const UniformGrid grid(pts, 5000);
  const double radii[] = {500, 1000, 2000, 5000, 20000};
  for (int q = 0; q < 600; ++q) {
    // Queries near the data (so results are not empty) or anywhere up to 80 degrees.
    LatLon c = pts[rng.below(pts.size())].pos;
    if (q % 3 == 0) c = {rng.uniform(-80, 80), rng.uniform(-180, 180)};
    c.lat = std::clamp(c.lat + 0.02 * rng.normal(), -80.0, 80.0);
    const double r = q % 2 ? radii[rng.below(5)] : rng.uniform(10, 60000);
    CAPTURE(c.lat);
    CAPTURE(c.lon);
    CAPTURE(r);
    const auto truth = brute_force(pts, c, r);
    SearchWork w;
    CHECK(geohash.search(c, r, GeohashSearch::cover, w) == truth);
    CHECK(quadtree.search(c, r, w) == truth);
    CHECK(grid.search(c, r, w) == truth);
    // The book's block never returns a false positive, only misses.
    for (const Hit& h : geohash.search(c, r, GeohashSearch::neighbours, w))
      CHECK(h.distance_m <= r);
  }
}
