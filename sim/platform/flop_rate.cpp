// Host speeds in flop/s, written the way SimGrid platforms write them ("1Gf", "100Mf").
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include "sim/platform/platform.hpp"

namespace sdsim {
namespace {

struct Prefix {
  std::string_view name;
  double factor;
};

// Decimal prefixes only: SimGrid reads "1Gf" as 1e9 flop/s, and so must we.
constexpr std::array kPrefixes = {Prefix{"", 1.0},  Prefix{"k", 1e3},  Prefix{"M", 1e6},
                                  Prefix{"G", 1e9}, Prefix{"T", 1e12}, Prefix{"P", 1e15}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The factor of a unit such as "Gf" or "Gflops"; 0 when it is not a flop rate unit.
double flop_unit_factor(std::string_view unit) {
  for (const Prefix& p : kPrefixes) {
    if (unit.substr(0, p.name.size()) != p.name) continue;
    std::string_view rest = unit.substr(p.name.size());
    if (rest == "f" || rest == "flops") return p.factor;
  }
  return 0.0;
}

QuantityParse failure(std::string message) { return {false, 0.0, std::move(message)}; }

}  // namespace

QuantityParse parse_flop_rate(std::string_view text) {
  const std::string units = "(use f, kf, Mf, Gf, Tf, Pf, e.g. 1Gf)";
  std::string_view s = trim(text);
  double value = 0.0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end == s.data())
    return failure("not a number followed by a unit " + units);
  std::string_view unit = trim(std::string_view(end, s.data() + s.size() - end));
  if (unit.empty()) return failure("missing unit " + units);
  double factor = flop_unit_factor(unit);
  if (factor == 0.0) return failure("unknown unit '" + std::string(unit) + "' " + units);
  if (!(value > 0.0) || !std::isfinite(value)) return failure("a host speed must be positive");
  return {true, value * factor, ""};
}

}  // namespace sdsim
