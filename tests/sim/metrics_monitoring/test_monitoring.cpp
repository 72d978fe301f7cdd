// The metrics monitoring model from the outside (events.csv, requests.csv, summary.json): a
// target crash becomes one alert whose pending and firing rows lie on the evaluation grid,
// exactly `for` apart, and that resolves after the target is back; a collector crash in the
// same run raises no alert. And settings it cannot honour are refused with exit 2.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "cli.hpp"

namespace {

const std::string kRun = R"(name: monitoring-sim
model: metrics_monitoring
seed: 3
duration: 15m
params:
  targets: 4
  dashboard: {dashboards: 1}
workload:
  drain: 30s
faults:
  - {at: 125s, crash: target-0, restart_after: 8m}
  - {at: 200s, crash: collector-1, restart_after: 2m}
)";

}  // namespace

TEST_CASE("metrics_monitoring: one alert per crash, on the evaluation grid, for apart") {
  simt::TempDir dir("sdsim-simt-monitoring");
  simt::write_file(dir / "scn.yaml", kRun);
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const simt::Csv events = simt::read_csv(dir / "out" / "events.csv");
  double pending = -1, firing = -1, resolved = -1, back = -1;
  int alert_rows = 0;
  for (std::size_t i = 0; i < events.rows.size(); ++i) {
    const std::string& kind = events.str(i, "kind");
    if (kind == "host_on" && events.str(i, "target") == "target-0") back = events.num(i, "time");
    if (kind != "alert") continue;
    ++alert_rows;
    CHECK(events.str(i, "target") == "target-0");  // the collector crash alerts nobody
    const std::string& detail = events.str(i, "detail");
    const double t = events.num(i, "time");
    if (detail.find(" pending ") != std::string::npos) pending = t;
    if (detail.find(" firing ") != std::string::npos) firing = t;
    if (detail.find(" resolved ") != std::string::npos) resolved = t;
  }
  CHECK(alert_rows == 3);
  REQUIRE(pending > 0);
  REQUIRE(firing > 0);
  // Evaluations at k * 60 s + 30 s (rows are stamped when the evaluation's queries returned).
  const double grid = std::fmod(pending - 30.0, 60.0);
  CHECK(grid < 0.01);
  CHECK(firing - pending == doctest::Approx(300.0).epsilon(1e-4));
  // Pending at the first evaluation after the first failed scrape (180 s, timed out at 190 s).
  CHECK(pending == doctest::Approx(210.0).epsilon(1e-4));
  CHECK(back == doctest::Approx(605.0));
  CHECK(resolved > back);
  CHECK(resolved < back + 60 + 10 + 60 + 30);
  const auto summary = simt::read_json(dir / "out" / "summary.json");
  const auto& m = summary["metrics"];
  CHECK(m["alert.firings"].get<double>() == 1);
  CHECK(m["alert.false_positives"].get<double>() == 0);
  CHECK(m["alert.detection_delay.max"].get<double>() ==
        doctest::Approx(firing - 125.0).epsilon(1e-4));
  CHECK(m["ingest.points_lost"].get<double>() == 0);
  CHECK(m["store.unexpected_points"].get<double>() == 0);
  const simt::Csv requests = simt::read_csv(dir / "out" / "requests.csv");
  CHECK(double(requests.rows.size()) == m["query.count"].get<double>());
}

TEST_CASE("metrics_monitoring: impossible settings are refused with a located error") {
  simt::TempDir dir("sdsim-simt-monitoring-bad");
  simt::write_file(
      dir / "scn.yaml",
      "name: mm-bad\nmodel: metrics_monitoring\nduration: 5m\nparams:\n  scrape_interval: 10s\n"
      "  scrape_timeout: 20s\n  alert: {evaluation_interval: 1m, evaluation_offset: 90s}\n");
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("scn.yaml:6:") != std::string::npos);
  CHECK(r.err.find("params.scrape_timeout") != std::string::npos);
  CHECK(r.err.find("params.alert.evaluation_offset") != std::string::npos);
  CHECK(simt::list_tree(dir / "out").empty());
}
