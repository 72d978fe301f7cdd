// The progress lines of `sdsim run` and `sdsim sweep`: the ETA, the bar, and the run's text
// (simulated time against the load's end; draining past it; no ETA when the end is unknown).
#include <doctest/doctest.h>

#include <limits>

#include "sim/output/progress.hpp"
#include "sim/run/run_progress.hpp"

using namespace sdsim;

TEST_CASE("progress: ETA text, remaining time at the same pace, and the bar") {
  CHECK(eta_text(0) == "0s");
  CHECK(eta_text(44.6) == "45s");
  CHECK(eta_text(80) == "1m20s");
  CHECK(eta_text(7500) == "2h05m");
  CHECK(eta_text(-3) == "0s");
  CHECK(remaining_seconds(10, 0.25) == doctest::Approx(30));  // a quarter took 10 s: 30 s to go
  CHECK(remaining_seconds(10, 1.0) == 0);
  CHECK(remaining_seconds(10, 1.5) == 0);  // past the end: nothing to go, never negative
  CHECK(remaining_seconds(10, 0) < 0);     // nothing done yet: unknown
  CHECK(bar_text(0.5, 10) == "[#####-----]");
  CHECK(bar_text(0, 4) == "[----]");
  CHECK(bar_text(1.7, 4) == "[####]");
}

TEST_CASE("progress: a run's line shows simulated time against the load's end, with an ETA") {
  // 15 s of a 60 s load simulated in 2 s of wall time: 6 s to go at that pace.
  CHECK(run_progress_text(15, 60, 2, 812345) ==
        "[#####---------------]  25%  t=15 s of 60 s simulated, 812k events/s, ETA 6s");
  CHECK(run_progress_text(30, 60, 100, 2.5e6) ==
        "[##########----------]  50%  t=30 s of 60 s simulated, 2.5M events/s, ETA 1m40s");
  // Past the load's end the run drains for an unknown time (at most workload.drain).
  CHECK(run_progress_text(75, 60, 3, 500) ==
        "[####################] 100%  t=75 s of 60 s simulated, 500 events/s, draining");
  // A closed loop bounded by a request count has no known end: no bar, no ETA.
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(run_progress_text(12, 0, 1, 10) == "t=12 s simulated, 10 events/s");
  CHECK(run_progress_text(12, inf, 1, 10) == "t=12 s simulated, 10 events/s");
}
