// A Redis reply (RESP2's five types) and the two ways this layer writes it out: Redis's own
// double formatting (what ZSCORE and WITHSCORES return) and redis-cli's human format, the one
// `redis-cli --no-raw` prints (cliFormatReplyTTY in redis-cli.c): `(integer) 3`, `(nil)`,
// quoted bulk strings with C escapes, `(error) ...`, `(empty array)`, and arrays numbered
// `1) ` with the index right-aligned to the widest index and nested arrays indented by it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sdsim::storage::redis {

struct Reply {
  enum class Kind { status, error, integer, bulk, nil, array };

  Kind kind = Kind::nil;
  std::string text;  // status, error (without the leading '-') or bulk bytes
  std::int64_t integer = 0;
  std::vector<Reply> elements;

  static Reply status(std::string text) { return {Kind::status, std::move(text), 0, {}}; }
  static Reply ok() { return status("OK"); }
  // Redis maps CR and LF inside error texts to spaces (they would break the protocol).
  static Reply error(std::string text);
  static Reply number(std::int64_t value) { return {Kind::integer, {}, value, {}}; }
  static Reply bulk(std::string bytes) { return {Kind::bulk, std::move(bytes), 0, {}}; }
  static Reply bulk_double(double value);
  static Reply nil() { return {}; }
  static Reply array(std::vector<Reply> elements) {
    return {Kind::array, {}, 0, std::move(elements)};
  }

  bool is_error() const { return kind == Kind::error; }
  bool operator==(const Reply&) const = default;
};

// Redis 7.0's addReplyDouble: "inf" / "-inf", otherwise printf's %.17g (so 1.1 is
// "1.1000000000000001" and 1e20 is "1e+20"; Redis 7.2 switched to shortest round-trip).
std::string format_double(double value);

// The reply as `redis-cli --no-raw` prints it, newline included.
std::string format_for_cli(const Reply& reply);

// redis-cli's quoting of a bulk string (sdscatrepr): "..." with \\ \" \n \r \t \a \b escaped
// and every other non-printable byte as \xhh.
std::string quote_bytes(std::string_view bytes);

}  // namespace sdsim::storage::redis
