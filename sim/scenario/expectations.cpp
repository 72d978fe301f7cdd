#include "sim/scenario/expectations.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
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

const MetricSpec* find_metric(const std::vector<MetricSpec>& metrics, const std::string& name);

bool starts_like_name(const std::string& t) { return !t.empty() && (std::isalpha(static_cast<unsigned char>(t[0])) != 0); }

// "other.metric", "0.5 * other.metric" or "other.metric * 2": the expected value is read from
// the run's metrics. The other metric must exist and have the same unit.
bool parse_metric_rhs(std::string& out_name, double& out_factor, const std::string& rhs, const MetricSpec& metric,
                      const std::vector<MetricSpec>& metrics, const Doc& node, const std::string& path,
                      Diagnostics& diags) {
  std::string name = rhs;
  double factor = 1.0;
  if (const auto star = rhs.find('*'); star != std::string::npos) {
    std::string a = trim(rhs.substr(0, star)), b = trim(rhs.substr(star + 1));
    if (starts_like_name(a)) std::swap(a, b);
    const char* end = a.data() + a.size();
    auto [ptr, ec] = std::from_chars(a.data(), end, factor);
    if (ec != std::errc() || ptr != end || !std::isfinite(factor)) {
      diags.error(node.loc, path, "expected NUMBER * METRIC or METRIC * NUMBER, got '" + rhs + "'");
      return false;
    }
    name = b;
  }
  const MetricSpec* other = find_metric(metrics, name);
  if (!other) {
    std::vector<std::string> names;
    for (const MetricSpec& m : metrics) names.push_back(m.name);
    const std::string hint = suggest(name, names);
    diags.error(node.loc, path, "'" + name + "' is no metric of this scenario" + (hint.empty() ? "" : " (" + hint + ")"));
    return false;
  }
  if (other->unit != metric.unit) {
    diags.error(node.loc, path,
                "compares " + metric.name + " (" + (metric.unit.empty() ? "no unit" : metric.unit) + ") with " + name +
                    " (" + (other->unit.empty() ? "no unit" : other->unit) + ")");
    return false;
  }
  out_name = name;
  out_factor = factor;
  return true;
}

bool names_metric(const std::string& t) { return starts_like_name(t) || t.find('*') != std::string::npos; }

// Fills op/value/value2 of `e` from its text. False (with a diagnostic) on any problem.
bool parse_comparison(Expectation& e, const MetricSpec& metric, const std::vector<MetricSpec>& metrics,
                      const Doc& node, const std::string& path, Diagnostics& diags) {
  auto split = split_operator(trim(e.text));
  // "<> 0.5" or "=< 1s": an operator followed by more operator characters is no comparison.
  const bool garbled = split && split->first != "between" &&
                       split->second.find_first_of("<>=!") == 0;
  if (!split || split->second.empty() || garbled) {
    diags.error(node.loc, path, kHowTo + ", got '" + e.text + "'");
    return false;
  }
  e.op = split->first;
  // A right-hand side that starts with a letter names a metric (a value starts with a digit).
  if (e.op != "between" && names_metric(split->second))
    return parse_metric_rhs(e.rhs_metric, e.factor, split->second, metric, metrics, node, path, diags);
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
  const std::string low_text = trim(bounds.substr(0, and_at)), high_text = trim(bounds.substr(and_at + 5));
  if (names_metric(low_text) || names_metric(high_text)) {  // bounds read from metrics after the run
    bool ok = true;
    if (names_metric(low_text)) ok = parse_metric_rhs(e.rhs_metric, e.factor, low_text, metric, metrics, node, path, diags);
    else if (auto v = read_value(low_text, metric, node, path, diags)) e.value = *v, e.rhs_metric.clear();
    else ok = false;
    if (names_metric(high_text)) ok = parse_metric_rhs(e.rhs_metric2, e.factor2, high_text, metric, metrics, node, path, diags) && ok;
    else if (auto v = read_value(high_text, metric, node, path, diags)) e.value2 = *v;
    else ok = false;
    return ok;
  }
  auto low = read_value(low_text, metric, node, path, diags);
  auto high = read_value(high_text, metric, node, path, diags);
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

}  // namespace

std::string format_metric_value(double v, const std::string& unit, bool exact) {
  if (std::isnan(v)) return "null";
  if (auto dim = dimension_of_unit(MetricSpec{"", unit, ""})) return format_quantity(v, *dim);
  return exact ? fmt::format("{}", v) : fmt::format("{:.6g}", v);
}

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
    if (parse_comparison(e, *metric, metrics, node, path, diags)) out.push_back(std::move(e));
  }
  return out;
}

bool evaluate(const Expectation& e, double actual) {
  if (!e.rhs_metric.empty() || !e.rhs_metric2.empty())
    throw std::logic_error("sdsim: an expectation on another metric needs its value");
  return evaluate(e, actual, e.value, e.value2);
}

bool evaluate(const Expectation& e0, double actual, double expected, double expected2) {
  Expectation e = e0;
  e.value = expected;
  e.value2 = expected2;
  if (std::isnan(actual) || std::isnan(expected) || (e.op == "between" && std::isnan(expected2))) return false;
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
  auto operand = [&e](const std::string& metric, double factor, double value) {
    if (metric.empty()) return format_metric_value(value, e.unit, true);
    return (factor == 1.0 ? "" : fmt::format("{} * ", factor)) + metric;
  };
  if (e.op == "between")
    return "between " + operand(e.rhs_metric, e.factor, e.value) + " and " + operand(e.rhs_metric2, e.factor2, e.value2);
  if (!e.rhs_metric.empty()) return e.op + " " + operand(e.rhs_metric, e.factor, e.value);
  if (e.op == "between")
    return "between " + format_metric_value(e.value, e.unit, true) + " and " + format_metric_value(e.value2, e.unit, true);
  return e.op + " " + format_metric_value(e.value, e.unit, true);
}

}  // namespace sdsim

namespace sdsim {

std::string expectations_help() {
  return R"(expect: checks on the run's metrics, made after the run; exit code 1 when one fails.

  expect:
    METRIC: "OP VALUE"             OP: == != < <= > >=   ("== 0", "< 200ms", ">= 0.99")
    METRIC: "between LOW and HIGH" inclusive bounds      ("between 4.8s and 5.2s")
    METRIC: "OP OTHER_METRIC"      against another metric of the same unit
    METRIC: "OP F * OTHER_METRIC"  ... times a number    ("<= 0.5 * none.overbooked_nights")
    METRIC: "between F * A and G * B"  bounds from metrics too

  METRIC is a metric the model declares (sdsim describe <model>), or in a scenario with
  variants: VARIANT.METRIC ("geohash.search.latency.p99"); a plain METRIC is then checked in
  every variant. VALUE takes the metric's unit (150ms, 4KB, 2000/s, 1Gbps) or none for counts
  and ratios. == and != allow a relative difference of 1e-9. A metric the run did not report,
  or NaN, fails. Variants are written as

  variants:
    NAME: {key.path: value, ...}   the same overrides as --set, applied to the scenario

  and `sdsim run` runs each (same seed) into OUT/NAME/, then writes OUT/summary.json with
  every VARIANT.METRIC and the expectations across variants.
)";
}

}  // namespace sdsim
