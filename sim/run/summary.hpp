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
  double wall_time = 0.0;   // s (the one field that differs between identical runs)
  std::map<std::string, std::string> simgrid_config;  // effective settings we chose or passed
};

std::vector<ExpectationResult> check_expectations(const std::vector<Expectation>& expect,
                                                  const std::map<std::string, double>& metrics);

void write_summary(const std::string& path, const Scenario& sc,
                   const std::map<std::string, double>& metrics,
                   const std::vector<ExpectationResult>& results, const RunFacts& facts);

// The human table printed at the end of a run.
std::string results_table(const Scenario& sc, const std::map<std::string, double>& metrics,
                          const std::vector<ExpectationResult>& results, const RunFacts& facts,
                          const std::string& out_dir);

}  // namespace sdsim
