#include "sim/sweep/report.hpp"

#include "sim/output/xml_escape.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "sim/output/csv.hpp"
#include "sim/output/write_file.hpp"
#include "sim/sweep/stats.hpp"

namespace fs = std::filesystem;

namespace sdsim {
namespace {

using Json = nlohmann::ordered_json;

// Writes through a temporary file renamed into place, so a reader never sees half a file.
template <class Fn>
void write_atomically(const fs::path& path, Fn&& fill) {
  const fs::path tmp = path.string() + ".tmp";
  try {
    fill(tmp.string());
  } catch (...) {  // a failed write leaves neither a half file nor a finished-looking one
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
  fs::rename(tmp, path);
}

void grid_fields(CsvWriter& csv, const SweepPlan& plan, const PlannedRun& r) {
  for (std::size_t a = 0; a < plan.axes.size(); ++a) {
    const GridAxis& axis = plan.axes[a];
    if (axis.si)
      csv.field((*axis.si)[r.choice[a]]);
    else
      csv.field(std::string_view(axis.values[r.choice[a]]));
  }
}

std::set<std::string> metric_names(const std::vector<RunOutcome>& runs) {
  std::set<std::string> names;
  for (const RunOutcome& o : runs)
    for (const auto& [k, v] : o.metrics) names.insert(k);
  return names;
}

void write_results_csv(const SweepPlan& plan, const std::vector<RunOutcome>& runs,
                       const std::set<std::string>& metrics, const std::string& path) {
  std::vector<std::string> header{"run", "point", "name"};
  for (const GridAxis& a : plan.axes) header.push_back(a.key);
  header.insert(header.end(), {"seed", "expectations_ok", "expectations_failed"});
  header.insert(header.end(), metrics.begin(), metrics.end());
  CsvWriter csv(path, header);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!runs[i].found) continue;
    const PlannedRun& r = plan.runs[i];
    csv.field(static_cast<unsigned long long>(r.index));
    csv.field(static_cast<unsigned long long>(r.point));
    csv.field(std::string_view(r.name));
    grid_fields(csv, plan, r);
    csv.field(static_cast<unsigned long long>(r.seed));
    csv.field(std::string_view(runs[i].failed.empty() ? "true" : "false"));
    std::vector<std::string> failed_metrics;
    for (const std::string& f : runs[i].failed) failed_metrics.push_back(f.substr(0, f.find(':')));
    csv.field(std::string_view(fmt::format("{}", fmt::join(failed_metrics, ";"))));
    for (const std::string& m : metrics) {
      auto it = runs[i].metrics.find(m);
      if (it == runs[i].metrics.end() || std::isnan(it->second))
        csv.field(std::string_view(""));
      else
        csv.field(it->second);
    }
    csv.end_row();
  }
  csv.close();
}

void write_aggregate_csv(const SweepPlan& plan, const std::vector<RunOutcome>& runs,
                         const std::set<std::string>& metrics, const std::string& path) {
  std::map<std::string, std::string> units;
  for (const MetricSpec& m : plan.metrics) units.emplace(m.name, m.unit);
  std::vector<std::string> header{"point"};
  for (const GridAxis& a : plan.axes) header.push_back(a.key);
  header.insert(header.end(), {"metric", "unit", "n", "mean", "std", "ci95_low", "ci95_high"});
  CsvWriter csv(path, header);
  auto optional_field = [&csv](const std::optional<double>& v) {
    if (v)
      csv.field(*v);
    else
      csv.field(std::string_view(""));
  };
  std::size_t i = 0;
  while (i < runs.size()) {
    const std::size_t point = plan.runs[i].point;
    std::size_t end = i;
    while (end < runs.size() && plan.runs[end].point == point) ++end;
    bool any = false;
    for (std::size_t k = i; k < end; ++k) any = any || runs[k].found;
    for (const std::string& m : any ? metrics : std::set<std::string>{}) {
      std::vector<double> values;  // in seed order
      for (std::size_t k = i; k < end; ++k) {
        auto it = runs[k].metrics.find(m);
        if (runs[k].found && it != runs[k].metrics.end() && !std::isnan(it->second))
          values.push_back(it->second);
      }
      SampleStats s = sample_stats(values);
      csv.field(static_cast<unsigned long long>(point));
      grid_fields(csv, plan, plan.runs[i]);
      csv.field(std::string_view(m));
      auto u = units.find(m);
      csv.field(std::string_view(u != units.end() ? u->second : ""));
      csv.field(static_cast<unsigned long long>(s.n));
      optional_field(s.n > 0 ? std::optional<double>(s.mean) : std::nullopt);
      optional_field(s.std);
      optional_field(s.ci95_half ? std::optional<double>(s.mean - *s.ci95_half) : std::nullopt);
      optional_field(s.ci95_half ? std::optional<double>(s.mean + *s.ci95_half) : std::nullopt);
      csv.end_row();
    }
    i = end;
  }
  csv.close();  // reports a failed write
}

Json sweep_json(const SweepPlan& plan, const std::vector<RunOutcome>& runs) {
  Json j;
  j["sweep"] = plan.name;
  j["base"] = fs::path(plan.base).filename().string();
  j["model"] = plan.model;
  Json grid = Json::array();
  for (const GridAxis& a : plan.axes) {
    Json axis{{"key", a.key}, {"values", a.values}};
    if (a.si) axis["si"] = *a.si;
    axis["unit"] = a.si ? Json(a.unit) : Json(nullptr);
    grid.push_back(axis);
  }
  j["grid"] = grid;
  j["seeds"] = plan.seeds;
  j["runs"] = plan.runs.size();
  std::size_t found = 0;
  for (const RunOutcome& o : runs) found += o.found ? 1 : 0;
  j["runs_found"] = found;
  Json units = Json::object();
  for (const MetricSpec& m : plan.metrics) units[m.name] = m.unit;
  j["metric_units"] = units;
  return j;
}

// "07-rate=4_s-seed3" -> the plan index 7, or npos when the name does not start with digits.
std::size_t index_of(const std::string& name) {
  std::size_t digits = 0;
  while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
  if (digits == 0 || digits > 9 || (digits < name.size() && name[digits] != '-'))
    return std::string::npos;
  return std::stoul(name.substr(0, digits));
}

bool staging_leftover(const std::string& name) {
  return name.find(".partial-") != std::string::npos || name.find(".old-") != std::string::npos;
}

}  // namespace

