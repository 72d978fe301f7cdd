#include "sim/storage/redis/numbers.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace sdsim::storage::redis {

std::optional<std::int64_t> parse_integer(const std::string& text) {
  // Redis refuses anything 21 bytes or longer outright (LONG_STR_SIZE).
  if (text.empty() || text.size() >= 21) return std::nullopt;
  if (text == "0") return 0;
  std::size_t p = 0;
  const bool negative = text[0] == '-';
  if (negative && ++p == text.size()) return std::nullopt;
  if (text[p] < '1' || text[p] > '9') return std::nullopt;
  unsigned long long value = 0;
  for (; p < text.size(); ++p) {
    const char c = text[p];
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<unsigned long long>(c - '0');
    if (value > (std::numeric_limits<unsigned long long>::max() - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  constexpr auto max = static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max());
  if (negative) {
    if (value > max + 1) return std::nullopt;
    return static_cast<std::int64_t>(0 - value);
  }
  if (value > max) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

std::optional<double> parse_score(const std::string& text) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (static_cast<std::size_t>(end - text.c_str()) != text.size()) return std::nullopt;
  const bool overflow = errno == ERANGE && (std::isinf(value) || value == 0);
  if (overflow || std::isnan(value)) return std::nullopt;
  return value;
}

std::optional<ScoreBound> parse_bound(const std::string& text) {
  // A C string to Redis: strtod stops at a NUL, and "end of string" means the NUL.
  const char* start = text.c_str();
  const bool exclusive = start[0] == '(';
  if (exclusive) ++start;
  char* end = nullptr;
  const double value = std::strtod(start, &end);
  if (*end != '\0' || std::isnan(value)) return std::nullopt;
  return ScoreBound{value, exclusive};
}

}  // namespace sdsim::storage::redis
