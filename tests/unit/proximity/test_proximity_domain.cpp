// The proximity model's domain logic: lengths with units, the business CSV's validation, the
// recall/precision oracle, and the book's back-of-the-envelope figures (System Design
// Interview vol. 2, ch. 1, "Back-of-the-envelope estimation": 100 M DAU x 5 searches / 10^5 s
// = 5,000 QPS; "Quadtree" memory: 200 M businesses need about 1.71 GB).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "models/proximity/checker.hpp"
#include "models/proximity/dataset.hpp"
#include "models/proximity/updates.hpp"

using namespace sdsim;
using namespace sdsim::proximity;

TEST_CASE("proximity: lengths need a unit") {
  CHECK(parse_length_m("500m") == 500.0);
  CHECK(parse_length_m(" 0.5km ") == 500.0);
  CHECK(parse_length_m("20 km") == 20000.0);
  CHECK_FALSE(parse_length_m("500"));
  CHECK_FALSE(parse_length_m("-1km"));
  CHECK_FALSE(parse_length_m("2 miles"));
  Diagnostics d;
  CHECK(parse_radii("500m, 1km, 2km, 5km, 20km", {}, "radii", d) ==
        std::vector<double>{500, 1000, 2000, 5000, 20000});
  CHECK(d.ok());
}

TEST_CASE("proximity: the businesses CSV is validated row by row") {
  const auto path = (std::filesystem::temp_directory_path() / "sdsim-unit-prox.csv").string();
  {
    std::ofstream f(path);
    f << "id,lat,lon\n1,48.85,2.29\n\n2,-33.9,180\n";
  }
  Diagnostics d;
  const auto pts = load_businesses_csv(path, d);
  REQUIRE(d.ok());
  REQUIRE(pts.size() == 2);
  CHECK(pts[1].pos.lon == -180.0);  // the 180th meridian is -180
  {
    std::ofstream f(path);
    f << "id,lat,lon\n1,48.85,2.29\nx,1,1\n";
  }
  Diagnostics bad;
  load_businesses_csv(path, bad);
  REQUIRE(bad.list().size() == 1);
  CHECK(bad.list()[0].loc.line == 3);
  CHECK(bad.list()[0].loc.col == 1);
  std::filesystem::remove(path);
}

TEST_CASE("proximity: generated businesses stay in their region") {
  BusinessConfig c;
  c.count = 2000;
  c.distribution = "uniform";
  c.lat = 70;
  c.lon = 179.9;  // the region crosses the 180th meridian: longitudes wrap
  c.region_km = 100;
  RandomStream rng(1, "test");
  for (const auto& p : generate_businesses(c, rng)) {
    CHECK(p.pos.lon >= -180.0);
    CHECK(p.pos.lon < 180.0);
    CHECK(std::abs(p.pos.lat - 70) < 0.5);
  }
}

TEST_CASE("proximity: recall and precision against the truth") {
  using storage::geo::Hit;
  const std::vector<Hit> truth{{1, 10}, {2, 20}, {3, 30}, {4, 40}};
  CHECK(compare_to_truth(truth, truth).recall == 1.0);
  const Accuracy a = compare_to_truth({{2, 20}, {4, 40}, {9, 90}}, truth);
  CHECK(a.recall == doctest::Approx(0.5));
  CHECK(a.precision == doctest::Approx(2.0 / 3.0));
  CHECK(compare_to_truth({}, {}).recall == 1.0);
  CHECK(compare_to_truth({}, truth).recall == 0.0);
}

TEST_CASE("proximity: the book's estimates") {
  CHECK(estimate_search_qps(100e6, 5) == doctest::Approx(5000));
  // 2 M leaves of 832 B (1.664 GB) + 0.67 M internal nodes of 64 B (0.043 GB) = 1.71 GB.
  CHECK(estimate_quadtree_bytes(200e6, 100) == doctest::Approx(1.707e9).epsilon(1e-3));
}

TEST_CASE("proximity: a server's view of the business updates") {
  using storage::geo::Hit;
  using storage::geo::SearchWork;
  const LatLon c{0, 0};
  const std::vector<Point> original{{1, {0, 0.001}}, {2, {0, 0.5}}};  // 111 m and 55.6 km east
  const std::vector<BusinessUpdate> updates{{2, {0, 0.002}, 1.0},
                                            {1, {0, 0.9}, 2.0}};  // 2 moves in, then 1 out
  SearchWork w;
  const auto base = storage::geo::brute_force(original, c, 1000);
  CHECK(apply_updates(base, c, 1000, updates, 0.5, w) == base);  // nothing seen yet
  const auto at1 = apply_updates(base, c, 1000, updates, 1.5, w);
  REQUIRE(at1.size() == 2);
  const auto at2 = apply_updates(base, c, 1000, updates, 2.5, w);
  REQUIRE(at2.size() == 1);
  CHECK(at2[0].id == 2);
  // A replica that saw writes up to 0.5 s, read at 2.5 s: both unseen writes change the result;
  // the oldest (at 1 s) is 1.5 s old. Up to date, nothing is stale.
  CHECK(stale_age(c, 1000, original, updates, 0.5, 2.5) == doctest::Approx(1.5));
  CHECK(stale_age(c, 1000, original, updates, 1.5, 2.5) == doctest::Approx(0.5));
  CHECK(stale_age(c, 1000, original, updates, 2.5, 2.5) == -1);
}
