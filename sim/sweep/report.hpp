// A sweep's results, built from its run folders (each a finished `sdsim run`): results.csv
// (one row per run), aggregate.csv (per grid point and metric: mean, std, 95% CI over the
// seeds), sweep.json (the grid, seeds and metric units) and, on request, a JUnit report.
// Rows follow the plan's run order, never the order runs finished, so the files depend only
// on the runs' outputs; wall times are left out of the CSV files for the same reason.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/sweep/plan.hpp"

namespace sdsim {

// One expectation of a run as its summary.json reports it.
struct CheckOutcome {
  std::string metric;
  std::string expected;  // as written back: "< 280 ms"
  double actual = 0;     // NaN when the run did not report the metric
  bool ok = false;
};

struct RunOutcome {
  bool found = false;  // the run folder exists and holds a summary
  std::string dir;
  std::map<std::string, double> metrics;  // NaN where the summary has null
  std::vector<std::string> failed;        // failed expectations, described
  std::vector<CheckOutcome> checks;       // every expectation, in the summary's order
  double wall_time = 0;                   // for the JUnit report only
  std::uint64_t seed = 0;
  std::string scenario_hash;  // from the manifest: base text + overrides
  std::string error;          // why a run has no folder (when known)
};

// The summary of one run folder, or found == false when it has none.
RunOutcome read_run_folder(const std::string& dir);

// True when the outcome is `run`'s: same seed, same scenario text and overrides.
bool matches(const RunOutcome& o, const PlannedRun& run);

// Finds the plan's runs in `dirs`: each is a run folder or a sweep output folder (its runs/
// folders are used). Folders that are not runs of this plan are errors (throws InputError);
// staging leftovers (*.partial-*, *.old-*) are ignored.
std::vector<RunOutcome> collect_runs(const SweepPlan& plan, const std::vector<std::string>& dirs);

// Writes results.csv, aggregate.csv and sweep.json into `out_dir` (each atomically).
void write_sweep_results(const SweepPlan& plan, const std::vector<RunOutcome>& runs,
                         const std::string& out_dir);

// One <testcase> per planned run: a failure for failed expectations, an error for a missing run.
void write_junit(const SweepPlan& plan, const std::vector<RunOutcome>& runs,
                 const std::string& path);

}  // namespace sdsim
