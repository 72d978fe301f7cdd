// The sdsim command line. It is parsed completely before any SimGrid engine exists (the
// engine would swallow --help and its own options), and SimGrid's options pass through as
// --sg-cfg / --sg-log.
#include <unistd.h>

#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <xbt/base.h>  // simgrid/version.h needs its macros first
#include <simgrid/version.h>

#include "sim/cli/describe.hpp"
#include "sim/core/model.hpp"
#include "sim/core/runner.hpp"

namespace {

constexpr const char* kFooter = R"(Exit codes: 0 ran and every expectation held; 1 an expectation failed;
2 the input was wrong (file:line:col: error: ...; nothing written); 3 the simulation failed.

Examples:
  sdsim run scenarios/queueing/mmc.yaml --seed 7 --set params.servers=4 --out runs/mmc4
  sdsim validate my.yaml
  sdsim describe queueing)";

void add_scenario_options(CLI::App* cmd, sdsim::RunOptions& opt) {
  cmd->add_option("scenario", opt.scenario, "scenario file (YAML)")->required();
  cmd->add_option("--seed", opt.seed, "random seed (replaces the file's seed:)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--set", opt.sets, "override a field: key.path=value (list items by index: faults.0.at=35s); repeatable")
      ->allow_extra_args(false);
}

void add_simgrid_options(CLI::App* cmd, sdsim::RunOptions& opt) {
  cmd->add_option("--sg-cfg", opt.sg_cfg, "SimGrid setting name:value, passed as --cfg (e.g. network/TCP-gamma:0); repeatable")
      ->allow_extra_args(false);
  cmd->add_option("--sg-log", opt.sg_log, "SimGrid log setting, passed as --log (e.g. root.thres:info); repeatable")
      ->allow_extra_args(false);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sdsim: discrete-event simulation of distributed-system architectures (on SimGrid)"};
  app.footer(kFooter);
  app.require_subcommand(0, 1);
  bool version = false;
  app.add_flag("--version", version, "print versions and exit");

  sdsim::RunOptions opt;
  auto* run = app.add_subcommand("run", "run a scenario, write its outputs, check its expectations");
  add_scenario_options(run, opt);
  run->add_option("--out", opt.out_dir, "output folder (default: results/<scenario name>)");
  run->add_flag("--quiet,-q", opt.quiet, "print nothing but errors");
  add_simgrid_options(run, opt);

  auto* validate = app.add_subcommand("validate", "check a scenario without running it");
  add_scenario_options(validate, opt);
  validate->add_flag("--quiet,-q", opt.quiet, "print nothing but errors");

  app.add_subcommand("models", "list the models");
  std::string model_name;
  auto* describe = app.add_subcommand("describe", "a model's parameters, defaults, units and metrics");
  describe->add_option("model", model_name, "model name (see `sdsim models`)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

  if (version) {
    std::cout << fmt::format("sdsim {} (commit {}), SimGrid {}.{}.{}\n", SDSIM_VERSION, SDSIM_GIT_COMMIT,
                             SIMGRID_VERSION_MAJOR, SIMGRID_VERSION_MINOR, SIMGRID_VERSION_PATCH);
    return 0;
  }
  if (run->parsed()) {
    opt.progress = true;
    return sdsim::run_scenario(opt);
  }
  if (validate->parsed()) return sdsim::validate_scenario(opt);
  if (app.got_subcommand("models")) {
    std::cout << sdsim::models_listing();
    return 0;
  }
  if (describe->parsed()) {
    std::string text = sdsim::describe_model(model_name);
    if (text.empty()) {
      std::cerr << fmt::format("sdsim: error: unknown model '{}' (models: {})\n", model_name,
                               fmt::join(sdsim::model_names(), ", "));
      return 2;
    }
    std::cout << text;
    return 0;
  }
  std::cout << app.help();
  return 0;
}
