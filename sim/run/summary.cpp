#include "sim/run/summary.hpp"

#include <xbt/base.h>  // simgrid/version.h needs its macros first
#include <simgrid/version.h>

#include <fstream>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "sim/output/write_file.hpp"

#include "sim/model/model.hpp"
#include "sim/model/framework_metrics.hpp"

namespace sdsim {
namespace {

using Json = nlohmann::ordered_json;

std::string format_value(double v, const std::string& unit) {
  if (unit == "s") return format_quantity(v, Dimension::Duration);
  if (unit == "B") return format_quantity(v, Dimension::Size);
  if (unit == "1/s") return format_quantity(v, Dimension::Rate);
  if (unit == "B/s") return format_quantity(v, Dimension::Bandwidth);
  return fmt::format("{:.6g}", v);
}

Json manifest(const Scenario& sc, const RunFacts& facts) {
  Json m;
  m["sdsim_version"] = SDSIM_VERSION;
  m["git_commit"] = SDSIM_GIT_COMMIT;
  m["simgrid_version"] = fmt::format("{}.{}.{}", SIMGRID_VERSION_MAJOR, SIMGRID_VERSION_MINOR,
                                     SIMGRID_VERSION_PATCH);
  Json cfg = Json::object();
  for (const auto& [k, v] : facts.simgrid_config) cfg[k] = v;
  m["simgrid_config"] = cfg;
  m["scenario_file"] = sc.file;
  m["scenario_hash"] = sc.text_hash;
  if (!sc.variant.empty()) m["variant"] = sc.variant;
  if (!sc.variants.empty()) m["variants"] = sc.variants;
  Json overrides = Json::array();
  for (const auto& o : sc.overrides) overrides.push_back(o.path + "=" + o.value);
  m["overrides"] = overrides;
  m["platform"] = sc.platform_source;
  Json hosts = Json::object();
  for (const auto& h : sc.placement.hosts)
    if (!h.role.empty()) hosts[h.name] = h.role;
  m["roles"] = hosts;
  Json params = Json::object();
  for (const auto& [path, v] : sc.params.all()) {
    if (v.type == ParamType::String || v.type == ParamType::Choice)
      params[path] = v.text;
    else
      params[path] = v.number;
  }
  m["params"] = params;
  const WorkloadSpec& w = sc.workload;
  m["workload"] = Json{{"arrival", w.arrival}, {"rate", w.rate}, {"loop", w.loop},
                       {"clients", w.clients}, {"requests", w.requests},
                       {"duration", w.duration}, {"warmup", w.warmup}, {"timeout", w.timeout},
                       {"keys", w.keys.distribution}};
  m["faults"] = sc.faults.size();
  return m;
}

}  // namespace

std::vector<ExpectationResult> check_expectations(const std::vector<Expectation>& expect,
                                                  const std::map<std::string, double>& metrics) {
  std::vector<ExpectationResult> out;
  for (const auto& e : expect) {
    ExpectationResult r{e};
    auto it = metrics.find(e.metric);
    r.present = it != metrics.end();
    r.actual = r.present ? it->second : 0.0;
    auto operand = [&](const std::string& metric, double factor, double value) {
      if (metric.empty()) return value;
      auto other = metrics.find(metric);
      r.present = r.present && other != metrics.end();
      return other != metrics.end() ? factor * other->second : 0.0;
    };
    const double expected = operand(e.rhs_metric, e.factor, e.value);
    const double expected2 = operand(e.rhs_metric2, e.factor2, e.value2);
    r.ok = r.present && evaluate(e, r.actual, expected, expected2);
    out.push_back(r);
  }
  return out;
}

void write_summary(const std::string& path, const Scenario& sc,
                   const std::map<std::string, double>& metrics,
                   const std::vector<ExpectationResult>& results, const RunFacts& facts) {
  Json j;
  j["scenario"] = sc.name;
  j["model"] = sc.model_name;
  j["seed"] = sc.seed;
  j["sim_time"] = round_ns(facts.sim_time);
  j["wall_time"] = facts.wall_time;
  Json ms = Json::object();
  for (const auto& [k, v] : metrics) ms[k] = v;
  j["metrics"] = ms;
  Json ex = Json::array();
  for (const auto& r : results)
    ex.push_back(Json{{"metric", r.expectation.metric}, {"op", r.expectation.op},
                      {"expected", describe_expectation(r.expectation)},
                      {"actual", r.present ? Json(r.actual) : Json(nullptr)}, {"ok", r.ok}});
  j["expectations"] = ex;
  j["manifest"] = manifest(sc, facts);
  write_file_checked(path, j.dump(2) + "\n");
}

std::string results_table(const Scenario& sc, const std::map<std::string, double>& metrics,
                          const std::vector<ExpectationResult>& results, const RunFacts& facts,
                          const std::string& out_dir) {
  std::map<std::string, const ExpectationResult*> by_metric;
  for (const auto& r : results) by_metric[r.expectation.metric] = &r;
  std::string s = fmt::format("{} (model {}, seed {}): {} simulated in {:.2f} s wall -> {}\n",
                              sc.name, sc.model_name, sc.seed,
                              format_quantity(facts.sim_time, Dimension::Duration),
                              facts.wall_time, out_dir);
  s += fmt::format("  {:<28} {:>16}  {:<32} {}\n", "metric", "value", "expectation", "result");
  std::set<std::string> shown;
  int failed = 0;
  auto row = [&](const MetricSpec& spec) {
    auto it = metrics.find(spec.name);
    if (it == metrics.end() || !shown.insert(spec.name).second) return;
    auto e = by_metric.find(spec.name);
    std::string expect, verdict;
    if (e != by_metric.end()) {
      expect = describe_expectation(e->second->expectation);
      verdict = e->second->ok ? "pass" : "FAIL";
      failed += e->second->ok ? 0 : 1;
    }
    s += fmt::format("  {:<28} {:>16}  {:<32} {}\n", spec.name, format_value(it->second, spec.unit),
                     expect, verdict);
  };
  if (sc.variants.empty()) {
    for (const auto& spec : all_metrics(*sc.model)) row(spec);
  } else {  // each variant's metrics are in its own folder; here, what was compared across them
    for (const auto& r : results) row(MetricSpec{r.expectation.metric, r.expectation.unit, ""});
    s += fmt::format("  variants: {} (each in {}/<variant>/)\n", fmt::join(sc.variants, ", "), out_dir);
  }
  failed = 0;
  for (const auto& r : results) failed += r.ok ? 0 : 1;
  s += results.empty() ? "  no expectations\n"
                       : fmt::format("  expectations: {} passed, {} failed\n",
                                     results.size() - failed, failed);
  return s;
}

}  // namespace sdsim
