// The ring's load balance against the closed form the object store reports as
// estimate.ring_share_cv: N v independent uniform points cut a circle into Dirichlet(1, ..., 1)
// spacings (Pyke, "Spacings", J. R. Stat. Soc. B 27, 1965), so a node's share of the ring, v of
// them, is Beta(v, (N - 1) v) and E[CV^2] of the shares is (N - 1) / (N v + 1). The ring's
// hash must behave like uniform points for this to hold; averaged over 400 salted rings the
// measured CV^2 is within 8% of it for 1, 8 and 128 virtual nodes (the standard error of the
// mean is about 4%).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "models/object_store/checker.hpp"
#include "sim/storage/hash_ring.hpp"

using sdsim::HashRing;
using sdsim::object_store::coefficient_of_variation;
using sdsim::object_store::expected_ring_share_cv;

TEST_CASE("object store: coefficient of variation") {
  CHECK(coefficient_of_variation({}) == 0.0);
  CHECK(coefficient_of_variation({2, 2, 2}) == 0.0);
  CHECK(coefficient_of_variation({1, 3}) == doctest::Approx(0.5));  // sd 1, mean 2
  CHECK(coefficient_of_variation({0, 0}) == 0.0);
}

TEST_CASE("object store: ring share spread matches Beta(v, (N-1)v)") {
  const int nodes = 12;
  CHECK(expected_ring_share_cv(nodes, 1) == doctest::Approx(std::sqrt(11.0 / 13.0)));
  for (int v : {1, 8, 128}) {
    double sum_cv2 = 0.0;
    const int rings = 400;
    for (int salt = 1; salt <= rings; ++salt) {
      HashRing ring(v, static_cast<std::uint64_t>(salt));
      std::vector<HashRing::NodeSpec> specs;
      for (int n = 0; n < nodes; ++n)
        specs.push_back({"datanode-" + std::to_string(n), "rack-" + std::to_string(n % 6)});
      ring.add_nodes(specs);
      const double cv = coefficient_of_variation(ring.ownership());
      sum_cv2 += cv * cv;
    }
    const double expected = std::pow(expected_ring_share_cv(nodes, v), 2);
    INFO("vnodes " << v << ": mean CV^2 " << sum_cv2 / rings << " expected " << expected);
    CHECK(sum_cv2 / rings == doctest::Approx(expected).epsilon(0.08));
  }
}