RunOutcome read_run_folder(const std::string& dir) {
  RunOutcome o;
  o.dir = dir;
  std::ifstream in(fs::path(dir) / "summary.json", std::ios::binary);
  if (!in) return o;
  Json j;
  try {
    j = Json::parse(in);
  } catch (const std::exception& e) {
    o.error = std::string("unreadable summary.json: ") + e.what();
    return o;
  }
  o.found = true;
  const Json metrics = j.value("metrics", Json::object());
  for (const auto& [k, v] : metrics.items())
    o.metrics[k] = v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
  const Json expectations = j.value("expectations", Json::array());
  for (const auto& e : expectations) {
    CheckOutcome c{e.value("metric", ""), e.value("expected", ""),
                   e.contains("actual") && e["actual"].is_number() ? e["actual"].get<double>()
                                                                   : std::numeric_limits<double>::quiet_NaN(),
                   e.value("ok", false)};
    if (!c.ok)
      o.failed.push_back(fmt::format("{}: expected {}, got {}", c.metric, c.expected, e["actual"].dump()));
    o.checks.push_back(std::move(c));
  }
  // Wall time is in run.json (summary.json is byte-identical between runs of the same inputs).
  std::ifstream rin(fs::path(dir) / "run.json");
  if (rin) o.wall_time = Json::parse(rin, nullptr, false).value("wall_time", 0.0);
  o.seed = j.value("seed", std::uint64_t{0});
  o.scenario_hash = j.value("manifest", Json::object()).value("scenario_hash", "");
  return o;
}

bool matches(const RunOutcome& o, const PlannedRun& run) {
  return o.found && o.seed == run.seed && o.scenario_hash == run.scenario_hash;
}

