// The ring built node by node (merge per node) and in bulk (one sort) is the same ring, and a
// salt moves it. The set-up cost itself is measured by tests/bench/object_store_scale.sh.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/storage/hash_ring.hpp"

using sdsim::HashRing;

namespace {
std::vector<HashRing::NodeSpec> racked_nodes(int nodes, int racks) {
  std::vector<HashRing::NodeSpec> out;
  for (int i = 0; i < nodes; ++i)
    out.push_back({"dn-" + std::to_string(i), "rack-" + std::to_string(i % racks)});
  return out;
}
}  // namespace

TEST_CASE("hash ring: bulk and incremental builds give the same ring") {
  const auto specs = racked_nodes(300, 6);
  HashRing one_by_one(32), bulk(32);
  for (const auto& n : specs) one_by_one.add_node(n.name, n.domain);
  bulk.add_nodes(specs);
  REQUIRE(bulk.nodes() == 300);
  CHECK(bulk.ownership() == one_by_one.ownership());
  for (int i = 0; i < 2000; ++i) {
    const auto h = HashRing::hash("obj-" + std::to_string(i));
    CHECK(bulk.owner(h) == one_by_one.owner(h));
    CHECK(bulk.select(h, 6, true) == one_by_one.select(h, 6, true));
    CHECK(bulk.select(h, 4, false) == one_by_one.select(h, 4, false));
  }
  // Bulk after incremental keeps the ring sorted: a mixed build is still the same ring.
  HashRing mixed(32);
  for (int i = 0; i < 100; ++i) mixed.add_node(specs[i].name, specs[i].domain);
  mixed.add_nodes(std::vector<HashRing::NodeSpec>(specs.begin() + 100, specs.end()));
  CHECK(mixed.ownership() == bulk.ownership());
}

TEST_CASE("hash ring: a salt moves the ring, salt 0 is the historical ring") {
  const auto specs = racked_nodes(50, 5);
  HashRing plain(16), zero(16, 0), salted(16, 12345), other(16, 67890);
  plain.add_nodes(specs);
  zero.add_nodes(specs);
  salted.add_nodes(specs);
  other.add_nodes(specs);
  CHECK(plain.ownership() == zero.ownership());
  int moved = 0, moved_again = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto h = HashRing::hash("obj-" + std::to_string(i));
    moved += plain.owner(h) != salted.owner(h);
    moved_again += salted.owner(h) != other.owner(h);
  }
  // A different ring: about (1 - 1/50) of the keys change owner.
  CHECK(moved > 900);
  CHECK(moved_again > 900);
  // Still rack-aware: 5 shards on 5 racks, one per rack.
  const auto picked = salted.select(HashRing::hash("x"), 5, true);
  std::vector<std::string> racks;
  for (int n : picked) racks.push_back(salted.domain(n));
  std::sort(racks.begin(), racks.end());
  CHECK(std::unique(racks.begin(), racks.end()) == racks.end());
}
