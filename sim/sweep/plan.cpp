#include "sim/sweep/plan.hpp"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "sim/model/framework_metrics.hpp"
#include "sim/model/model.hpp"
#include "sim/scenario/scenario.hpp"

namespace fs = std::filesystem;

namespace sdsim {
namespace {

const std::vector<std::string> kSweepKeys = {"name", "description", "base",
                                             "grid", "seeds",       "expect"};
constexpr std::size_t kMaxRuns = 1'000'000;

bool plain_yaml_scalar(const std::string& s) {
  if (s.empty()) return false;
  if (std::string("-?:,[]{}#&*!|>'\"%@`~ ").find(s.front()) != std::string::npos) return false;
  for (unsigned char c : s)
    if (!(std::isalnum(c) || std::string("._/+-").find(static_cast<char>(c)) != std::string::npos))
      return false;
  return true;
}

// A Doc written back as a one-line YAML fragment for --set (scalars quoted only when needed).
std::string to_flow_yaml(const Doc& d) {
  switch (d.kind) {
    case Doc::Kind::Null:
      return "null";
    case Doc::Kind::Scalar:
      return plain_yaml_scalar(d.scalar) ? d.scalar : nlohmann::json(d.scalar).dump();
    case Doc::Kind::Seq: {
      std::vector<std::string> items;
      for (const Doc& i : d.items) items.push_back(to_flow_yaml(i));
      return fmt::format("[{}]", fmt::join(items, ", "));
    }
    case Doc::Kind::Map: {
      std::vector<std::string> fields;
      for (const auto& [k, v] : d.fields)
        fields.push_back((plain_yaml_scalar(k) ? k : nlohmann::json(k).dump()) + ": " +
                         to_flow_yaml(v));
      return fmt::format("{{{}}}", fmt::join(fields, ", "));
    }
  }
  return "null";
}

std::string file_safe(const std::string& s, std::size_t max_len = 24) {
  std::string out;
  for (unsigned char c : s) {
    if (out.size() >= max_len) break;
    out += (std::isalnum(c) || c == '.' || c == '-') ? static_cast<char>(c) : '_';
  }
  return out;
}

std::optional<double> plain_number(const std::string& s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// SI values for an axis whose values are all numbers, or all quantities of one dimension.
void fill_si(GridAxis& axis, const std::vector<const Doc*>& docs) {
  std::vector<double> numbers;
  for (const Doc* d : docs) {
    auto v = d->is_scalar() ? plain_number(d->scalar) : std::nullopt;
    if (!v) break;
    numbers.push_back(*v);
  }
  if (numbers.size() == docs.size()) {
    axis.si = numbers;
    return;
  }
  for (Dimension dim :
       {Dimension::Duration, Dimension::Size, Dimension::Rate, Dimension::Bandwidth}) {
    std::vector<double> si;
    for (const Doc* d : docs) {
      if (!d->is_scalar()) break;
      QuantityParse q = parse_quantity(d->scalar, dim);
      if (!q.ok) break;
      si.push_back(q.value);
    }
    if (si.size() == docs.size()) {
      axis.si = si;
      axis.unit = si_unit(dim);
      return;
    }
  }
}

std::string last_segment(const std::string& key) {
  auto dot = key.rfind('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

struct AxisSource {
  std::vector<const Doc*> values;
};

std::vector<GridAxis> parse_grid(const Doc* grid, Diagnostics& diags,
                                 std::vector<AxisSource>& src) {
  std::vector<GridAxis> axes;
  if (!grid || grid->is_null()) return axes;
  if (!grid->is_map()) {
    diags.error(grid->loc, "grid", "expected a map of key paths to lists of values");
    return axes;
  }
  for (std::size_t i = 0; i < grid->fields.size(); ++i) {
    const auto& [key, values] = grid->fields[i];
    const std::string path = "grid." + key;
    if (key.empty() || key.front() == '.' || key.back() == '.' ||
        key.find("..") != std::string::npos) {
      diags.error(grid->key_loc(i), path, "expected a dotted key path such as workload.rate");
      continue;
    }
    if (key == "seed" || key == "expect" || key.rfind("expect.", 0) == 0) {
      diags.error(grid->key_loc(i), path,
                  key == "seed" ? "seeds are set with seeds:, not in the grid"
                                : "expectations are set with expect:, not in the grid");
      continue;
    }
    if (!values.is_seq() || values.items.empty()) {
      diags.error(values.loc, path, "expected a non-empty list of values");
      continue;
    }
    GridAxis axis;
    axis.key = key;
    AxisSource s;
    std::set<std::string> seen;
    for (std::size_t j = 0; j < values.items.size(); ++j) {
      const Doc& v = values.items[j];
      std::string text = to_flow_yaml(v);
      if (!seen.insert(text).second)
        diags.error(v.loc, fmt::format("{}.{}", path, j), "duplicate value " + text);
      axis.values.push_back(text);
      axis.labels.push_back(v.is_scalar() ? file_safe(v.scalar) : fmt::format("v{}", j));
      s.values.push_back(&v);
    }
    fill_si(axis, s.values);
    axes.push_back(std::move(axis));
    src.push_back(std::move(s));
  }
  return axes;
}

std::vector<std::uint64_t> parse_seeds(const Doc* seeds, const Location& root_loc,
                                       Diagnostics& diags) {
  std::vector<std::uint64_t> out;
  if (!seeds) {
    diags.error(root_loc, "seeds",
                "missing required key (a count N for seeds 1..N, or a list of seeds)");
    return out;
  }
  if (seeds->is_scalar()) {
    if (auto n = read_int(*seeds, "seeds", diags, 1, 100000))
      for (long long s = 1; s <= *n; ++s) out.push_back(static_cast<std::uint64_t>(s));
    return out;
  }
  if (!seeds->is_seq() || seeds->items.empty()) {
    diags.error(seeds->loc, "seeds",
                "expected a count N (seeds 1..N) or a non-empty list of seeds");
    return out;
  }
  std::set<long long> seen;
  for (std::size_t i = 0; i < seeds->items.size(); ++i) {
    const std::string path = fmt::format("seeds.{}", i);
    if (auto s = read_int(seeds->items[i], path, diags, 0, (1LL << 62))) {
      if (!seen.insert(*s).second)
        diags.error(seeds->items[i].loc, path, fmt::format("duplicate seed {}", *s));
      out.push_back(static_cast<std::uint64_t>(*s));
    }
  }
  return out;
}

// Errors about a `--set` we made are moved to where its value is written in the sweep file.
Diagnostics relocate_overrides(const InputError& e, const std::map<std::string, Location>& origin) {
  Diagnostics out;
  for (const Diagnostic& d : e.diags.list()) {
    auto it = origin.find(d.loc.file);
    out.error(it != origin.end() ? it->second : d.loc, d.path, d.message);
  }
  return out;
}

void expand_runs(SweepPlan& plan, const std::string& expect_set) {
  std::size_t n = plan.points * plan.seeds.size();
  const int width = static_cast<int>(fmt::format("{}", n > 0 ? n - 1 : 0).size());
  std::vector<std::size_t> choice(plan.axes.size(), 0);
  for (std::size_t point = 0; point < plan.points; ++point) {
    std::size_t rest = point;  // the last axis varies fastest
    for (std::size_t a = plan.axes.size(); a-- > 0;) {
      choice[a] = rest % plan.axes[a].values.size();
      rest /= plan.axes[a].values.size();
    }
    for (std::uint64_t seed : plan.seeds) {
      PlannedRun r;
      r.index = plan.runs.size();
      r.point = point;
      r.choice = choice;
      r.seed = seed;
      r.name = fmt::format("{:0{}}", r.index, width);
      for (std::size_t a = 0; a < plan.axes.size(); ++a) {
        const GridAxis& axis = plan.axes[a];
        if (axis.values.size() > 1)
          r.name += "-" + file_safe(last_segment(axis.key), 16) + "=" + axis.labels[choice[a]];
        r.sets.push_back(axis.key + "=" + axis.values[choice[a]]);
      }
      r.name += fmt::format("-seed{}", seed);
      if (!expect_set.empty()) r.sets.push_back(expect_set);
      plan.runs.push_back(std::move(r));
    }
  }
}

}  // namespace

SweepPlan load_sweep_plan(const std::string& path) {
  return plan_sweep(load_yaml_file(path), path);
}

SweepPlan plan_sweep(const Doc& root, const std::string& path) {
  Diagnostics diags;
  SweepPlan plan;
  plan.file = path;
  plan.name = fs::path(path).stem().string();
  if (!root.is_map()) {
    diags.error(root.loc, "", "a sweep is a YAML map (base:, grid:, seeds:, expect:)");
    throw InputError(diags);
  }
  check_keys(root, "", diags, kSweepKeys);
  if (const Doc* d = root.find("name"))
    if (auto v = read_string(*d, "name", diags)) {
      if (v->empty() || v->find('/') != std::string::npos)
        diags.error(d->loc, "name", "expected a non-empty name without '/'");
      else
        plan.name = *v;
    }
  if (const Doc* d = root.find("description")) read_string(*d, "description", diags);

  const Doc* base = root.find("base");
  if (!base) {
    diags.error(root.loc, "base",
                "missing required key (the scenario to sweep, relative to this file)");
  } else if (auto v = read_string(*base, "base", diags)) {
    fs::path p(*v);
    if (p.is_relative()) p = fs::path(path).parent_path() / p;
    if (!fs::is_regular_file(p))
      diags.error(base->loc, "base", "no such scenario file: " + p.string());
    else
      plan.base = fs::absolute(p).lexically_normal().string();
  }
  std::vector<AxisSource> sources;
  plan.axes = parse_grid(root.find("grid"), diags, sources);
  plan.seeds = parse_seeds(root.find("seeds"), root.loc, diags);
  if (plan.base.empty() || plan.seeds.empty()) throw InputError(diags);

  // The base alone first: the model (for the expectations' metrics) and the base's own errors.
  Scenario sc;
  try {
    sc = load_scenario(plan.base, {}, -1);
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diags.list()) diags.error(d.loc, d.path, d.message);
    throw InputError(diags);
  }
  plan.model = sc.model_name;
  plan.metrics = all_metrics(*sc.model);
  // A base with variants reports VARIANT.METRIC (its runs run the variants inside each point).
  if (!sc.variants.empty()) {
    std::vector<MetricSpec> prefixed;
    for (const std::string& v : sc.variants)
      for (const MetricSpec& m : plan.metrics)
        prefixed.push_back({v + "." + m.name, m.unit, m.doc});
    for (MetricSpec& m : prefixed) plan.metrics.push_back(std::move(m));
  }

  std::string expect_set;
  if (const Doc* e = root.find("expect")) {
    const std::size_t errors = diags.list().size();
    if (!e->is_null() && !e->is_map())
      diags.error(e->loc, "expect", "expected a map of metric: \"op value\"");
    else
      parse_expectations(e, plan.metrics, diags);
    if (diags.list().size() == errors)  // else reported once here, not again for every grid point
      expect_set = "expect=" + (e->is_null() ? std::string("{}") : to_flow_yaml(*e));
  }
  plan.points = 1;
  for (const GridAxis& a : plan.axes) {
    if (plan.points * a.values.size() * plan.seeds.size() > kMaxRuns) {
      diags.error(root.find("grid")->loc, "grid", fmt::format("more than {} runs", kMaxRuns));
      break;
    }
    plan.points *= a.values.size();
  }
  expand_runs(plan, expect_set);

  // Every grid point must be a valid scenario; report each distinct error once.
  std::set<std::string> reported;
  std::string point_hash;
  for (PlannedRun& r : plan.runs) {
    if (r.seed != plan.seeds.front()) {
      r.scenario_hash = point_hash;
      continue;
    }
    std::map<std::string, Location> origin;
    for (std::size_t a = 0; a < plan.axes.size(); ++a)
      origin["--set " + r.sets[a]] = sources[a].values[r.choice[a]]->loc;
    try {
      point_hash = load_scenario(plan.base, r.sets, static_cast<long long>(r.seed)).text_hash;
      r.scenario_hash = point_hash;
    } catch (const InputError& e) {
      const Diagnostics located = relocate_overrides(e, origin);
      for (const Diagnostic& d : located.list())
        if (reported.insert(d.str()).second)
          diags.error(d.loc, d.path, d.message + fmt::format(" (grid point {})", r.point));
    }
  }
  if (!diags.ok()) throw InputError(diags);
  return plan;
}

std::vector<std::string> run_arguments(const SweepPlan& plan, const PlannedRun& run,
                                       const std::string& run_dir) {
  std::vector<std::string> args{"run", plan.base, "--seed", fmt::format("{}", run.seed)};
  for (const std::string& s : run.sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  args.insert(args.end(), {"--out", run_dir, "--quiet"});
  return args;
}

std::string shell_quote(const std::string& word) {
  if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789_-./=:+,@%") == std::string::npos)
    return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace sdsim
