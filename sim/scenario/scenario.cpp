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
#include "sim/core/process.hpp"
#include "sim/model/framework_metrics.hpp"
#include "sim/scenario/output_estimate.hpp"

namespace sdsim {
const std::vector<KeyDoc>& output_keys() {
  static const std::vector<KeyDoc> keys = {
      {"interval", "duration", "1s", "width of a timeseries.csv row (1 ms at least)"},
      {"requests", "bool", "true", "write requests.csv (one row per request)"},
      {"max_size", "size", "1GiB",
       "warn before a run that would write more than this (an estimate; 0B = no check)"},
      {"over_max_size", "choice", "warn",
       "warn: a warning on stderr, the run goes on; error: an input error (exit 2), "
       "nothing runs"},
  };
  return keys;
}

const std::vector<KeyDoc>& scenario_keys() {
  static const std::vector<KeyDoc> keys = {
      {"name", "string", "file name", "names the output folder results/<name>/ (one safe path component)"},
      {"description", "string", "", "free text"},
      {"model", "choice", "", "the architecture (required; sdsim models)"},
      {"seed", "int", "1", "same seed, same binary: byte-identical outputs (--seed overrides)"},
      {"duration", "duration", "", "shorthand for workload.duration"},
      {"horizon", "duration", "", "the run's hard end: it stops then whatever the load and the drain"},
      {"platform", "path|map", "model's", "a platform file (relative to the scenario) or an inline topology"},
      {"network_model", "choice", "CM02",
       "SimGrid's network model: CM02 | LV08 | SMPI | IB | Constant; or none: messages cost no "
       "time and no bandwidth (delivered in the sender's instant, no link used; partitions and "
       "host crashes still lose them)"},
      {"tcp_gamma", "size", "0B", "SimGrid's TCP window cap (0B = off)"},
      {"params", "map", "", "the model's parameters (sdsim describe <model>)"},
      {"workload", "map", "", "the load (sdsim describe workload)"},
      {"faults", "list", "", "what breaks, when (sdsim describe faults)"},
      {"expect", "map", "", "checks on the metrics after the run (sdsim describe expect)"},
      {"output", "map", "", "what is written", output_keys()},
      {"variants", "map", "", "NAME: {key.path: value, ...}: the scenario run once per variant, same seed "
                              "(sdsim describe expect)"},
  };
  return keys;
}

namespace {

const std::vector<std::string>& top_keys() {
  static const std::vector<std::string> keys = key_names(scenario_keys());
  return keys;
}

const std::vector<std::string> kNetworkModels = {"CM02", "LV08", "SMPI", "IB", "Constant", "none"};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The file's stem, made a safe folder name (see safe_name).
std::string default_name(const std::string& path) {
  std::string n = std::filesystem::path(path).stem().string();
  for (char& c : n)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
      c = '-';
  while (!n.empty() && (n[0] == '.' || n[0] == '-')) n.erase(0, 1);
  return n.empty() ? "scenario" : n.substr(0, 100);
}

OutputSpec parse_output(const Doc* doc, Diagnostics& diags) {
  OutputSpec out;
  if (!doc || doc->is_null()) return out;
  if (!check_keys(*doc, "output", diags, key_names(output_keys()))) return out;
  if (const Doc* d = doc->find("interval"))
    if (auto v = read_quantity(*d, "output.interval", diags, Dimension::Duration, 1e-3, 1e9))
      out.interval = *v;
  if (const Doc* d = doc->find("requests"))
    if (auto v = read_bool(*d, "output.requests", diags)) out.requests = *v;
  if (const Doc* d = doc->find("max_size")) {
    out.max_size_loc = d->loc;
    if (auto v = read_quantity(*d, "output.max_size", diags, Dimension::Size, 0, 1e18))
      out.max_size = *v;
  }
  if (const Doc* d = doc->find("over_max_size"))
    if (auto v = read_choice(*d, "output.over_max_size", diags, {"warn", "error"}))
      out.refuse_over_max_size = *v == "error";
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
  for (const FaultSpec& f : sc.faults) {
    if (f.kind == FaultSpec::Kind::Random) continue;
    if (f.at > end)
      diags.error(f.loc, join_path(f.path, "at"),
                  fmt::format("{} is after the end of the run ({}): the fault would never happen",
                              format_quantity(f.at, Dimension::Duration), format_quantity(end, Dimension::Duration)));
  }
  const auto [expected_failures, failure_rate] = random_failure_load(sc, end);
  constexpr double kMaxFailures = 1e6, kMaxRate = 1e4;
  if (expected_failures > kMaxFailures || failure_rate > kMaxRate)
    diags.error(sc.faults.front().loc, "faults",
                fmt::format("the random faults would fail hosts about {:.3g} times ({:.3g} per simulated second); "
                            "at most {:.0e} failures, {:.0e} per second, are allowed: each is an event of the "
                            "simulation with its repair, so such a run would do little else (lengthen mtbf and mttr "
                            "or narrow start/until)",
                            expected_failures, failure_rate, kMaxFailures, kMaxRate));
}

// A name becomes a folder, results/<name>/: one plain path component, nothing a path could
// climb out of or a shell could mangle.
bool safe_name(const std::string& n) {
  if (n.empty() || n.size() > 100) return false;
  const auto ok = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  };
  return n[0] != '.' && n[0] != '-' && std::all_of(n.begin(), n.end(), ok);
}

void load_top_level(Scenario& sc, const Doc& root, Diagnostics& diags) {
  if (const Doc* d = root.find("name"))
    if (auto v = read_string(*d, "name", diags)) {
      if (safe_name(*v))
        sc.name = *v;
      else
        diags.error(d->loc, "name",
                    "a name names the output folder results/<name>/: letters, digits, '.', '_' and '-' only, not "
                    "starting with '.' or '-', at most 100 characters");
    }
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

namespace {

// Everything after the file is read and --set applied: the whole validation of one scenario.
Scenario load_from_doc(Scenario sc, Doc root, const std::string& path, long long seed_override) {
  Diagnostics diags;
  check_keys(root, "", diags, top_keys());
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
  // A top-level duration that is written but wrong is reported once, as itself: the workload
  // must not also complain that it has no duration.
  const double given_duration = top_duration > 0 || !root.find("duration") ? top_duration : 1.0;
  sc.workload = parse_workload(workload ? workload : &empty_workload, given_duration, diags);
  if (top_duration > 0 && sc.workload.duration == 0) sc.workload.duration = top_duration;
  if (sc.workload.drain < 0) sc.workload.drain = sc.model->default_drain();
  if (!diags.ok()) throw InputError(diags);  // the rest depends on params and workload
  sc.model->check(sc.params, sc.workload, diags);

  const std::string base_dir = std::filesystem::path(path).parent_path().string();
  load_platform(sc, root, base_dir.empty() ? "." : base_dir, diags);
  if (!diags.ok()) throw InputError(diags);
  sc.placement = place_roles(sc.platform, sc.model->roles(sc.params, sc.workload), diags);
  if (!diags.ok()) throw InputError(diags);
  const Doc* platform_node = root.find("platform");
  const Location platform_at =
      platform_node ? platform_node->loc : Location{sc.platform_source == "<model default>" ? sc.file : sc.platform_source};
  sc.model->check_placement(sc.placement, sc.params, platform_at, diags);
  sc.faults = parse_faults(root.find("faults"), &sc.placement, diags);
  if (diags.ok()) check_fault_times(sc, diags);
  if (sc.network_model == "none")  // no message crosses a link: a link fault would change nothing
    for (const FaultSpec& f : sc.faults)
      if (f.kind == FaultSpec::Kind::LinkDown ||
          (f.kind == FaultSpec::Kind::Slowdown && f.disk.empty()))
        diags.error(
            f.loc, f.path,
            "a link fault has no effect with network_model: none (messages use no link); remove it "
            "or choose a network model");
  sc.expect = parse_expectations(root.find("expect"), all_metrics(*sc.model), diags);
  if (sc.output.refuse_over_max_size)
    if (const std::string over = output_size_warning(sc, estimate_output(sc)); !over.empty())
      diags.error(!sc.output.max_size_loc.file.empty() ? sc.output.max_size_loc : root.loc,
                  "output.max_size",
                  over + "; an error because output.over_max_size is error (warn would only warn)");
  if (!diags.ok()) throw InputError(diags);
  // What determines the outputs, hashed: the scenario's text and overrides (text_hash so far),
  // every file it references, and the binary that runs it. A sweep reuses a run only when
  // this matches.
  std::string inputs = sc.text_hash;
  if (sc.platform_source.front() != '<') {
    sc.input_files.push_back(sc.platform_source);
    inputs += "\nplatform " + read_text(sc.platform_source);
  }
  inputs += "\nbinary " + binary_id();
  sc.text_hash = fmt::format("{:016x}", stable_hash(inputs));
  return sc;
}

bool valid_variant_name(const std::string& n) {
  if (n.empty() || n.size() > 64) return false;
  return std::all_of(n.begin(), n.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

struct VariantDoc {
  std::string name;
  const Doc* overrides;  // a map of key.path -> value
  Location loc;
};

std::vector<VariantDoc> parse_variants(const Doc& node, Diagnostics& diags) {
  std::vector<VariantDoc> out;
  if (!node.is_map() || node.fields.empty()) {
    diags.error(node.loc, "variants", "expected a map of NAME: {key.path: value, ...}, with at least one variant");
    return out;
  }
  for (std::size_t i = 0; i < node.fields.size(); ++i) {
    const auto& [name, body] = node.fields[i];
    const std::string path = join_path("variants", name);
    if (!valid_variant_name(name)) {
      diags.error(node.key_loc(i), path, "a variant's name is lowercase letters, digits, '_' and '-' (no dots)");
      continue;
    }
    if (!body.is_map()) {
      diags.error(body.loc, path, "expected a map of key.path: value overrides (as --set), e.g. {params.index: grid}");
      continue;
    }
    out.push_back(VariantDoc{name, &body, node.key_loc(i)});
  }
  return out;
}

// The scenario as one variant sees it: the variant's overrides applied, `variants:` gone, and
// the expectations across variants (VARIANT.METRIC keys) left to the parent.
Doc variant_root(const Doc& root, const VariantDoc& v, const std::vector<VariantDoc>& all, Scenario& sc,
                 Diagnostics& diags) {
  Doc out = root;
  out.fields.clear();
  out.key_locs.clear();
  for (std::size_t i = 0; i < root.fields.size(); ++i) {
    if (root.fields[i].first == "variants") continue;
    out.add_field(root.fields[i].first, root.fields[i].second, root.key_loc(i));
  }
  if (Doc* expect = out.find("expect"); expect && expect->is_map()) {
    Doc kept = *expect;
    kept.fields.clear();
    kept.key_locs.clear();
    for (std::size_t i = 0; i < expect->fields.size(); ++i) {
      const std::string& key = expect->fields[i].first;
      const bool cross = std::any_of(all.begin(), all.end(), [&](const VariantDoc& x) { return key.rfind(x.name + ".", 0) == 0; });
      if (!cross) kept.add_field(key, expect->fields[i].second, expect->key_loc(i));
    }
    *expect = std::move(kept);
  }
  for (std::size_t i = 0; i < v.overrides->fields.size(); ++i) {
    const auto& [key, value] = v.overrides->fields[i];
    apply_override_doc(out, key, value, v.overrides->key_loc(i), diags);
    sc.overrides.push_back(Override{key, value.is_scalar() ? value.scalar : "<" + join_path("variants", v.name) + ">"});
  }
  return out;
}

}  // namespace

Scenario load_scenario(const std::string& path, const std::vector<std::string>& set_args,
                       long long seed_override, const std::string& variant) {
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
  const Doc* variants_node = root.find("variants");
  if (!variants_node) {
    if (!variant.empty()) {
      diags.error(root.loc, "variants", "the scenario has no variants, so no variant '" + variant + "'");
      throw InputError(diags);
    }
    return load_from_doc(std::move(sc), std::move(root), path, seed_override);
  }
  const std::vector<VariantDoc> variants = parse_variants(*variants_node, diags);
  if (!diags.ok()) throw InputError(diags);
  if (!variant.empty()) {  // one variant's run
    auto it = std::find_if(variants.begin(), variants.end(), [&](const VariantDoc& v) { return v.name == variant; });
    if (it == variants.end()) {
      diags.error(variants_node->loc, "variants", "no variant '" + variant + "'");
      throw InputError(diags);
    }
    Doc r = variant_root(root, *it, variants, sc, diags);
    if (!diags.ok()) throw InputError(diags);
    Scenario one = load_from_doc(sc, std::move(r), path, seed_override);
    one.variant = variant;
    return one;
  }
  // The parent: every variant must be a valid scenario before anything runs.
  Scenario parent;
  bool first = true;
  for (const VariantDoc& v : variants) {
    Scenario vs = sc;
    Doc r = variant_root(root, v, variants, vs, diags);
    try {
      Scenario loaded = load_from_doc(vs, std::move(r), path, seed_override);
      if (first) parent = loaded;
      first = false;
    } catch (const InputError& e) {
      for (const Diagnostic& d : e.diags.list()) diags.error(d.loc, d.path, d.message);
    }
    parent.variants.push_back(v.name);
  }
  if (!diags.ok()) throw InputError(diags);
  parent.overrides = sc.overrides;
  parent.variant.clear();
  // The expectations across variants: VARIANT.METRIC keys against every variant's metrics.
  std::vector<MetricSpec> prefixed;
  for (const std::string& name : parent.variants)
    for (const MetricSpec& m : all_metrics(*parent.model)) prefixed.push_back({name + "." + m.name, m.unit, m.doc});
  Doc cross;
  cross.kind = Doc::Kind::Map;
  if (const Doc* expect = root.find("expect"); expect && expect->is_map()) {
    cross.loc = expect->loc;
    for (std::size_t i = 0; i < expect->fields.size(); ++i) {
      const std::string& key = expect->fields[i].first;
      if (key.find('.') != std::string::npos &&
          std::find(parent.variants.begin(), parent.variants.end(), key.substr(0, key.find('.'))) != parent.variants.end())
        cross.add_field(key, expect->fields[i].second, expect->key_loc(i));
    }
  }
  parent.expect = parse_expectations(&cross, prefixed, diags);
  if (!diags.ok()) throw InputError(diags);
  return parent;
}

}  // namespace sdsim
