#include "sim/run/variants.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/process.hpp"
#include "sim/output/run_dir.hpp"
#include "sim/run/summary.hpp"

namespace sdsim {

int run_variants(const Scenario& sc, const RunOptions& opt, const std::string& out) {
  const auto wall_start = std::chrono::steady_clock::now();
  const std::string started = started_utc();
  std::unique_ptr<RunDir> owner;
  try {
    owner = std::make_unique<RunDir>(out);
  } catch (const InputError& e) {
    std::cerr << e.diags.str();
    return 2;
  }
  RunDir& dir = *owner;
  std::map<std::string, double> metrics;
  int worst = 0;
  double sim_time = 0.0;
  std::string variant_lines;  // the variants whose own expectations failed
  for (const std::string& v : sc.variants) {
    std::vector<std::string> args = {self_exe(), "run", opt.scenario, "--variant", v, "--quiet",
                                     "--seed", std::to_string(sc.seed), "--out", dir.staging() + "/" + v};
    for (const auto& s : opt.sets) args.insert(args.end(), {"--set", s});
    for (const auto& c : opt.sg_cfg) args.insert(args.end(), {"--sg-cfg", c});
    for (const auto& l : opt.sg_log) args.insert(args.end(), {"--sg-log", l});
    for (const auto& t : opt.trace) args.insert(args.end(), {"--trace", t});  // each variant's folder
    if (!opt.trace.empty())
      args.insert(args.end(), {"--trace-max-events", std::to_string(opt.trace_max_events)});
    if (!opt.quiet) std::cerr << fmt::format("sdsim: variant {} ...\n", v);
    const int rc = run_process(args, "");
    if (rc != 0 && rc != 1) {
      std::cerr << fmt::format("sdsim: variant {} failed (exit {}); no output written\n", v, rc);
      return rc == 2 ? 2 : 3;
    }
    worst = std::max(worst, rc);
    std::ifstream in(dir.staging() + "/" + v + "/summary.json");
    const nlohmann::json j = nlohmann::json::parse(in);
    sim_time = std::max(sim_time, j["sim_time"].get<double>());
    for (const auto& [name, value] : j["metrics"].items()) metrics[v + "." + name] = value.get<double>();
    // Expectations without a variant prefix are checked inside each variant's own run: the
    // table below must say which failed there, not only the comparisons across variants.
    std::vector<std::string> own_failed;
    std::size_t own = 0;
    for (const auto& e : j["expectations"]) {
      ++own;
      if (!e["ok"].get<bool>()) own_failed.push_back(e["metric"].get<std::string>());
    }
    if (!own_failed.empty())
      variant_lines += fmt::format("  variant {}: {} of its {} own expectations FAILED: {} (see {}/{}/summary.json)\n",
                                   v, own_failed.size(), own, fmt::join(own_failed, ", "), out, v);
  }
  auto results = check_expectations(sc.expect, metrics);
  RunFacts facts;
  facts.sim_time = sim_time;
  facts.wall_time = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  facts.command = opt.command;
  facts.started = started;
  write_summary(dir.staging() + "/summary.json", sc, metrics, results, facts);
  write_run_record(dir.staging() + "/run.json", facts);
  dir.commit();
  if (!opt.quiet) std::cout << results_table(sc, metrics, results, facts, out) << variant_lines;
  for (const auto& r : results)
    if (!r.ok) return 1;
  return worst;
}

}  // namespace sdsim
