// The sdsim command line. It is parsed completely before any SimGrid engine exists (the
// engine would swallow --help and its own options), and SimGrid's options pass through as
// --sg-cfg / --sg-log.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <xbt/base.h>  // simgrid/version.h needs its macros first
#include <simgrid/version.h>

#include "sim/cli/describe.hpp"
#include "sim/core/doc.hpp"
#include "sim/output/diagram.hpp"
#include "sdsim_build_info.hpp"
#include "sim/model/model.hpp"
#include "sim/run/run.hpp"
#include "sim/storage/redis/replay.hpp"
#include "sim/sweep/grade.hpp"
#include "sim/sweep/sweep.hpp"

namespace {

constexpr const char* kFooter = R"(Exit codes: 0 ran and every expectation held; 1 an expectation failed;
2 the input was wrong (file:line:col: error: ...; nothing written); 3 the simulation failed.

Examples:
  sdsim run scenarios/queueing/mmc.yaml --seed 7 --set params.servers=4 --out runs/mmc4
  sdsim validate my.yaml
  sdsim describe queueing)";

constexpr long long kMaxSeed = 1LL << 62;  // the same bound as a scenario's seed:

// --seed is read as text so that a bad value gets our message, not CLI11's.
bool parse_seed(const std::string& text, long long& seed) {
  if (text.empty()) return true;
  if (text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos) return false;
  const unsigned long long v = std::stoull(text);
  if (v > static_cast<unsigned long long>(kMaxSeed)) return false;
  seed = static_cast<long long>(v);
  return true;
}

