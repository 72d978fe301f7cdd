// `sdsim sweep`: runs a sweep's runs (each an `sdsim run` in its own process, N at a time),
// skips those already finished, and writes the sweep's results. Or, to spread a sweep over
// machines: --list (one shell command per run), --only K (run K alone), --merge (results
// from run folders gathered from anywhere).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/sweep/plan.hpp"
#include "sim/sweep/report.hpp"

namespace sdsim {

struct SweepOptions {
  std::string file;
  unsigned jobs = 0;    // 0: one per CPU
  std::string out_dir;  // "" = results/<sweep name>
  bool list = false;
  std::optional<long long> only;   // run index (0-based)
  std::vector<std::string> merge;  // run folders or sweep output folders
  std::string junit;               // JUnit XML report path
  bool quiet = false;
};

// Exit codes: 0 every run ran and its expectations held; 1 an expectation failed; 2 bad input
// (nothing run, nothing written); 3 a run failed or is missing; 130 interrupted.
int sweep_command(const SweepOptions& opt);

// For commands built on sweeps (`sdsim grade`). Makes `out_dir` an sdsim output folder, or
// says why it cannot be one (exit code 2, message on stderr); 0 when it is ready.
int prepare_output_folder(const std::string& out_dir);

// Runs the plan's runs not already finished in OUT_DIR/runs (each an `sdsim run` in its own
// process, `jobs` at a time, 0 = one per CPU) and reads every run's outcome into `runs`, in
// plan order (a run that failed has found == false and `error` says why). Returns 0, or 130
// when interrupted (finished runs are kept). Throws when a run cannot be started.
int run_plan(const SweepPlan& plan, const std::string& out_dir, unsigned jobs, bool quiet,
             std::vector<RunOutcome>& runs);

}  // namespace sdsim
