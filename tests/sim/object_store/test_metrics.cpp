// Object store metrics users asked for: shard reads per GET (1 for a copy, k = 8 and a little
// more for RS(8,4), whose reads fall back to other chunks when one fails), and the repair
// traffic per second in timeseries.csv, whose integral over the run is repair.bytes.
#include <doctest/doctest.h>

#include "cli.hpp"

namespace {
nlohmann::json run(const simt::TempDir& dir, const std::string& scenario) {
  const auto r = simt::sdsim({"run", simt::source_dir() + "/scenarios/object_store/" + scenario,
                              "--quiet", "--out", (dir / scenario).string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return simt::read_json(dir / scenario / "summary.json").at("metrics");
}
}  // namespace

TEST_CASE("object store: reads per GET and repair bytes per second") {
  simt::TempDir dir("sdsim-simt-os-metrics");
  CHECK(run(dir, "replication-3.yaml").at("gets.reads_per_get").get<double>() == 1.0);
  const auto ec = run(dir, "erasure-coding-8-4.yaml");
  CHECK(ec.at("gets.reads_per_get").get<double>() >= 8.0);
  CHECK(ec.at("gets.reads_per_get").get<double>() < 8.5);
  const auto ts = simt::read_csv(dir / "erasure-coding-8-4.yaml" / "timeseries.csv");
  double integral = 0, before = 0;
  for (std::size_t i = 0; i < ts.rows.size(); ++i) {
    const double t = ts.num(i, "time");
    integral += ts.num(i, "repair_bytes_per_s") * (t - before);
    before = t;
  }
  REQUIRE(ec.at("repair.bytes").get<double>() > 0);
  CHECK(integral == doctest::Approx(ec.at("repair.bytes").get<double>()).epsilon(0.01));
}
