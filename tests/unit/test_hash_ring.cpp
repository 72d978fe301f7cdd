#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "sim/storage/hash_ring.hpp"

using sdsim::HashRing;

namespace {

double ownership_cv(int nodes, int vnodes) {
  HashRing ring(vnodes);
  for (int i = 0; i < nodes; ++i) ring.add_node("node-" + std::to_string(i), "rack-" + std::to_string(i % 4));
  auto share = ring.ownership();
  double mean = 0, var = 0;
  for (double s : share) mean += s;
  mean /= nodes;
  for (double s : share) var += (s - mean) * (s - mean);
  var /= nodes;
  return std::sqrt(var) / mean;
}

HashRing racked(int racks, int per_rack, int vnodes = 64) {
  HashRing ring(vnodes);
  for (int r = 0; r < racks; ++r)
    for (int h = 0; h < per_rack; ++h)
      ring.add_node("dn-" + std::to_string(r) + "-" + std::to_string(h), "rack-" + std::to_string(r));
  return ring;
}

}  // namespace

TEST_CASE("hash ring: ownership sums to one and balance improves as 1/sqrt(V)") {
  HashRing ring(10);
  for (int i = 0; i < 7; ++i) ring.add_node("n" + std::to_string(i), "d");
  double total = 0;
  for (double s : ring.ownership()) total += s;
  CHECK(total == doctest::Approx(1.0).epsilon(1e-9));
  // With V points per node a node's share is a sum of V arcs: CV close to 1/sqrt(V).
  for (int v : {16, 100, 400}) {
    const double cv = ownership_cv(200, v);
    CAPTURE(v);
    CHECK(cv > 0.75 / std::sqrt(v));
    CHECK(cv < 1.25 / std::sqrt(v));
  }
  CHECK(ownership_cv(200, 400) < ownership_cv(200, 16));
}

TEST_CASE("hash ring: keys land where the ownership says") {
  HashRing ring(100);
  for (int i = 0; i < 10; ++i) ring.add_node("n" + std::to_string(i), "d");
  std::map<int, int> hits;
  const int keys = 200000;
  for (int i = 0; i < keys; ++i) ++hits[ring.owner(HashRing::hash("key-" + std::to_string(i)))];
  auto share = ring.ownership();
  for (int n = 0; n < 10; ++n) CHECK(hits[n] / double(keys) == doctest::Approx(share[n]).epsilon(0.05));
}

TEST_CASE("hash ring: selection is deterministic, distinct, and stable when a node is added") {
  HashRing a = racked(4, 3), b = racked(4, 3);
  const auto h = HashRing::hash("bucket/object");
  CHECK(a.select(h, 3, true) == b.select(h, 3, true));
  auto picked = a.select(h, 5, false);
  CHECK(std::set<int>(picked.begin(), picked.end()).size() == 5);
  // Adding a node moves only the keys it now owns.
  HashRing c = racked(4, 3);
  c.add_node("dn-new", "rack-9");
  int moved = 0;
  for (int i = 0; i < 10000; ++i) {
    const auto k = HashRing::hash("k" + std::to_string(i));
    const int before = a.owner(k), after = c.owner(k);
    if (before != after) {
      ++moved;
      CHECK(c.name(after) == "dn-new");
    }
  }
  CHECK(moved > 0);
  CHECK(moved < 2000);  // about 1/13 of the keys
}

TEST_CASE("hash ring: rack-aware selection never puts two shards in one rack when racks suffice") {
  HashRing ring = racked(12, 3);
  for (int i = 0; i < 2000; ++i) {
    auto nodes = ring.select(HashRing::hash("o" + std::to_string(i)), 12, true);
    REQUIRE(nodes.size() == 12);
    std::set<std::string> racks;
    for (int n : nodes) racks.insert(ring.domain(n));
    CHECK(racks.size() == 12);
  }
}

TEST_CASE("hash ring: with fewer racks than shards, at most ceil(n / racks) per rack") {
  HashRing ring = racked(6, 4);
  for (int i = 0; i < 2000; ++i) {
    auto nodes = ring.select(HashRing::hash("o" + std::to_string(i)), 12, true);
    REQUIRE(nodes.size() == 12);
    std::map<std::string, int> per;
    for (int n : nodes) ++per[ring.domain(n)];
    for (auto& [r, c] : per) CHECK(c <= 2);
  }
}

TEST_CASE("hash ring: rack-unaware selection does share racks") {
  HashRing ring = racked(3, 8);
  int shared = 0;
  for (int i = 0; i < 1000; ++i) {
    auto nodes = ring.select(HashRing::hash("o" + std::to_string(i)), 3, false);
    std::set<std::string> racks;
    for (int n : nodes) racks.insert(ring.domain(n));
    if (racks.size() < 3) ++shared;
  }
  CHECK(shared > 500);  // 1 - (2/3)(1/3)... about 78% for uniform choices
}

TEST_CASE("hash ring: usable filter and already-chosen nodes (repair placement)") {
  HashRing ring = racked(4, 3);
  const auto h = HashRing::hash("x");
  auto first = ring.select(h, 3, true);
  // Replace first[0]: it is down; keep the other two.
  std::vector<int> keep{first[1], first[2]};
  auto repl = ring.select(h, 1, true, keep, [&](int n) { return n != first[0]; });
  REQUIRE(repl.size() == 1);
  CHECK(repl[0] != first[0]);
  std::set<std::string> racks{ring.domain(first[1]), ring.domain(first[2]), ring.domain(repl[0])};
  CHECK(racks.size() == 3);
  // Nothing usable: nothing chosen.
  CHECK(ring.select(h, 2, true, {}, [](int) { return false; }).empty());
}