std::vector<RunOutcome> collect_runs(const SweepPlan& plan, const std::vector<std::string>& dirs) {
  std::map<std::string, std::size_t> by_name;
  for (const PlannedRun& r : plan.runs) by_name[r.name] = r.index;
  std::vector<RunOutcome> out(plan.runs.size());
  Diagnostics diags;
  auto take = [&](const fs::path& dir) {
    const std::string name = dir.filename().string();
    if (staging_leftover(name) || !fs::is_directory(dir)) return;
    auto it = by_name.find(name);
    if (it == by_name.end()) {
      std::size_t index = index_of(name);
      std::string hint = index < plan.runs.size()
                             ? " (run " + std::to_string(index) + " of this sweep is " +
                                   plan.runs[index].name + ")"
                             : "";
      diags.error(Location{dir.string()}, "", "not a run folder of sweep " + plan.name + hint);
      return;
    }
    RunOutcome o = read_run_folder(dir.string());
    if (!o.found) return;
    if (!matches(o, plan.runs[it->second])) {
      diags.error(Location{dir.string()}, "",
                  "made from another version of the sweep or of its base scenario (seed or "
                  "scenario hash differs); "
                  "run it again");
      return;
    }
    if (out[it->second].found) {
      diags.error(Location{dir.string()}, "", "run " + name + " is also in " + out[it->second].dir);
      return;
    }
    out[it->second] = std::move(o);
  };
  for (const std::string& d : dirs) {
    fs::path p(d);
    if (!fs::is_directory(p)) {
      diags.error(Location{d}, "", "no such folder");
      continue;
    }
    if (fs::exists(p / "summary.json")) {
      take(p);
    } else if (fs::is_directory(p / "runs")) {
      std::vector<fs::path> children;
      for (const auto& e : fs::directory_iterator(p / "runs")) children.push_back(e.path());
      std::sort(children.begin(), children.end());
      for (const fs::path& c : children) take(c);
    } else {
      take(p);  // named like a run but unfinished: skipped; otherwise an error
    }
  }
  if (!diags.ok()) throw InputError(diags);
  return out;
}

void write_sweep_results(const SweepPlan& plan, const std::vector<RunOutcome>& runs,
                         const std::string& out_dir) {
  fs::create_directories(out_dir);
  const std::set<std::string> metrics = metric_names(runs);
  // All three tables or none: each is written beside its place, then all are renamed.
  const fs::path dir(out_dir);
  const std::vector<fs::path> tmps = {dir / "results.csv.tmp", dir / "aggregate.csv.tmp", dir / "sweep.json.tmp"};
  try {
    write_results_csv(plan, runs, metrics, tmps[0].string());
    write_aggregate_csv(plan, runs, metrics, tmps[1].string());
    write_file_checked(tmps[2].string(), sweep_json(plan, runs).dump(2) + "\n");
  } catch (...) {
    std::error_code ec;
    for (const fs::path& t : tmps) fs::remove(t, ec);
    throw;
  }
  for (const fs::path& t : tmps) fs::rename(t, fs::path(t).replace_extension(""));
}

void write_junit(const SweepPlan& plan, const std::vector<RunOutcome>& runs,
                 const std::string& path) {
  std::size_t failures = 0, errors = 0;
  double time = 0;
  std::ostringstream cases;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RunOutcome& o = runs[i];
    time += o.wall_time;
    cases << fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\">\n",
                         xml_escape("sweep." + plan.name), xml_escape(plan.runs[i].name),
                         o.wall_time);
    if (!o.found) {
      ++errors;
      cases << fmt::format(
          "      <error message=\"{}\"/>\n",
          xml_escape(o.error.empty() ? "the run has no output (not run, or it failed)" : o.error));
    } else if (!o.failed.empty()) {
      ++failures;
      std::string text;
      for (const std::string& f : o.failed) text += f + "\n";
      cases << fmt::format("      <failure message=\"{} expectation(s) failed\">{}</failure>\n",
                           o.failed.size(), xml_escape(text));
    }
    cases << "    </testcase>\n";
  }
  if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path());
  write_atomically(path, [&](const std::string& p) {
    write_file_checked(p, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
                              fmt::format("<testsuites>\n  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" "
                                          "errors=\"{}\" time=\"{:.3f}\">\n",
                                          xml_escape("sweep." + plan.name), runs.size(), failures, errors, time) +
                              cases.str() + "  </testsuite>\n</testsuites>\n");
  });
}

}  // namespace sdsim
