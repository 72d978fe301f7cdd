// One `sdsim run`: scenario -> SimGrid engine and platform -> model and clients -> faults ->
// simulation -> metrics, expectations and output files (written to a staging folder and
// renamed into place only when complete).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sdsim {

struct RunOptions {
  std::string scenario;
  std::vector<std::string> sets;      // --set key.path=value
  long long seed = -1;                // --seed (>= 0 overrides the file)
  std::string out_dir;                // --out ("" = results/<scenario name>)
  bool quiet = false;
  bool progress = false;              // show a progress line on stderr
  std::vector<std::string> sg_cfg;    // --sg-cfg name:value (SimGrid --cfg)
  std::vector<std::string> sg_log;    // --sg-log setting (SimGrid --log)
  std::string variant;                // --variant: one variant of a scenario with variants:
  std::vector<std::string> command;   // the command line, for run.json
  std::vector<std::string> trace;     // --trace paje | chrome (each at most once)
  std::uint64_t trace_max_events = 1'000'000;  // --trace-max-events (chrome)
};

// Exit codes: 0 ran and every expectation held; 1 an expectation failed; 2 bad input
// (reported on stderr, nothing written); 3 the simulation itself failed.
int run_scenario(const RunOptions& opt);

// `sdsim validate`: everything run checks, without simulating. Returns 0 or 2.
int validate_scenario(const RunOptions& opt);

}  // namespace sdsim
