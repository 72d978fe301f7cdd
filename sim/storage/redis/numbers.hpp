// Redis's number parsing, which decides what is "not an integer" or "not a valid float":
//   parse_integer  string2ll: optional '-', no '+', no spaces, no leading zeros ("0" alone),
//                  within 64 bits.
//   parse_score    string2d (ZADD, ZINCRBY): strtod must consume everything, no leading
//                  space, no NaN, and no overflow or underflow to zero ("1e400", "1e-400").
//   parse_bound    zslParseRange (ZRANGEBYSCORE, ZCOUNT, ...): an optional '(' for an
//                  exclusive bound, then strtod up to the end; laxer than parse_score
//                  (leading spaces and "" are accepted, "" being 0), NaN refused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sdsim::storage::redis {

std::optional<std::int64_t> parse_integer(const std::string& text);
std::optional<double> parse_score(const std::string& text);

struct ScoreBound {
  double value;
  bool exclusive;
};
std::optional<ScoreBound> parse_bound(const std::string& text);

}  // namespace sdsim::storage::redis
