#include "sim/storage/pubsub/glob_match.hpp"

#include <cstddef>
#include <utility>

namespace sdsim::storage::pubsub {
namespace {

struct Matcher {
  std::string_view pattern;
  std::string_view text;
  // Set once a `*` has tried every split and failed: an earlier `*` stretching further
  // cannot help, so the search stops (Redis's skipLongerMatches, which keeps it linear-ish).
  bool give_up = false;

  // Redis patterns are NUL-terminated strings and its matcher peeks one byte past the end.
  char at(std::size_t p) const { return p < pattern.size() ? pattern[p] : '\0'; }

  // Matches one class `[...]` starting after the `[` at p against byte c; leaves p on the
  // class's last byte (the `]`, or the pattern's last byte when unterminated).
  bool match_class(std::size_t& p, char c) const {
    const bool negate = at(p) == '^';
    if (negate) ++p;
    bool match = false;
    while (true) {
      const std::size_t left = pattern.size() - p;
      if (at(p) == '\\' && left >= 2) {
        ++p;
        if (at(p) == c) match = true;
      } else if (at(p) == ']') {
        break;
      } else if (left == 0) {
        --p;  // unterminated: the class ends with the pattern
        break;
      } else if (left >= 3 && at(p + 1) == '-') {
        int start = static_cast<signed char>(at(p));
        int end = static_cast<signed char>(at(p + 2));
        if (start > end) std::swap(start, end);
        const int byte = static_cast<signed char>(c);
        p += 2;
        if (byte >= start && byte <= end) match = true;
      } else if (at(p) == c) {
        match = true;
      }
      ++p;
    }
    return negate ? !match : match;
  }

  bool match(std::size_t p, std::size_t t) {
    while (p < pattern.size() && t < text.size()) {
      switch (at(p)) {
        case '*':
          while (at(p + 1) == '*') ++p;
          if (pattern.size() - p == 1) return true;
          for (; t < text.size(); ++t) {
            if (match(p + 1, t)) return true;
            if (give_up) return false;
          }
          give_up = true;
          return false;
        case '?':
          ++t;
          break;
        case '[':
          ++p;
          if (!match_class(p, text[t])) return false;
          ++t;
          break;
        case '\\':
          if (pattern.size() - p >= 2) ++p;
          [[fallthrough]];
        default:
          if (at(p) != text[t]) return false;
          ++t;
          break;
      }
      ++p;
      if (t == text.size()) {
        while (at(p) == '*') ++p;
        break;
      }
    }
    return p == pattern.size() && t == text.size();
  }
};

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  Matcher matcher{pattern, text};
  return matcher.match(0, 0);
}

}  // namespace sdsim::storage::pubsub
