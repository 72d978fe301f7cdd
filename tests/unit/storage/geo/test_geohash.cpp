// The geohash against its published definition and examples:
//   https://en.wikipedia.org/wiki/Geohash : "57.64911,10.40744 ... produces ... u4pruydqqvj";
//     the worked example "ezs42" decodes to 42.605, -5.603; the table of lat/lng bits and
//     errors per length; the figure of the 32 cells of length 1 (rows b c f g u v y z /
//     8 9 d e s t w x / 2 3 6 7 k m q r / 0 1 4 5 h j n p, north to south).
//   https://www.elastic.co/guide/en/elasticsearch/reference/current/search-aggregations-bucket-geohashgrid-aggregation.html
//     cell dimensions at the equator per precision (on the WGS84 ellipsoid; our sphere of
//     R = 6371 km differs by under 0.5 %).
#include <doctest/doctest.h>

#include <cmath>

#include "sim/storage/geo/geohash.hpp"

using namespace sdsim::storage::geo;

TEST_CASE("storage/geo: geohash encodes Wikipedia's example u4pruydqqvj") {
  CHECK(geohash_encode({57.64911, 10.40744}, 11) == "u4pruydqqvj");
  CHECK(geohash_encode({57.64911, 10.40744}, 5) == "u4pru");  // a prefix is the coarser cell
  Box b;
  REQUIRE(geohash_decode("u4pruydqqvj", b));
  CHECK(b.contains({57.64911, 10.40744}));
  CHECK(b.lat_max - b.lat_min == doctest::Approx(cell_size(11).height_deg));
}

TEST_CASE("storage/geo: geohash decodes Wikipedia's worked example ezs42") {
  const LatLon c = geohash_centre("ezs42");
  CHECK(c.lat == doctest::Approx(42.605).epsilon(1e-4));
  CHECK(c.lon == doctest::Approx(-5.603).epsilon(1e-3));
  Box b;
  REQUIRE(geohash_decode("ezs42", b));
  CHECK(b.lat_min == doctest::Approx(42.583).epsilon(1e-4));
  CHECK(b.lat_max == doctest::Approx(42.627).epsilon(1e-4));
  CHECK(b.lon_min == doctest::Approx(-5.625).epsilon(1e-6));
  CHECK(b.lon_max == doctest::Approx(-5.581).epsilon(1e-3));
  CHECK_FALSE(geohash_decode("ezs4a", b));  // 'a' is not in the alphabet
}

TEST_CASE("storage/geo: cell sizes follow from the bit split (Wikipedia's table of errors)") {
  // length: lat bits, lng bits, lat error, lng error (half the cell, degrees), as published.
  struct Row {
    int p, lat_bits, lon_bits;
    double lat_err, lon_err;
  };
  const Row rows[] = {{1, 2, 3, 23, 23},
                      {2, 5, 5, 2.8, 5.6},
                      {3, 7, 8, 0.70, 0.70},
                      {4, 10, 10, 0.087, 0.18},
                      {5, 12, 13, 0.022, 0.022},
                      {6, 15, 15, 0.0027, 0.0055},
                      {7, 17, 18, 0.00068, 0.00068},
                      {8, 20, 20, 0.000085, 0.00017}};
  for (const Row& r : rows) {
    CAPTURE(r.p);
    const CellSize s = cell_size(r.p);
    CHECK(s.lat_bits == r.lat_bits);
    CHECK(s.lon_bits == r.lon_bits);
    CHECK(s.height_deg / 2 == doctest::Approx(r.lat_err).epsilon(0.03));
    CHECK(s.width_deg / 2 == doctest::Approx(r.lon_err).epsilon(0.03));
  }
}

TEST_CASE("storage/geo: cell sizes in metres against Elasticsearch's precision table") {
  // precision: width x height at the equator, metres.
  const double table[12][2] = {{5009.4e3, 4992.6e3}, {1252.3e3, 624.1e3}, {156.5e3, 156e3},
                               {39.1e3, 19.5e3},     {4.9e3, 4.9e3},      {1.2e3, 609.4},
                               {152.9, 152.4},       {38.2, 19},          {4.8, 4.8},
                               {1.2, 0.595},         {0.149, 0.149},      {0.037, 0.019}};
  for (int p = 1; p <= 12; ++p) {
    CAPTURE(p);
    CHECK(cell_width_m(p, 0.0) == doctest::Approx(table[p - 1][0]).epsilon(0.03));
    CHECK(cell_height_m(p) == doctest::Approx(table[p - 1][1]).epsilon(0.03));
  }
  // Width shrinks as cos(latitude): at 60 degrees it is half.
  CHECK(cell_width_m(6, 60.0) == doctest::Approx(cell_width_m(6, 0.0) / 2));
}

TEST_CASE("storage/geo: neighbours of length-1 cells match Wikipedia's figure") {
  // Top row "b c f g u v y z": west of u is g, east v; the row below
  // "8 9 d e s t w x": s below u, e south-west, t south-east. u is on the top row: no north.
  CHECK(geohash_neighbours("u") == std::vector<std::string>{"v", "t", "s", "e", "g"});
  // 0 (south-west corner): west wraps to p across the 180th meridian, no south.
  CHECK(geohash_neighbours("0") == std::vector<std::string>{"2", "3", "1", "p", "r"});
  CHECK(geohash_adjacent("b", 0, -1) == "z");  // the top row wraps too
  CHECK(geohash_adjacent("s", 1, 0) == "u");
}

TEST_CASE("storage/geo: neighbours share an edge or a corner with the cell") {
  const std::string h = geohash_encode({48.8566, 2.3522}, 7);  // Paris
  Box c;
  REQUIRE(geohash_decode(h, c));
  const auto ns = geohash_neighbours(h);
  REQUIRE(ns.size() == 8);
  for (const std::string& n : ns) {
    CAPTURE(n);
    Box b;
    REQUIRE(geohash_decode(n, b));
    CHECK(n.size() == h.size());
    CHECK(n != h);
    CHECK(b.intersects(c));  // touching boundaries count as intersecting
  }
}

TEST_CASE("storage/geo: the book's radius to precision table") {
  CHECK(book_precision(500) == 6);
  CHECK(book_precision(1000) == 5);
  CHECK(book_precision(2000) == 5);
  CHECK(book_precision(5000) == 4);
  CHECK(book_precision(20000) == 4);
  // Beyond 20 km: the finest precision whose cell (156 km high at 3, 624 km at 2) is as high.
  CHECK(book_precision(100000) == 3);
  CHECK(book_precision(200000) == 2);
}
