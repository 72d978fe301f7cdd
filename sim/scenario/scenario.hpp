// A scenario: one model, one platform, one workload, one fault schedule, expectations.
// load_scenario validates everything before any simulation object exists, so bad input is
// reported (exit 2) with nothing written.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/key_doc.hpp"
#include "sim/faults/faults.hpp"
#include "sim/platform/platform.hpp"
#include "sim/core/doc.hpp"
#include "sim/scenario/expectations.hpp"
#include "sim/scenario/overrides.hpp"
#include "sim/core/params.hpp"
#include "sim/workload/workload.hpp"

namespace sdsim {

class Model;

struct OutputSpec {
  double interval = 1.0;       // s: time-series row width
  bool requests = true;        // write requests.csv (one row per request)
  double max_size =
      1073741824.0;  // B (1 GiB): what a run may write before a warning (0 = no check)
  bool refuse_over_max_size = false;  // over_max_size: error (an input error instead of a warning)
  Location max_size_loc;              // where output.max_size is written (for the error)
};

struct Scenario {
  std::string file;            // path as given
  std::string name;            // names the output folder
  std::string description;
  std::string model_name;
  std::uint64_t seed = 1;
  std::string network_model = "CM02";  // SimGrid network/model, or "none" (sim/net delivers directly)
  double horizon = 0.0;         // s: the run's hard end (0 = none)
  double tcp_gamma = 0.0;      // SimGrid network/TCP-gamma in bytes; 0 disables the window cap
  std::string platform_source; // file path, "<inline>", or "<model default>"
  ParamValues params;
  WorkloadSpec workload;
  std::vector<FaultSpec> faults;
  std::vector<Expectation> expect;
  OutputSpec output;
  PlatformSpec platform;
  PlatformInfo placement;      // hosts named by role
  std::vector<Override> overrides;
  std::string text_hash;       // hash of all that determines the outputs: the file text, the
                               // overrides, referenced files, the binary (scenario_hash)
  std::vector<std::string> input_files;  // files the scenario references (a platform file)
  const Model* model = nullptr;
  // variants: the parent scenario lists them (and holds only the expectations across them);
  // a variant's own run has `variant` set.
  std::vector<std::string> variants;
  std::string variant;
};

// The scenario file's top-level keys and output: keys, documented (`sdsim describe scenario`,
// `sdsim describe output`); the loader accepts exactly these.
const std::vector<KeyDoc>& scenario_keys();
const std::vector<KeyDoc>& output_keys();

// Reads, overrides, validates. Throws InputError with every problem found.
// `seed_override` (from --seed) replaces the file's seed when set (>= 0).
// `variant` selects one variant of a scenario with `variants:` (its own run); empty loads the
// scenario as a whole (a parent when it has variants, each variant validated).
Scenario load_scenario(const std::string& path, const std::vector<std::string>& set_args,
                       long long seed_override, const std::string& variant = "");

}  // namespace sdsim
