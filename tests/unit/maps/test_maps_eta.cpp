// The maps model's ETA: least squares on data with a known linear relation recovers its
// coefficients (exactly without noise, closely with it); a feature that never occurs gets
// weight 0; the features add up the route's free-flow time per class.
#include <doctest/doctest.h>

#include <vector>

#include "models/maps/eta.hpp"
#include "sim/storage/road_graph/shortest_path.hpp"

using namespace sdsim;
using namespace sdsim::maps;

TEST_CASE("maps eta: least squares recovers a known linear relation") {
  const EtaFeatures truth{1.2, 1.5, 2.0, 0.3, 0.6, 0.9, 30.0};
  RandomStream rng(5, "eta-test");
  for (double noise : {0.0, 1.0}) {
    std::vector<EtaFeatures> x;
    std::vector<double> y;
    for (int i = 0; i < 500; ++i) {
      EtaFeatures f{};
      for (int c = 0; c < 3; ++c) f[std::size_t(c)] = rng.uniform(0, 600);
      const double rush = rng.uniform01() < 0.4 ? 1.0 : 0.0;
      for (int c = 0; c < 3; ++c) f[std::size_t(3 + c)] = rush * f[std::size_t(c)];
      f[6] = 1.0;
      double t = 0;
      for (int j = 0; j < kEtaFeatures; ++j) t += truth[std::size_t(j)] * f[std::size_t(j)];
      x.push_back(f);
      y.push_back(t + noise * rng.normal());
    }
    const EtaModel m = EtaModel::fit(x, y);
    for (int j = 0; j < kEtaFeatures; ++j) {
      CAPTURE(j);
      CAPTURE(noise);
      const double tol = noise == 0 ? 1e-6 : (j == 6 ? 0.5 : 0.01);
      CHECK(m.coefficients()[std::size_t(j)] == doctest::Approx(truth[std::size_t(j)]).epsilon(tol));
    }
  }
}

TEST_CASE("maps eta: an absent feature gets weight 0, features sum the free-flow time") {
  std::vector<EtaFeatures> x;
  std::vector<double> y;
  for (int i = 1; i <= 50; ++i) {
    const double local = 10.0 * i, arterial = 3.0 * (i % 7);
    x.push_back({local, arterial, 0, 0, 0, 0, 1});  // no highway, no rush
    y.push_back(1.1 * local + 1.4 * arterial + 5);
  }
  const EtaModel m = EtaModel::fit(x, y);
  CHECK(m.coefficients()[0] == doctest::Approx(1.1));
  CHECK(m.coefficients()[1] == doctest::Approx(1.4));
  CHECK(m.coefficients()[6] == doctest::Approx(5));
  for (int j = 2; j < 6; ++j) CHECK(m.coefficients()[std::size_t(j)] == 0);

  storage::road_graph::GridCityOptions o;
  o.width = o.height = 25;
  const auto g = storage::road_graph::make_grid_city(o, 2);
  storage::road_graph::ShortestPathSearch search(g);
  const auto route = search.dijkstra(0, 624, g.free_flow_costs());
  const EtaFeatures f = eta_features(g, route.arcs, 8.0);
  CHECK(f[0] + f[1] + f[2] == doctest::Approx(route.cost));
  CHECK(f[3] + f[4] + f[5] == doctest::Approx(route.cost));  // 08:00 is in a rush window
  CHECK(eta_features(g, route.arcs, 12.0)[3] == 0);
  CHECK(free_flow_time(g, route.arcs) == doctest::Approx(route.cost));
  CHECK(rush_hour(7.0));
  CHECK_FALSE(rush_hour(9.5));
}
