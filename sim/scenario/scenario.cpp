#include "sim/scenario/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "sim/model/model.hpp"
#include "sim/core/random.hpp"
#include "sim/model/framework_metrics.hpp"

namespace sdsim {
namespace {

const std::vector<std::string> kTopKeys = {
    "name", "description", "model", "seed", "duration", "horizon", "platform", "network_model",
    "tcp_gamma", "params", "workload", "faults", "expect", "output"};

const std::vector<std::string> kNetworkModels = {"CM02", "LV08", "SMPI", "IB", "Constant"};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string default_name(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

OutputSpec parse_output(const Doc* doc, Diagnostics& diags) {
  OutputSpec out;
  if (!doc || doc->is_null()) return out;
  if (!check_keys(*doc, "output", diags, {"interval", "requests"})) return out;
  if (const Doc* d = doc->find("interval"))
    if (auto v = read_quantity(*d, "output.interval", diags, Dimension::Duration, 1e-6, 1e9))
      out.interval = *v;
  if (const Doc* d = doc->find("requests"))
    if (auto v = read_bool(*d, "output.requests", diags)) out.requests = *v;
  return out;
}

// Platform: a file path (relative to the scenario), an inline topology, or the model's default.
void load_platform(Scenario& sc, const Doc& root, const std::string& base_dir, Diagnostics& diags) {
  const Doc* p = root.find("platform");
  if (p && p->is_scalar()) {
    std::filesystem::path file(p->scalar);
    if (file.is_relative()) file = std::filesystem::path(base_dir) / file;
    if (!std::filesystem::exists(file)) {
      diags.error(p->loc, "platform", "no such platform file: " + file.string());
      return;
    }
    sc.platform_source = file.lexically_normal().string();
    sc.platform = parse_platform_file(sc.platform_source, diags);
  } else if (p && p->is_map()) {
    sc.platform_source = "<inline>";
    sc.platform = parse_platform_doc(*p, sc.file, diags, "platform");
  } else if (p && !p->is_null()) {
    diags.error(p->loc, "platform", "expected a file path or a topology map");
  } else {
    sc.platform_source = "<model default>";
    const Doc d = parse_yaml_text(sc.model->default_platform(sc.params, sc.workload),
                                  "<" + sc.model_name + " default platform>");
    sc.platform = parse_platform_doc(d, sc.platform_source, diags);
  }
}

// When the run ends at the latest (s): the explicit horizon, else the load's duration plus the
// drain; +inf when the load alone decides (requests without a duration).
double latest_end(const Scenario& sc) {
  if (sc.horizon > 0) return sc.horizon;
  if (sc.workload.duration > 0) return sc.workload.duration + sc.workload.drain;
  return std::numeric_limits<double>::infinity();
}

// Faults that could never happen are input errors, as are random processes that would make
// the simulation do nothing but fail hosts.
void check_fault_times(const Scenario& sc, Diagnostics& diags) {
  const double end = latest_end(sc);
  double expected_failures = 0.0, failure_rate = 0.0;
  for (const FaultSpec& f : sc.faults) {
    if (f.kind == FaultSpec::Kind::Random) {
      const double hosts = double(std::max<std::size_t>(1, plan_faults({f}, sc.placement, sc.seed).random.size()));
      const double cycle = f.mtbf + f.mttr;
      const double until = f.until >= 0 ? f.until : end;
      failure_rate += hosts / cycle;
      if (std::isfinite(until)) expected_failures += hosts * std::max(0.0, until - f.start) / cycle;
      continue;
    }
    if (f.at > end)
      diags.error(f.loc, join_path(f.path, "at"),
                  fmt::format("{} is after the end of the run ({}): the fault would never happen",
                              format_quantity(f.at, Dimension::Duration), format_quantity(end, Dimension::Duration)));
  }
  constexpr double kMaxFailures = 1e6, kMaxRate = 1e4;
  if (expected_failures > kMaxFailures || failure_rate > kMaxRate)
    diags.error(sc.faults.front().loc, "faults",
                fmt::format("the random faults would fail hosts about {:.3g} times ({:.3g} per simulated second); "
                            "at most {:.0e} failures, {:.0e} per second, are allowed: each is an event of the "
                            "simulation with its repair, so such a run would do little else (lengthen mtbf and mttr "
                            "or narrow start/until)",
                            expected_failures, failure_rate, kMaxFailures, kMaxRate));
}

void load_top_level(Scenario& sc, const Doc& root, Diagnostics& diags) {
  if (const Doc* d = root.find("name"))
    if (auto v = read_string(*d, "name", diags)) sc.name = *v;
  if (const Doc* d = root.find("description"))
    if (auto v = read_string(*d, "description", diags)) sc.description = *v;
  if (const Doc* d = root.find("seed"))
    if (auto v = read_int(*d, "seed", diags, 0, (1LL << 62))) sc.seed = static_cast<std::uint64_t>(*v);
  if (const Doc* d = root.find("network_model"))
    if (auto v = read_choice(*d, "network_model", diags, kNetworkModels)) sc.network_model = *v;
  if (const Doc* d = root.find("tcp_gamma"))
    if (auto v = read_quantity(*d, "tcp_gamma", diags, Dimension::Size, 0, 1e15)) sc.tcp_gamma = *v;
  sc.output = parse_output(root.find("output"), diags);
}

}  // namespace

Scenario load_scenario(const std::string& path, const std::vector<std::string>& set_args,
                       long long seed_override) {
  Diagnostics diags;
  Doc root = load_yaml_file(path);  // throws InputError when unreadable or not YAML
  Scenario sc;
  sc.file = path;
  sc.name = default_name(path);
  std::string hashed = read_text(path);
  for (const auto& arg : set_args) {
    Override o = parse_override(arg, diags);
    if (!o.path.empty()) {
      apply_override(root, o, diags);
      sc.overrides.push_back(o);
      hashed += "\n--set " + arg;
    }
  }
  sc.text_hash = fmt::format("{:016x}", stable_hash(hashed));
  if (!diags.ok()) throw InputError(diags);
  if (!root.is_map()) {
    diags.error(root.loc, "", "a scenario is a YAML map (model:, params:, workload:, ...)");
    throw InputError(diags);
  }
  check_keys(root, "", diags, kTopKeys);
  load_top_level(sc, root, diags);
  if (seed_override >= 0) sc.seed = static_cast<std::uint64_t>(seed_override);

  const Doc* model = root.find("model");
  if (!model) {
    diags.error(root.loc, "model", "missing required key (one of: " + fmt::format("{}", fmt::join(model_names(), ", ")) + ")");
    throw InputError(diags);
  }
  auto name = read_choice(*model, "model", diags, model_names());
  if (!name) throw InputError(diags);
  sc.model_name = *name;
  sc.model = find_model(*name).get();

  double top_duration = 0.0;
  if (const Doc* d = root.find("duration"))
    if (auto v = read_quantity(*d, "duration", diags, Dimension::Duration, 1e-9, 1e12)) top_duration = *v;
  if (const Doc* d = root.find("horizon"))
    if (auto v = read_quantity(*d, "horizon", diags, Dimension::Duration, 1e-9, 1e12)) sc.horizon = *v;
  // One drain for every model, in workload: (models had their own before).
  if (Doc* p = root.find("params"); p && p->is_map())
    for (std::size_t i = 0; i < p->fields.size(); ++i)
      if (p->fields[i].first == "drain") {
        diags.error(p->key_loc(i), "params.drain", "moved to workload.drain (one drain for every model)");
        p->fields.erase(p->fields.begin() + long(i));
        p->key_locs.erase(p->key_locs.begin() + long(i));
        break;
      }
  sc.params = validate_params(root.find("params"), sc.model->params(), "params", diags, root.loc);
  // An absent workload: its errors ("needs requests: N or duration: T") point at the file's start.
  Doc empty_workload;
  empty_workload.kind = Doc::Kind::Map;
  empty_workload.loc = root.loc;
  const Doc* workload = root.find("workload");
  sc.workload = parse_workload(workload ? workload : &empty_workload, top_duration, diags);
  if (top_duration > 0 && sc.workload.duration == 0) sc.workload.duration = top_duration;
  if (sc.workload.drain < 0) sc.workload.drain = sc.model->default_drain();
  if (!diags.ok()) throw InputError(diags);  // the rest depends on params and workload
  sc.model->check(sc.params, sc.workload, diags);

  const std::string base_dir = std::filesystem::path(path).parent_path().string();
  load_platform(sc, root, base_dir.empty() ? "." : base_dir, diags);
  if (!diags.ok()) throw InputError(diags);
  sc.placement = place_roles(sc.platform, sc.model->roles(sc.params, sc.workload), diags);
  if (!diags.ok()) throw InputError(diags);
  sc.faults = parse_faults(root.find("faults"), &sc.placement, diags);
  if (diags.ok()) check_fault_times(sc, diags);
  sc.expect = parse_expectations(root.find("expect"), all_metrics(*sc.model), diags);
  if (!diags.ok()) throw InputError(diags);
  return sc;
}

}  // namespace sdsim
