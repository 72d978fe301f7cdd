#include "sim/core/units.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>
#include <system_error>

namespace sdsim {
namespace {

struct Unit {
  std::string_view name;
  double factor;  // SI value of one unit
};

constexpr double kMinute = 60.0, kHour = 3600.0, kDay = 86400.0, kYear = 365.0 * kDay;

// Units are case-sensitive: "mb" and "Mb" would be ambiguous between megabytes and megabits.
constexpr std::array kDurationUnits = {
    Unit{"ns", 1e-9},     Unit{"us", 1e-6}, Unit{"ms", 1e-3}, Unit{"s", 1.0},   Unit{"m", kMinute},
    Unit{"min", kMinute}, Unit{"h", kHour}, Unit{"d", kDay},  Unit{"y", kYear},
};

constexpr std::array kSizeUnits = {
    Unit{"B", 1.0},      Unit{"KB", 1e3},     Unit{"MB", 1e6},     Unit{"GB", 1e9},
    Unit{"TB", 1e12},    Unit{"PB", 1e15},    Unit{"KiB", 0x1p10}, Unit{"MiB", 0x1p20},
    Unit{"GiB", 0x1p30}, Unit{"TiB", 0x1p40}, Unit{"PiB", 0x1p50},
};

// A rate is a count per duration unit, so its factor is 1 / (the duration's factor).
constexpr std::array kRateUnits = {
    Unit{"/ns", 1e9},      Unit{"/us", 1e6},        Unit{"/ms", 1e3},
    Unit{"/s", 1.0},       Unit{"/m", 1 / kMinute}, Unit{"/min", 1 / kMinute},
    Unit{"/h", 1 / kHour}, Unit{"/d", 1 / kDay},    Unit{"/y", 1 / kYear},
};

// Bit rates (networking convention) are divided by 8: sdsim stores bytes/s.
constexpr std::array kBandwidthUnits = {
    Unit{"bps", 1.0 / 8},   Unit{"Kbps", 1e3 / 8}, Unit{"Mbps", 1e6 / 8}, Unit{"Gbps", 1e9 / 8},
    Unit{"Tbps", 1e12 / 8}, Unit{"Bps", 1.0},      Unit{"KBps", 1e3},     Unit{"MBps", 1e6},
    Unit{"GBps", 1e9},      Unit{"TBps", 1e12},    Unit{"KiBps", 0x1p10}, Unit{"MiBps", 0x1p20},
    Unit{"GiBps", 0x1p30},  Unit{"TiBps", 0x1p40}, Unit{"B/s", 1.0},      Unit{"KB/s", 1e3},
    Unit{"MB/s", 1e6},      Unit{"GB/s", 1e9},     Unit{"TB/s", 1e12},    Unit{"KiB/s", 0x1p10},
    Unit{"MiB/s", 0x1p20},  Unit{"GiB/s", 0x1p30}, Unit{"TiB/s", 0x1p40},
};

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t skip_digits(std::string_view s, std::size_t i) {
  while (i < s.size() && is_digit(s[i])) ++i;
  return i;
}

// Length of the leading number: digits with an optional fraction and exponent ("12", "0.5",
// ".5", "1e3", "1.5e-3"). An 'e' without digits after it is left for the unit. 0 if none.
std::size_t number_length(std::string_view s) {
  std::size_t i = skip_digits(s, 0);
  bool digits = i > 0;
  if (i < s.size() && s[i] == '.') {
    std::size_t j = skip_digits(s, i + 1);
    digits = digits || j > i + 1;
    i = j;
  }
  if (!digits) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && is_digit(s[j])) i = skip_digits(s, j);
  }
  return i;
}

// Rounds to `digits` significant digits, so the unit is chosen after rounding
// (0.99996 s shows as "1 s", not "1000 ms").
double round_significant(double v, int digits) {
  if (v == 0.0 || !std::isfinite(v)) return v;
  double scale =
      std::pow(10.0, digits - 1 - static_cast<int>(std::floor(std::log10(std::fabs(v)))));
  return std::round(v * scale) / scale;
}

