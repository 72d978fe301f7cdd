#include "sim/run/summary.hpp"

#include <xbt/base.h>  // simgrid/version.h needs its macros first
#include <simgrid/version.h>

#include <ctime>
#include <fstream>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "sdsim_build_info.hpp"
#include "sim/core/process.hpp"
#include "sim/output/write_file.hpp"

#include "sim/model/model.hpp"
#include "sim/model/framework_metrics.hpp"

namespace sdsim {
namespace {

using Json = nlohmann::ordered_json;

// A fault as resolved: its kind, when, what, and every parameter it has (SI units).
Json fault_json(const FaultSpec& f) {
  static const char* kinds[] = {"crash", "link_down", "partition", "slowdown", "random", "disk_loss"};
  Json j{{"kind", kinds[static_cast<int>(f.kind)]}, {"from", f.path}};
  switch (f.kind) {
    case FaultSpec::Kind::Crash:
      j.update({{"at", f.at}, {"target", f.target}, {"restart_after", f.restart_after}});
      break;
    case FaultSpec::Kind::LinkDown:
      j.update({{"at", f.at}, {"target", f.target}, {"up_after", f.heal_after}});
      break;
    case FaultSpec::Kind::Partition:
      j.update({{"at", f.at}, {"groups", f.groups}, {"heal_after", f.heal_after}, {"one_way", f.one_way}});
      break;
    case FaultSpec::Kind::Slowdown:
      j.update({{"at", f.at}, {"target", f.target}, {"disk", f.disk}, {"bandwidth_factor", f.bandwidth_factor},
                {"latency_factor", f.latency_factor}, {"for", f.heal_after}});
      break;
    case FaultSpec::Kind::Random:
      j.update({{"targets", f.target}, {"mtbf", f.mtbf}, {"mttr", f.mttr}, {"start", f.start}, {"until", f.until}});
      break;
    case FaultSpec::Kind::DiskLoss:
      j.update({{"at", f.at}, {"target", f.target}, {"disk", f.disk}});
      break;
  }
  return j;
}

Json manifest(const Scenario& sc, const RunFacts& facts) {
  Json m;
  m["sdsim_version"] = SDSIM_VERSION;
  m["git_commit"] = SDSIM_GIT_COMMIT;
  m["git_dirty"] = SDSIM_GIT_DIRTY;  // the tree had uncommitted changes when it was built
  m["binary_id"] = binary_id();
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
  m["input_files"] = sc.input_files;
  m["network_model"] = sc.network_model;
  m["tcp_gamma"] = sc.tcp_gamma;
  m["horizon"] = sc.horizon;
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
  // Every resolved setting (SI units), so a run can be understood from its manifest alone.
  m["workload"] = Json{{"arrival", w.arrival}, {"rate", w.rate},
                       {"ramp", {{"to", w.ramp_to}, {"over", w.ramp_over}}},
                       {"burst", {{"rate", w.burst_rate}, {"every", w.burst_every}, {"length", w.burst_length}}},
                       {"loop", w.loop}, {"clients", w.clients}, {"think_time", w.think_time},
                       {"requests", w.requests}, {"duration", w.duration}, {"warmup", w.warmup},
                       {"timeout", w.timeout}, {"retries", w.retries}, {"backoff", w.backoff}, {"drain", w.drain},
                       {"keys", {{"distribution", w.keys.distribution}, {"count", w.keys.count}, {"s", w.keys.zipf_s},
                                 {"hot_fraction", w.keys.hot_fraction}, {"hot_share", w.keys.hot_share}}}};
  Json faults = Json::array();
  for (const FaultSpec& f : sc.faults) faults.push_back(fault_json(f));
  m["faults"] = faults;
  m["output"] = Json{{"interval", sc.output.interval}, {"requests", sc.output.requests}};
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

std::string started_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void write_run_record(const std::string& path, const RunFacts& facts) {
  Json j;
  j["command"] = facts.command;
  j["started"] = facts.started;
  j["wall_time"] = facts.wall_time;
  j["note"] = "what differs between two runs of the same inputs; summary.json and the CSV files do not";
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
    s += fmt::format("  {:<28} {:>16}  {:<32} {}\n", spec.name, format_metric_value(it->second, spec.unit),
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
                       : fmt::format("  expectations{}: {} passed, {} failed\n",
                                     sc.variants.empty() ? "" : " across variants",
                                     results.size() - failed, failed);
  return s;
}

}  // namespace sdsim
