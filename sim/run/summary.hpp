// summary.json: the run's identity, its metrics (flat, SI units), its expectations with their
// outcome, and a manifest that says exactly what produced it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace sdsim {

struct ExpectationResult {
  Expectation expectation;
  double actual = 0.0;
  bool present = false;  // the model reported the metric
  bool ok = false;
};

struct RunFacts {
  double sim_time = 0.0;    // s
  // What differs between identical runs: run.json, outside the byte-identical outputs.
  double wall_time = 0.0;   // s
  std::vector<std::string> command;  // the command line
  std::string started;               // UTC, ISO 8601
  std::map<std::string, std::string> simgrid_config;  // effective settings we chose or passed
};

std::vector<ExpectationResult> check_expectations(const std::vector<Expectation>& expect,
                                                  const std::map<std::string, double>& metrics);

void write_summary(const std::string& path, const Scenario& sc,
                   const std::map<std::string, double>& metrics,
                   const std::vector<ExpectationResult>& results, const RunFacts& facts);

// Now, as UTC ISO 8601 (for run.json only).
std::string started_utc();
// run.json: the command line, when it started, its wall time.
void write_run_record(const std::string& path, const RunFacts& facts);

// The human table printed at the end of a run.
std::string results_table(const Scenario& sc, const std::map<std::string, double>& metrics,
                          const std::vector<ExpectationResult>& results, const RunFacts& facts,
                          const std::string& out_dir);

}  // namespace sdsim