// Up to 4 significant digits, without trailing zeros; exponent form only when a plain number
// would be unreadable. The result always parses back with parse_quantity.
std::string format_number(double v) {
  char buf[64];
  double mag = std::fabs(v);
  if (v != 0.0 && (mag < 1e-3 || mag >= 1e7 || !std::isfinite(v))) {
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
  }
  int int_digits = v == 0.0 ? 1 : static_cast<int>(std::floor(std::log10(mag))) + 1;
  int decimals = int_digits >= 4 ? 0 : 4 - int_digits;
  std::snprintf(buf, sizeof buf, "%.*f", decimals, round_significant(v, 4));
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

struct DisplayUnit {
  const char* name;
  double factor;
  double from;  // smallest SI magnitude shown in this unit
};

// Display units by dimension, ascending. Minutes, hours and days start at two of themselves,
// so 90 s stays "90 s" rather than "1.5 min". Rates switch to a longer period below 1/s and to
// a shorter one above 10^6/s, so the number stays short and still parses back.
constexpr std::array kDurationDisplay = {
    DisplayUnit{" ns", 1e-9, 0.0},
    DisplayUnit{" us", 1e-6, 1e-6},
    DisplayUnit{" ms", 1e-3, 1e-3},
    DisplayUnit{" s", 1.0, 1.0},
    DisplayUnit{" min", kMinute, 2 * kMinute},
    DisplayUnit{" h", kHour, 2 * kHour},
    DisplayUnit{" d", kDay, 2 * kDay},
    DisplayUnit{" y", kYear, 2 * kYear},
};
constexpr std::array kSizeDisplay = {
    DisplayUnit{" B", 1.0, 0.0},  DisplayUnit{" KB", 1e3, 1e3},   DisplayUnit{" MB", 1e6, 1e6},
    DisplayUnit{" GB", 1e9, 1e9}, DisplayUnit{" TB", 1e12, 1e12}, DisplayUnit{" PB", 1e15, 1e15},
};
constexpr std::array kRateDisplay = {
    DisplayUnit{"/y", 1 / kYear, 0.0},
    DisplayUnit{"/d", 1 / kDay, 1 / kDay},
    DisplayUnit{"/h", 1 / kHour, 1 / kHour},
    DisplayUnit{"/min", 1 / kMinute, 1 / kMinute},
    DisplayUnit{"/s", 1.0, 1.0},
    DisplayUnit{"/ms", 1e3, 1e6},
    DisplayUnit{"/us", 1e6, 1e9},
    DisplayUnit{"/ns", 1e9, 1e12},
};
constexpr std::array kBandwidthDisplay = {
    DisplayUnit{" B/s", 1.0, 0.0},    DisplayUnit{" KB/s", 1e3, 1e3},
    DisplayUnit{" MB/s", 1e6, 1e6},   DisplayUnit{" GB/s", 1e9, 1e9},
    DisplayUnit{" TB/s", 1e12, 1e12},
};

// Everything known about one dimension, indexed by the enum's value.
struct DimensionInfo {
  const char* name;
  const char* si_unit;
  const char* example;
  const char* help;  // listed when a unit is not recognised; bandwidth names each family once
  std::span<const Unit> units;
  std::span<const DisplayUnit> display;
};

constexpr std::array<DimensionInfo, 4> kDimensions = {{
    {"duration", "s", "150ms", "use ns, us, ms, s, m, h, d, y", kDurationUnits, kDurationDisplay},
    {"size", "B", "4KB", "use B, KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB", kSizeUnits, kSizeDisplay},
    {"rate", "1/s", "2000/s", "use /ns, /us, /ms, /s, /min, /h, /d, e.g. 2000/s", kRateUnits,
     kRateDisplay},
    {"bandwidth", "B/s", "1Gbps",
     "use bps, Kbps, Mbps, Gbps, Tbps for bits; B/s, KB/s, MB/s, GB/s, TB/s, KiB/s, MiB/s, "
     "GiB/s (or KBps, MiBps, ...) for bytes",
     kBandwidthUnits, kBandwidthDisplay},
}};

const DimensionInfo& info(Dimension dim) { return kDimensions.at(static_cast<std::size_t>(dim)); }

const Unit* find_unit(std::string_view name, Dimension dim) {
  for (const Unit& u : info(dim).units)
    if (u.name == name) return &u;
  return nullptr;
}

// A hint for the usual slips: wrong case ("mb"), a rate without its slash ("2000s"), or a unit
// of another dimension ("5MB" where a duration is expected). Empty when nothing fits.
std::string unit_hint(std::string_view unit, Dimension dim) {
  if (dim == Dimension::Rate && find_unit(fmt::format("/{}", unit), dim))
    return fmt::format("did you mean '/{}'?", unit);
  for (const Unit& u : info(dim).units)
    if (equal_ignoring_case(u.name, unit)) return fmt::format("did you mean '{}'?", u.name);
  for (std::size_t other = 0; other < kDimensions.size(); ++other)
    if (other != static_cast<std::size_t>(dim) && find_unit(unit, Dimension(other)))
      return fmt::format("'{}' is a {} unit", unit, kDimensions[other].name);
  return "";
}

std::string with_example(std::string_view message, Dimension dim) {
  return fmt::format("{} (a {}, e.g. {})", message, info(dim).name, info(dim).example);
}

QuantityParse failure(std::string message) { return {false, 0.0, std::move(message)}; }

}  // namespace

