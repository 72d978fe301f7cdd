// `sdsim sweep`: runs a sweep's runs (each an `sdsim run` in its own process, N at a time),
// skips those already finished, and writes the sweep's results. Or, to spread a sweep over
// machines: --list (one shell command per run), --only K (run K alone), --merge (results
// from run folders gathered from anywhere).
#pragma once

#include <optional>
#include <string>
#include <vector>

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

}  // namespace sdsim
