#include "sim/cli/describe.hpp"

#include <limits>
#include <set>

#include <fmt/format.h>

#include "sim/model/model.hpp"
#include "sim/model/framework_metrics.hpp"

namespace sdsim {
namespace {

Dimension dimension_of(ParamType t) {
  switch (t) {
    case ParamType::Size: return Dimension::Size;
    case ParamType::Rate: return Dimension::Rate;
    case ParamType::Bandwidth: return Dimension::Bandwidth;
    default: return Dimension::Duration;
  }
}

bool dimensioned(ParamType t) {
  return t == ParamType::Duration || t == ParamType::Size || t == ParamType::Rate ||
         t == ParamType::Bandwidth;
}

std::string bound(double v, ParamType t) {
  return dimensioned(t) ? format_quantity(v, dimension_of(t)) : fmt::format("{:g}", v);
}

std::string range_text(const ParamSpec& p) {
  const double inf = std::numeric_limits<double>::infinity();
  if (p.type == ParamType::Choice) return fmt::format("{}", fmt::join(p.choices, " | "));
  if (p.min == -inf && p.max == inf) return "";
  if (p.max == inf) return ">= " + bound(p.min, p.type);
  if (p.min == -inf) return "<= " + bound(p.max, p.type);
  return bound(p.min, p.type) + " .. " + bound(p.max, p.type);
}

void describe_params(std::string& s, const std::vector<ParamSpec>& specs, const std::string& prefix) {
  for (const auto& p : specs) {
    const std::string path = prefix.empty() ? p.name : prefix + "." + p.name;
    if (p.type == ParamType::Group) {
      s += fmt::format("  {:<26} {}\n", path + ":", p.doc);
      describe_params(s, p.children, path);
      continue;
    }
    s += fmt::format("  {:<26} {:<9} {:<14} {}\n", path, param_type_name(p.type),
                     p.default_text.empty() ? "(required)" : p.default_text, p.doc);
    const std::string range = range_text(p);
    if (!range.empty()) s += fmt::format("  {:<26} {:<9} {:<14} range: {}\n", "", "", "", range);
  }
}

}  // namespace

std::string models_listing() {
  std::string s;
  for (const auto& m : registered_models()) s += fmt::format("  {:<18} {}\n", m->name(), m->summary());
  return s;
}

std::string describe_model(const std::string& name) {
  auto m = find_model(name);
  if (!m) return "";
  std::string s = fmt::format("{}: {}\n\n{}\n\n", m->name(), m->summary(), m->description());
  ParamValues defaults;
  Diagnostics ignored;
  defaults = validate_params(nullptr, m->params(), "params", ignored);
  WorkloadSpec load;
  std::vector<std::string> roles;
  for (const auto& r : m->roles(defaults, load)) roles.push_back(fmt::format("{} x{}", r.role, r.count));
  s += fmt::format("Roles (hosts are named <role>-<i>; with default parameters and one client): {}\n\n",
                   fmt::join(roles, ", "));
  s += "Parameters (params.*; dimensioned values take a unit, e.g. 150ms, 4KB, 2000/s, 1Gbps):\n";
  s += fmt::format("  {:<26} {:<9} {:<14} {}\n", "name", "type", "default", "meaning");
  describe_params(s, m->params(), "");
  s += "\nMetrics (summary.json; SI units; usable in expect:):\n";
  const MetricTable own = m->metric_table(), framework = framework_metric_table(nullptr);
  std::set<std::string> seen;
  auto line = [&s, &seen](const MetricDef& d) {
    if (!seen.insert(d.spec.name).second) return;
    s += fmt::format("  {:<26} {:<4} {}\n", d.spec.name, d.spec.unit.empty() ? "-" : d.spec.unit, d.spec.doc);
    if (!d.when.empty()) s += fmt::format("  {:<26} {:<4} only when: {}\n", "", "", d.when);
  };
  for (const MetricDef& d : own.defs()) line(d);
  for (const MetricDef& d : framework.defs()) line(d);
  return s;
}

}  // namespace sdsim
