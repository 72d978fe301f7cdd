// How redis-cli splits lines and prints replies (redis-cli.c, sds.c), and Redis 7.0's double
// formatting. The differential test holds all of this against the real programs too.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "sim/storage/redis/command_line.hpp"
#include "sim/storage/redis/numbers.hpp"
#include "sim/storage/redis/reply.hpp"

using namespace sdsim::storage::redis;
using Args = std::vector<std::string>;

TEST_CASE("storage/redis: command lines split like redis-cli (sdssplitargs)") {
  CHECK(split_command_line("ZADD  k 1 m") == Args{"ZADD", "k", "1", "m"});
  CHECK(split_command_line("  \t ") == Args{});
  CHECK(split_command_line("SET k \"a b\\n\\x41\\\"\"") == Args{"SET", "k", "a b\nA\""});
  CHECK(split_command_line("SET k 'it\\'s \\n'") == Args{"SET", "k", "it's \\n"});
  CHECK(split_command_line("GET ab\"c d\"") == Args{"GET", "abc d"});  // quote mid-argument
  CHECK(split_command_line("GET \"\"") == Args{"GET", ""});
  CHECK(split_command_line("GET \"\\xzz\"") == Args{"GET", "xzz"});  // not hex: \x is x
  CHECK(split_command_line("GET k\r") == Args{"GET", "k"});
  CHECK(!split_command_line("GET \"unterminated").has_value());
  CHECK(!split_command_line("GET 'unterminated").has_value());
  CHECK(!split_command_line("GET \"a\"b").has_value());  // closing quote then a non-blank
}

TEST_CASE("storage/redis: replies print like redis-cli --no-raw") {
  CHECK(format_for_cli(Reply::number(3)) == "(integer) 3\n");
  CHECK(format_for_cli(Reply::nil()) == "(nil)\n");
  CHECK(format_for_cli(Reply::ok()) == "OK\n");
  CHECK(format_for_cli(Reply::bulk("m\n\"\xff")) == "\"m\\n\\\"\\xff\"\n");
  CHECK(format_for_cli(Reply::error("ERR syntax error")) == "(error) ERR syntax error\n");
  // redis-cli 7.0 prints "(empty array)" (6.0 and earlier: "(empty list or set)").
  CHECK(format_for_cli(Reply::array({})) == "(empty array)\n");
  CHECK(format_for_cli(Reply::array({Reply::bulk("a"), Reply::number(1)})) ==
        "1) \"a\"\n2) (integer) 1\n");
  // Ten elements: indices right-aligned to two digits.
  std::vector<Reply> ten(10, Reply::bulk("x"));
  const std::string printed = format_for_cli(Reply::array(ten));
  CHECK(printed.substr(0, 8) == " 1) \"x\"\n");
  CHECK(printed.substr(printed.size() - 8) == "10) \"x\"\n");
  // Nested arrays indent by the parent's index width plus two.
  const Reply nested =
      Reply::array({Reply::array({Reply::bulk("a"), Reply::bulk("b")}), Reply::array({})});
  CHECK(format_for_cli(nested) == "1) 1) \"a\"\n   2) \"b\"\n2) (empty array)\n");
}

// Values a Redis 7.0.15 server returned for ZSCORE after ZADD of these scores.
TEST_CASE("storage/redis: doubles formatted as Redis 7.0 replies them") {
  CHECK(format_double(1.1) == "1.1000000000000001");
  CHECK(format_double(1e20) == "1e+20");
  CHECK(format_double(0.1 + 0.2) == "0.30000000000000004");
  CHECK(format_double(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(format_double(-std::numeric_limits<double>::infinity()) == "-inf");
  CHECK(format_double(3) == "3");
  CHECK(format_double(-0.0) == "-0");
  CHECK(format_double(5e-324) == "4.9406564584124654e-324");
  CHECK(format_double(123456789012345678.0) == "1.2345678901234568e+17");
}

// https://redis.io/commands/zadd/ : "score values should be the string representation of a
// double precision floating point number. +inf and -inf values are valid values as well."
TEST_CASE("storage/redis: score and integer parsing follow Redis") {
  CHECK(parse_score("+inf") == std::numeric_limits<double>::infinity());
  CHECK(parse_score("-inf") == -std::numeric_limits<double>::infinity());
  CHECK(parse_score("0x10") == 16.0);  // strtod takes hex
  CHECK(!parse_score("nan"));
  CHECK(!parse_score(" 1"));
  CHECK(!parse_score("1 "));
  CHECK(!parse_score(""));
  CHECK(!parse_score("1e400"));              // overflow
  CHECK(!parse_score("1e-400"));             // underflow to zero
  CHECK(parse_score("5e-324").has_value());  // subnormal is fine
  CHECK(parse_integer("-0") == std::nullopt);
  CHECK(parse_integer("01") == std::nullopt);
  CHECK(parse_integer("+1") == std::nullopt);
  CHECK(parse_integer("-9223372036854775808") == std::numeric_limits<std::int64_t>::min());
  CHECK(parse_integer("9223372036854775808") == std::nullopt);
  const auto empty_bound = parse_bound("");  // zslParseRange's strtod accepts "" as 0
  REQUIRE(empty_bound.has_value());
  CHECK(empty_bound->value == 0.0);
  CHECK(parse_bound("(1.5")->exclusive);
  CHECK(!parse_bound("(nan"));
  CHECK(!parse_bound("1x"));
}