void add_scenario_options(CLI::App* cmd, sdsim::RunOptions& opt, std::string& seed_text) {
  cmd->add_option("scenario", opt.scenario, "scenario file (YAML)")->required();
  cmd->add_option("--seed", seed_text, "random seed, 0 to 2^62 (replaces the file's seed:)");
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
  // A file size limit makes writes fail (and be reported) instead of killing the process.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"sdsim: discrete-event simulation of distributed-system architectures (on SimGrid)"};
  app.footer(kFooter);
  app.require_subcommand(0, 1);
  bool version = false;
  app.add_flag("--version", version, "print versions and exit");

  sdsim::RunOptions opt;
  std::string seed_text;
  auto* run = app.add_subcommand("run", "run a scenario, write its outputs, check its expectations");
  add_scenario_options(run, opt, seed_text);
  run->add_option("--out", opt.out_dir, "output folder (default: results/<scenario name>)");
  run->add_flag("--quiet,-q", opt.quiet, "print nothing but errors");
  run->add_option("--trace", opt.trace,
                  "also write a trace: paje (SimGrid's, trace.paje, for ViTE) or chrome (trace.json, "
                  "for Perfetto and `sdsim diagram`); repeatable")
      ->check(CLI::IsMember({"paje", "chrome"}))
      ->allow_extra_args(false);
  run->add_option("--trace-max-events", opt.trace_max_events,
                  "stop the chrome trace after this many events (default 1000000)")
      ->check(CLI::PositiveNumber);
  // A scenario with variants: runs itself once per variant with this (not for users).
  run->add_option("--variant", opt.variant, "run one variant of a scenario with variants: (into --out)")->group("");
  add_simgrid_options(run, opt);

  auto* validate = app.add_subcommand("validate", "check a scenario without running it");
  add_scenario_options(validate, opt, seed_text);
  validate->add_flag("--quiet,-q", opt.quiet, "print nothing but errors");

  app.add_subcommand("models", "list the models");
  std::string model_name, describe_file, describe_model_filter;
  auto* describe = app.add_subcommand("describe",
                                      "a model's parameters and metrics, or a topic: scenario, "
                                      "workload, faults, expect, platform, output, "
                                      "services (and `service NAME`)");
  describe->add_option("model", model_name, "model or topic (alone: lists them)");
  describe->add_option(
      "file", describe_file,
      "with `platform`: a platform file to list (hosts, racks, where roles land); with `service`: "
      "the service");
  describe->add_option("--model", describe_model_filter, "with `platform FILE`: show only this model's placement");

  std::string replay_system, replay_file;
  long long replay_seed = 1;
  auto* replay = app.add_subcommand("replay", "replay commands through sdsim's blocks, printed as the real tool prints them");
  replay->add_option("system", replay_system, "redis: one Redis command per line, replies as `redis-cli --no-raw`")
      ->required()
      ->check(CLI::IsMember({"redis"}));
  replay->add_option("file", replay_file, "the commands ('-' = standard input)")->required();
  replay->add_option("--seed", replay_seed, "seed of the skip lists' levels (replies do not depend on it)");

  sdsim::SweepOptions sweep_opt;
  long long sweep_only = -1;
  auto* sweep = app.add_subcommand("sweep", "run a scenario over a grid of parameters and seeds, in parallel");
  sweep->add_option("sweep", sweep_opt.file, "sweep file (YAML: base, grid, seeds, expect)")->required();
  sweep->add_option("--jobs,-j", sweep_opt.jobs, "simulations at once, each in its own process (default: one per CPU)")
      ->check(CLI::PositiveNumber);
  sweep->add_option("--out", sweep_opt.out_dir, "output folder (default: results/<sweep name>)");
  auto* list = sweep->add_flag("--list", sweep_opt.list, "print one self-contained shell command per run, run nothing");
  auto* only = sweep->add_option("--only", sweep_only, "run only run K (0-based, as in --list), e.g. $SLURM_ARRAY_TASK_ID");
  auto* merge = sweep->add_option("--merge", sweep_opt.merge, "write results from these run folders (or sweep output folders), run nothing")
      ->expected(1, -1);
  sweep->add_option("--junit", sweep_opt.junit, "also write a JUnit XML report, one test case per run");
  sweep->add_flag("--quiet,-q", sweep_opt.quiet, "print nothing but errors");
  list->excludes(only)->excludes(merge);
  only->excludes(merge);

  sdsim::DiagramOptions diagram_opt;
  std::string diagram_from, diagram_to;
  auto* diagram = app.add_subcommand(
      "diagram", "a message sequence diagram (HTML with SVG) of a run made with --trace chrome");
  diagram->add_option("run_dir", diagram_opt.run_dir, "the run's output folder (holds trace.json)")->required();
  diagram->add_option("--from", diagram_from, "start of the window, simulated time with a unit (e.g. 19.5s)");
  diagram->add_option("--to", diagram_to, "end of the window (default: the end)");
  diagram->add_option("--max-messages", diagram_opt.max_messages,
                      "draw the first N messages sent in the window (default 200)");
  diagram->add_option("--out", diagram_opt.out, "the HTML file (default: RUN_DIR/diagram.html)");

  sdsim::GradeOptions grade_opt;
  long long grade_seeds = 0, grade_seed_base = 0;
  auto* grade = app.add_subcommand(
      "grade", "grade a classroom exercise: run its scenario on seeds derived from a base, check every seed");
  grade->add_option("exercise", grade_opt.dir, "exercise folder (holds grade.yaml; scenarios/exercises/*)")->required();
  auto* grade_seeds_opt =
      grade->add_option("--seeds", grade_seeds, "how many seeds (default: grade.yaml's seeds:)");
  auto* grade_base_opt = grade->add_option(
      "--seed-base", grade_seed_base,
      "derive the seeds from this base (default: grade.yaml's seed_base:, the published one; a "
      "teacher grades with a secret base)");
  grade->add_option("--scenario", grade_opt.scenario,
                    "grade this scenario file instead of the folder's (a student's submission)");
  grade->add_option("--out", grade_opt.out_dir, "output folder (default: results/grade-<exercise>)");
  grade->add_option("--jobs,-j", grade_opt.jobs, "simulations at once (default: one per CPU)")
      ->check(CLI::PositiveNumber);
  grade->add_option("--junit", grade_opt.junit, "also write a JUnit XML report, one test case per seed");
  grade->add_flag("--quiet,-q", grade_opt.quiet, "print only failed checks and errors");

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

  if (!parse_seed(seed_text, opt.seed)) {
    std::cerr << fmt::format("sdsim: error: --seed: expected an integer from 0 to {}, got '{}'\n",
                             kMaxSeed, seed_text);
    return 2;
  }
  if (version) {
    std::cout << fmt::format("sdsim {} (commit {}), SimGrid {}.{}.{}\n", SDSIM_VERSION, SDSIM_GIT_COMMIT,
                             SIMGRID_VERSION_MAJOR, SIMGRID_VERSION_MINOR, SIMGRID_VERSION_PATCH);
    return 0;
  }
  if (run->parsed()) {
    opt.progress = true;
    opt.command.assign(argv, argv + argc);
    const int rc = sdsim::run_scenario(opt);
    // Every output is written and renamed into place by now. The engine is never destroyed
    // (one per process); SimGrid's exit handler would tear it down, and with thread contexts
    // (`--sg-cfg contexts/factory:thread`, which the sanitizer step uses) that teardown joins
    // actor threads still waiting and never returns. So the process ends here, without the
    // exit handlers.
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(rc);
  }
  if (validate->parsed()) return sdsim::validate_scenario(opt);
  if (sweep->parsed()) {
    if (only->count() > 0) sweep_opt.only = sweep_only;
    return sdsim::sweep_command(sweep_opt);
  }
  if (diagram->parsed()) {
    try {
      sdsim::Diagnostics diags;
      auto window = [&diags](const std::string& text, const char* flag, double& into) {
        if (text.empty()) return;
        const auto q = sdsim::parse_quantity(text, sdsim::Dimension::Duration);
        if (!q.ok)
          diags.error(sdsim::Location{flag}, "", fmt::format("expected a simulated time with a unit (e.g. 20s), got '{}'", text));
        else
          into = q.value;
      };
      window(diagram_from, "--from", diagram_opt.from);
      window(diagram_to, "--to", diagram_opt.to);
      if (!diags.ok()) throw sdsim::InputError(diags);
      const auto sum = sdsim::write_diagram(diagram_opt);
      std::cout << fmt::format("{}: {} lifelines, {} messages ({} lost), {} fault(s) ({} messages in the window)\n",
                               sum.out, sum.lifelines, sum.arrows, sum.lost, sum.faults, sum.messages_in_window);
      return 0;
    } catch (const sdsim::InputError& e) {
      std::cerr << e.diags.str();
      return 2;
    } catch (const std::exception& e) {
      std::cerr << "sdsim: diagram failed: " << e.what() << "\n";
      return 3;
    }
  }
  if (grade->parsed()) {
    if (grade_seeds_opt->count() > 0) grade_opt.seeds = grade_seeds;
    if (grade_base_opt->count() > 0) grade_opt.seed_base = grade_seed_base;
    return sdsim::grade_command(grade_opt);
  }
  if (app.got_subcommand("models")) {
    std::cout << sdsim::models_listing();
    return 0;
  }
  if (describe->parsed()) {
    if (model_name.empty()) {
      std::cout << sdsim::describe_topics();
      return 0;
    }
    if (model_name == "platform" && !describe_file.empty()) {
      try {
        std::cout << sdsim::describe_platform_file(describe_file, describe_model_filter);
        return 0;
      } catch (const sdsim::InputError& e) {
        std::cerr << e.diags.str();
        return 2;
      }
    }
    if (model_name == "service") {
      const std::string text = describe_file.empty() ? "" : sdsim::describe_service(describe_file);
      if (text.empty()) {
        std::cerr << fmt::format("sdsim: error: {} (services:\n{})\n",
                                 describe_file.empty()
                                     ? std::string("`describe service` needs a service name")
                                     : fmt::format("'{}' is no service", describe_file),
                                 sdsim::services_listing());
        return 2;
      }
      std::cout << text;
      return 0;
    }
    std::string text = sdsim::describe_topic(model_name);
    if (text.empty()) text = sdsim::describe_model(model_name);
    if (text.empty()) {
      std::cerr << fmt::format(
          "sdsim: error: '{}' is no model or topic (models: {}; topics: scenario, workload, "
          "faults, expect, platform, output, services, grade)\n",
          model_name, fmt::join(sdsim::model_names(), ", "));
      return 2;
    }
    std::cout << text;
    return 0;
  }
  if (replay->parsed()) {
    if (replay_file == "-") {
      sdsim::storage::redis::replay(std::cin, std::cout, static_cast<std::uint64_t>(replay_seed));
      return 0;
    }
    std::ifstream in(replay_file);
    if (!in) {
      std::cerr << fmt::format("sdsim: error: {}: cannot read the file\n", replay_file);
      return 2;
    }
    sdsim::storage::redis::replay(in, std::cout, static_cast<std::uint64_t>(replay_seed));
    return 0;
  }
  std::cout << app.help();
  return 0;
}
