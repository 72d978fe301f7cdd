#include "sim/scenario/expectations.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

namespace sdsim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A metric's unit decides how its expected values are written; "" is a plain number.
std::optional<Dimension> dimension_of_unit(const MetricSpec& m) {
  if (m.unit == "s") return Dimension::Duration;
  if (m.unit == "B") return Dimension::Size;
  if (m.unit == "1/s") return Dimension::Rate;
  if (m.unit == "B/s") return Dimension::Bandwidth;
  if (m.unit.empty()) return std::nullopt;
  throw std::logic_error("sdsim: metric '" + m.name + "' declares unknown unit '" + m.unit + "'");
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

const std::string kHowTo =
    "expected a comparison such as \"< 200ms\", \"== 0\" or \"between 1s and 2s\"";

// Splits "<= 5s" into {"<=", "5s"}; nullopt when no operator leads the text.
std::optional<std::pair<std::string, std::string>> split_operator(const std::string& text) {
  static const std::array<std::string, 6> ops = {"==", "!=", "<=", ">=", "<", ">"};
  for (const std::string& op : ops)
    if (text.starts_with(op)) return std::pair{op, trim(text.substr(op.size()))};
  if (text.starts_with("between ")) return std::pair{std::string("between"), trim(text.substr(8))};
  return std::nullopt;
}

// One expected value, in the metric's unit. Reuses the typed readers so the messages match
// those for parameters ("expected a duration such as 150ms, got '5': missing unit").
std::optional<double> read_value(const std::string& text, const MetricSpec& metric,
                                 const Doc& where, const std::string& path, Diagnostics& diags) {
  Doc d;
  d.kind = Doc::Kind::Scalar;
  d.scalar = text;
  d.loc = where.loc;
  if (auto dim = dimension_of_unit(metric)) return read_quantity(d, path, diags, *dim, -kInf, kInf);
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec == std::errc() && ptr == end && std::isfinite(value)) return value;
  diags.error(where.loc, path,
              "expected a plain number (" + metric.name + " has no unit), got '" + text + "'");
  return std::nullopt;
}

// Fills op/value/value2 of `e` from its text. False (with a diagnostic) on any problem.
bool parse_comparison(Expectation& e, const MetricSpec& metric, const Doc& node,
                      const std::string& path, Diagnostics& diags) {
  auto split = split_operator(trim(e.text));
  // "<> 0.5" or "=< 1s": an operator followed by more operator characters is no comparison.
  const bool garbled = split && split->first != "between" &&
                       split->second.find_first_of("<>=!") == 0;
  if (!split || split->second.empty() || garbled) {
    diags.error(node.loc, path, kHowTo + ", got '" + e.text + "'");
    return false;
  }
  e.op = split->first;
  if (e.op != "between") {
    auto v = read_value(split->second, metric, node, path, diags);
    if (v) e.value = *v;
    return v.has_value();
  }
  const std::string& bounds = split->second;
  const std::size_t and_at = bounds.find(" and ");
  if (and_at == std::string::npos) {
    diags.error(node.loc, path, "expected \"between LOW and HIGH\", got '" + e.text + "'");
    return false;
  }
  auto low = read_value(trim(bounds.substr(0, and_at)), metric, node, path, diags);
  auto high = read_value(trim(bounds.substr(and_at + 5)), metric, node, path, diags);
  if (!low || !high) return false;
  if (*low > *high) {
    diags.error(node.loc, path, "the lower bound of 'between' comes first, got '" + e.text + "'");
    return false;
  }
  e.value = *low;
  e.value2 = *high;
  return true;
}

const MetricSpec* find_metric(const std::vector<MetricSpec>& metrics, const std::string& name) {
  auto it = std::find_if(metrics.begin(), metrics.end(),
                         [&](const MetricSpec& m) { return m.name == name; });
  return it == metrics.end() ? nullptr : &*it;
}

void unknown_metric(const Doc& expect, std::size_t i, const std::vector<MetricSpec>& metrics,
                    Diagnostics& diags) {
  const std::string& name = expect.fields[i].first;
  std::vector<std::string> names;
  for (const MetricSpec& m : metrics) names.push_back(m.name);
  std::string hint = suggest(name, names);
  diags.error(expect.key_loc(i), join_path("expect", name),
              "unknown metric: the model does not declare it (" +
                  (hint.empty() ? std::string("`sdsim describe` lists its metrics") : hint) + ")");
}

bool approx_equal(double a, double b) {
  return a == b || std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

std::string show(double v, const std::string& unit) {
  MetricSpec m{"", unit, ""};
  if (auto dim = dimension_of_unit(m)) return format_quantity(v, *dim);
  return fmt::format("{}", v);
}

}  // namespace

std::vector<Expectation> parse_expectations(const Doc* expect_map,
                                            const std::vector<MetricSpec>& metrics,
                                            Diagnostics& diags) {
  std::vector<Expectation> out;
  if (!expect_map || expect_map->is_null()) return out;
  if (!expect_map->is_map()) {
    diags.error(expect_map->loc, "expect", "expected a map of metric: \"comparison\"");
    return out;
  }
  for (std::size_t i = 0; i < expect_map->fields.size(); ++i) {
    const auto& [name, node] = expect_map->fields[i];
    const MetricSpec* metric = find_metric(metrics, name);
    if (!metric) {
      unknown_metric(*expect_map, i, metrics, diags);
      continue;
    }
    const std::string path = join_path("expect", name);
    auto text = read_string(node, path, diags);
    if (!text) continue;
    Expectation e{name, "", 0, 0, *text, node.loc, metric->unit};
    if (parse_comparison(e, *metric, node, path, diags)) out.push_back(std::move(e));
  }
  return out;
}

bool evaluate(const Expectation& e, double actual) {
  if (std::isnan(actual)) return false;
  if (e.op == "==") return approx_equal(actual, e.value);
  if (e.op == "!=") return !approx_equal(actual, e.value);
  if (e.op == "<") return actual < e.value;
  if (e.op == "<=") return actual <= e.value;
  if (e.op == ">") return actual > e.value;
  if (e.op == ">=") return actual >= e.value;
  if (e.op == "between") return actual >= e.value && actual <= e.value2;
  throw std::logic_error("sdsim: unknown expectation operator '" + e.op + "'");
}

std::string describe_expectation(const Expectation& e) {
  if (e.op == "between")
    return "between " + show(e.value, e.unit) + " and " + show(e.value2, e.unit);
  return e.op + " " + show(e.value, e.unit);
}

}  // namespace sdsim
