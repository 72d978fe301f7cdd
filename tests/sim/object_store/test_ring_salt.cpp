// ring_salt: seed makes the placement ring vary with the run's seed; the default (fixed) keeps
// one ring for every seed. Seen through which objects beyond-tolerance-replication.yaml loses
// when three nodes' disks die at once: the same objects for every seed with the fixed ring
// (placement depends on names only), other objects when the ring is salted by the seed.
#include <doctest/doctest.h>

#include <set>
#include <sstream>
#include <string>

#include "cli.hpp"

namespace {
std::set<std::string> lost_objects(const simt::TempDir& dir, int seed, const std::string& salt) {
  const std::string out = (dir / ("out-" + std::to_string(seed) + salt)).string();
  const auto r = simt::sdsim(
      {"run", simt::source_dir() + "/scenarios/object_store/beyond-tolerance-replication.yaml",
       "--quiet", "--seed", std::to_string(seed), "--set", "params.ring_salt=" + salt, "--out",
       out});
  INFO(r.err);
  CHECK(r.exit_code <= 1);  // a salted ring may lose another number of objects than expected
  const auto events = simt::read_csv(simt::fs::path(out) / "events.csv");
  std::set<std::string> lost;
  for (std::size_t i = 0; i < events.rows.size(); ++i)
    if (events.str(i, "kind") == "object_lost") lost.insert(events.str(i, "target"));
  return lost;
}
}  // namespace

TEST_CASE("object store: the ring varies with the seed only when ring_salt is seed") {
  simt::TempDir dir("sdsim-simt-os-salt");
  const auto fixed1 = lost_objects(dir, 1, "fixed"), fixed2 = lost_objects(dir, 2, "fixed");
  CHECK(fixed1.size() == 4);
  CHECK(fixed1 == fixed2);
  const auto salted1 = lost_objects(dir, 1, "seed"), salted2 = lost_objects(dir, 2, "seed");
  CHECK(salted1 != fixed1);
  CHECK(salted1 != salted2);
  // Same seed, same salted ring.
  CHECK(lost_objects(dir, 1, "seed") == salted1);
}
