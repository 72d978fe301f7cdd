// A sweep file turned into a plan: the list of runs (grid point x seed), each an `sdsim run`
// of the base scenario with `--seed` and `--set` overrides. The whole sweep is validated
// before anything runs: the sweep file itself, and the base scenario under every grid point.
//
//   base: ../queueing/mmc.yaml          # relative to the sweep file
//   grid:                               # key path -> values; cartesian product in file order
//     workload.rate: [1/s, 2/s, 4/s]    # (the first key varies slowest, seeds fastest)
//   seeds: 5                            # seeds 1..5, or a list: [3, 17, 42]
//   expect: {requests.completed: "> 0"} # optional; replaces the base's expect: in every run
//
// `expect:` replaces the base scenario's block rather than adding to it, because a base's
// expectations usually hold for its own parameters only (mmc.yaml's wait band is for 8/s).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/doc.hpp"
#include "sim/scenario/expectations.hpp"

namespace sdsim {

// One grid axis: a key path and its values, as written and (when every value is a number or
// a quantity of one dimension) in SI, for the numeric columns of results.csv.
struct GridAxis {
  std::string key;                  // "workload.rate"
  std::vector<std::string> values;  // YAML fragments passed to --set: "4/s", "{a: 1}"
  std::vector<std::string> labels;  // short, file-name-safe: "4_s"
  std::optional<std::vector<double>> si;
  std::string unit;  // SI unit of `si` ("1/s"), "" for plain numbers
};

struct PlannedRun {
  std::size_t index = 0;            // 0-based, grid order then seed order
  std::size_t point = 0;            // 0-based grid point
  std::vector<std::size_t> choice;  // value index on each axis
  std::uint64_t seed = 0;
  std::string name;               // run folder: "07-rate=4_s-seed3" (axes of one value left out)
  std::vector<std::string> sets;  // "key=value" arguments for --set
  std::string scenario_hash;      // what the run's manifest must say (base text + overrides)
};

struct SweepPlan {
  std::string file;  // the sweep file as given
  std::string name;  // `name:` or the file's stem
  std::string base;  // absolute, normalised path of the base scenario
  std::string model;
  std::vector<GridAxis> axes;
  std::vector<std::uint64_t> seeds;
  std::size_t points = 0;  // product of the axes' sizes (1 without a grid)
  std::vector<PlannedRun> runs;
  std::vector<MetricSpec> metrics;  // the model's and the framework's, for units
};

// Reads and validates the sweep file and the base scenario under every grid point. Throws
// InputError (every problem, located in the sweep file where possible).
SweepPlan load_sweep_plan(const std::string& path);

// The same from a sweep document already read (`sdsim grade` builds one from grade.yaml);
// `path` is the file its locations name, and relative paths are resolved from its folder.
SweepPlan plan_sweep(const Doc& root, const std::string& path);

// The `sdsim run` arguments of one run (without the program), writing into `run_dir`.
std::vector<std::string> run_arguments(const SweepPlan& plan, const PlannedRun& run,
                                       const std::string& run_dir);

// Quotes a word for a POSIX shell when it needs it.
std::string shell_quote(const std::string& word);

}  // namespace sdsim
