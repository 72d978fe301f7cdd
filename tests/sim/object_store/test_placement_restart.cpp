// A placement-service restart rebuilds its volatile state (scenarios/object_store/
// placement-restart.yaml): no live node is declared dead because its last heartbeat predates
// the crash, and the repair workers killed with the host give their tasks back, so the run
// ends when repair is done instead of waiting its full drain (before the fix: 12 false
// node-downs and a run of 180 s, the 60 s load plus the whole 120 s drain).
#include <doctest/doctest.h>

#include "cli.hpp"

TEST_CASE(
    "object store: a placement restart declares no live node dead and the drain ends with repair") {
  simt::TempDir dir("sdsim-simt-os-placement");
  const auto r =
      simt::sdsim({"run", simt::source_dir() + "/scenarios/object_store/placement-restart.yaml",
                   "--quiet", "--out", (dir / "out").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto s = simt::read_json(dir / "out" / "summary.json");
  const auto& m = s.at("metrics");
  CHECK(m.at("nodes.false_down").get<double>() == 0);
  CHECK(m.at("repair.shards").get<double>() > 0);
  CHECK(s.at("sim_time").get<double>() < 60 + 120 - 10);
}
