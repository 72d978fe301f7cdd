// durability.simulated annualises the objects lost at stochastic disk failures over the time
// the failure process ran: disk_failures.until when set (here 10 s of a 30 s load), not the
// whole load (before the fix the exposure was always workload.duration x time_scale).
#include <doctest/doctest.h>

#include <cmath>

#include "cli.hpp"

TEST_CASE("object store: durability.simulated uses disk_failures.until as the exposure") {
  simt::TempDir dir("sdsim-simt-os-exposure");
  simt::write_file(dir / "scn.yaml", R"(name: object-store-exposure
model: object_store
seed: 3
params:
  copies: 2
  objects: 400
  repair: {bandwidth: 1MBps, streams: 1}
  disk_failures: {afr: 0.3, time_scale: 3000000, replace_after: 5s, until: 10s}
workload: {clients: 4, rate: 5/s, duration: 30s, drain: 5s}
)");
  const auto r = simt::sdsim({"run", "scn.yaml", "--quiet", "--out", "out"}, dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto m = simt::read_json(dir / "out" / "summary.json").at("metrics");
  const double lost = m.at("objects.lost").get<double>(),
               puts = 400 - m.at("puts.failed").get<double>();
  REQUIRE(lost > 0);  // the failure rate is high enough to lose objects
  REQUIRE(lost < puts);
  const double year = 365.25 * 86400, exposure = 10 * 3e6;
  const double expected = 1 - std::pow(1 - lost / puts, year / exposure);
  CHECK(m.at("durability.simulated").get<double>() == doctest::Approx(expected).epsilon(1e-9));
}
