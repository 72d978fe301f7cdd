// The ad-click model end to end through the CLI: its per-entity outputs agree with its
// metrics (what a user checking the counts outside the model would find), and parameters it
// cannot honour are refused with a located error, exit 2, nothing written.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "../cli.hpp"

namespace {

const char* kScenario =
    "name: adc\nmodel: ad_click\nseed: 3\nduration: 90s\n"
    "params:\n  windows: {size: 30s, watermark: 0s}\n"
    "workload: {arrival: poisson, rate: 100/s}\n";

}  // namespace

TEST_CASE("ad_click: aggregates.csv, reconciliation.csv and topn.csv agree with the metrics") {
  simt::TempDir dir("sdsim-simt-adc");
  simt::write_file(dir / "scn.yaml", kScenario);
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const auto m = simt::read_json(dir / "out" / "summary.json")["metrics"];
  const double ingested = m["clicks.ingested"], dropped = m["clicks.late_dropped"];
  CHECK(dropped > 0);  // a zero watermark drops some of the late tail
  CHECK(double(m["duplicates.counted"]) == 0);

  // Stored counts of filter 0 add up to every ingested click but the late drops.
  const simt::Csv agg = simt::read_csv(dir / "out" / "aggregates.csv");
  double stored = 0, recounted = 0;
  for (std::size_t i = 0; i < agg.rows.size(); ++i)
    if (agg.num(i, "filter_id") == 0) {
      stored += agg.num(i, "count");
      recounted += agg.num(i, "recount");
      CHECK(agg.num(i, "window_end") - agg.num(i, "window_start") == 30);
    }
  CHECK(stored == ingested - dropped);
  CHECK(recounted <= ingested);

  // Every mismatch is a row of reconciliation.csv; exactly once, they are all shortfalls whose
  // sum over filter 0 is the late drops.
  const simt::Csv rec = simt::read_csv(dir / "out" / "reconciliation.csv");
  CHECK(double(rec.rows.size()) == double(m["reconciliation.mismatches"]));
  double short_by = 0;
  for (std::size_t i = 0; i < rec.rows.size(); ++i) {
    CHECK(rec.num(i, "difference") == rec.num(i, "stream") - rec.num(i, "recount"));
    CHECK(rec.num(i, "difference") < 0);
    if (rec.num(i, "filter_id") == 0) short_by -= rec.num(i, "difference");
  }
  CHECK(short_by == dropped);
  CHECK(short_by == double(m["counts.abs_error.sum"]));

  // topn.csv: ranks 1..N per window, counts not increasing.
  const simt::Csv top = simt::read_csv(dir / "out" / "topn.csv");
  REQUIRE(top.rows.size() > 0);
  for (std::size_t i = 1; i < top.rows.size(); ++i)
    if (top.num(i, "window_end") == top.num(i - 1, "window_end")) {
      CHECK(top.num(i, "rank") == top.num(i - 1, "rank") + 1);
      CHECK(top.num(i, "count") <= top.num(i - 1, "count"));
    }
}

TEST_CASE("ad_click: bad parameters are refused with a located error and nothing written") {
  simt::TempDir dir("sdsim-simt-adc-bad");
  simt::write_file(dir / "filters.yaml",
                   "name: adc\nmodel: ad_click\nduration: 10s\nparams:\n  clicks: {countries: 2, "
                   "filter_countries: 3}\n");
  auto r = simt::sdsim({"run", "filters.yaml", "--out", "out", "--quiet"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("filters.yaml:5:") != std::string::npos);
  CHECK(r.err.find("filter_countries") != std::string::npos);
  CHECK(simt::list_tree(dir / "out").empty());

  simt::write_file(dir / "drain.yaml",
                   "name: adc\nmodel: ad_click\nduration: 10s\nworkload: {drain: 5s}\n");
  r = simt::sdsim({"run", "drain.yaml", "--out", "out", "--quiet"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("drain.yaml:4:") != std::string::npos);
  CHECK(r.err.find("workload.drain") != std::string::npos);
  CHECK(simt::list_tree(dir / "out").empty());
}