const char* si_unit(Dimension dim) { return info(dim).si_unit; }
const char* dimension_name(Dimension dim) { return info(dim).name; }
const char* unit_example(Dimension dim) { return info(dim).example; }

QuantityParse parse_quantity(std::string_view text, Dimension dim) {
  std::string_view s = trim(text);
  if (s.empty()) return failure(with_example("empty value", dim));
  if (s.front() == '-')
    return failure(fmt::format("negative {} '{}' is not allowed", dimension_name(dim), s));

  std::size_t len = number_length(s);
  if (len == 0)
    return failure(
        with_example(fmt::format("expected a number followed by a unit, got '{}'", s), dim));
  double value = 0.0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + len, value);
  if (ec != std::errc() || end != s.data() + len || !std::isfinite(value))
    return failure(fmt::format("number out of range in '{}'", s));

  std::string_view unit = s.substr(len);  // trim() left no blank at its end
  if (unit.empty()) return failure(with_example("missing unit", dim));
  if (unit.front() == ' ') unit.remove_prefix(1);  // "150 ms" reads as well as "150ms"
  if (unit.front() == ' ' || unit.front() == '\t')
    return failure(fmt::format("use at most one space between number and unit in '{}'", s));

  const Unit* u = find_unit(unit, dim);
  if (u == nullptr) {
    std::string hint = unit_hint(unit, dim);
    return failure(fmt::format("unknown unit '{}' for a {}{}{} ({})", unit, dimension_name(dim),
                               hint.empty() ? "" : ": ", hint, info(dim).help));
  }
  return {true, value * u->factor, ""};
}

std::string format_quantity(double value, Dimension dim) {
  std::span<const DisplayUnit> units = info(dim).display;
  const DisplayUnit* chosen = &units.front();
  if (value == 0.0) {
    // Zero has no natural scale: show it in the SI unit ("0 s", "0/s").
    for (const DisplayUnit& u : units)
      if (u.factor == 1.0) chosen = &u;
  } else {
    double mag = std::fabs(round_significant(value, 4));
    for (const DisplayUnit& u : units)
      if (mag >= u.from) chosen = &u;
  }
  return format_number(value / chosen->factor) + chosen->name;
}

}  // namespace sdsim
