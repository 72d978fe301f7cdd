// A scenario with `variants:` is one experiment run several ways: each variant runs as its own
// `sdsim run --variant NAME` process (same seed) into OUT/NAME/, then OUT/summary.json holds
// every VARIANT.METRIC and the expectations across variants. The folder appears whole or not
// at all, like a single run's.
#pragma once

#include <string>

#include "sim/run/run.hpp"
#include "sim/scenario/scenario.hpp"

namespace sdsim {

// Exit codes as run_scenario's: 3 if a variant's simulation failed, else 1 if any expectation
// (a variant's own or one across variants) failed, else 0.
int run_variants(const Scenario& sc, const RunOptions& opt, const std::string& out);

}  // namespace sdsim
