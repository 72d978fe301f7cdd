// Sorted-set commands through the Redis command layer: each command page's corner cases.
#include <doctest/doctest.h>

#include <string>

#include "sim/storage/redis/command_line.hpp"
#include "sim/storage/redis/database.hpp"

using namespace sdsim::storage::redis;

namespace {

// One command line as redis-cli would send it, the reply as redis-cli would print it.
std::string run(Database& db, const std::string& line, double now_s = 0.0) {
  return format_for_cli(db.execute(*split_command_line(line), now_s));
}

}  // namespace

// https://redis.io/commands/zadd/
TEST_CASE("storage/redis: ZADD flags") {
  Database db;
  CHECK(run(db, "ZADD z 1 a 2 b") == "(integer) 2\n");
  CHECK(run(db, "ZADD z 5 a") == "(integer) 0\n");         // an update is not counted...
  CHECK(run(db, "ZADD z CH 6 a 3 c") == "(integer) 2\n");  // ...unless CH
  CHECK(run(db, "ZADD z NX 9 a 4 d") == "(integer) 1\n");  // NX: only d is added
  CHECK(run(db, "ZSCORE z a") == "\"6\"\n");
  CHECK(run(db, "ZADD z XX 7 a 8 e") == "(integer) 0\n");  // XX: e is not added
  CHECK(run(db, "ZSCORE z e") == "(nil)\n");
  CHECK(run(db, "ZADD z XX CH GT 1 a") == "(integer) 0\n");  // GT: 1 < 7, no change
  CHECK(run(db, "ZADD z GT CH 10 a") == "(integer) 1\n");
  CHECK(run(db, "ZADD z LT CH 10 a") == "(integer) 0\n");
  CHECK(run(db, "ZADD z GT 1 new") == "(integer) 1\n");  // GT/LT never stop new members
  // "The GT, LT and NX options are mutually exclusive."
  CHECK(run(db, "ZADD z GT NX 1 a") ==
        "(error) ERR GT, LT, and/or NX options at the same time are not compatible\n");
  CHECK(run(db, "ZADD z GT LT 1 a") ==
        "(error) ERR GT, LT, and/or NX options at the same time are not compatible\n");
  CHECK(run(db, "ZADD z NX XX 1 a") ==
        "(error) ERR XX and NX options at the same time are not compatible\n");
  CHECK(run(db, "ZADD z 1 a 2") == "(error) ERR syntax error\n");
  CHECK(run(db, "ZADD z 1") == "(error) ERR wrong number of arguments for 'zadd' command\n");
  CHECK(run(db, "ZADD z nan a") == "(error) ERR value is not a valid float\n");
  // All scores are checked before anything changes.
  CHECK(run(db, "ZADD z 1 fresh x other") == "(error) ERR value is not a valid float\n");
  CHECK(run(db, "ZSCORE z fresh") == "(nil)\n");
}

// https://redis.io/commands/zadd/ : INCR "acts like ZINCRBY"; with a condition that blocks
// the change the reply is nil.
TEST_CASE("storage/redis: ZADD INCR and ZINCRBY") {
  Database db;
  CHECK(run(db, "ZINCRBY z 1.5 a") == "\"1.5\"\n");
  CHECK(run(db, "ZADD z INCR 0.1 a") == "\"1.6000000000000001\"\n");
  CHECK(run(db, "ZADD z INCR NX 1 a") == "(nil)\n");
  CHECK(run(db, "ZADD z INCR 1 a 2 b") ==
        "(error) ERR INCR option supports a single increment-element pair\n");
  CHECK(run(db, "ZADD missing XX INCR 1 a") == "(nil)\n");
  CHECK(run(db, "ZINCRBY z +inf a") == "\"inf\"\n");
  CHECK(run(db, "ZINCRBY z -inf a") == "(error) ERR resulting score is not a number (NaN)\n");
  CHECK(run(db, "ZSCORE z a") == "\"inf\"\n");  // unchanged by the failed increment
  // ZINCRBY runs ZADD's parser, options included.
  CHECK(run(db, "ZINCRBY z nx a") == "(error) ERR syntax error\n");
}

// https://redis.io/docs/data-types/sorted-sets/ : equal scores order by member bytes.
TEST_CASE("storage/redis: ties order by member bytes, reverse commands reverse both") {
  Database db;
  run(db, "ZADD z 1 b 1 a 1 B 0 z 2 A 1 \"\\xff\" 1 aa");
  CHECK(run(db, "ZRANGE z 0 -1") ==
        "1) \"z\"\n2) \"B\"\n3) \"a\"\n4) \"aa\"\n5) \"b\"\n6) \"\\xff\"\n7) \"A\"\n");
  CHECK(run(db, "ZREVRANGE z 0 2") == "1) \"A\"\n2) \"\\xff\"\n3) \"b\"\n");
  CHECK(run(db, "ZRANK z aa") == "(integer) 3\n");
  CHECK(run(db, "ZREVRANK z aa") == "(integer) 3\n");
  CHECK(run(db, "ZREVRANK z z") == "(integer) 6\n");
}

// https://redis.io/commands/zrank/ : nil for a missing member or key.
TEST_CASE("storage/redis: ZRANK and ZREVRANK of what is not there") {
  Database db;
  run(db, "ZADD z 1 a");
  CHECK(run(db, "ZRANK z nope") == "(nil)\n");
  CHECK(run(db, "ZREVRANK nokey a") == "(nil)\n");
  CHECK(run(db, "ZRANK z") == "(error) ERR wrong number of arguments for 'zrank' command\n");
}

// https://redis.io/commands/zrange/ : "-1 is the last element"; "If start is larger than the
// end index of the sorted set, or start > stop, an empty list is returned. If stop is larger
// than the end index ... Redis will use the last element".
TEST_CASE("storage/redis: ZRANGE by index") {
  Database db;
  run(db, "ZADD z 1 a 2 b 3 c");
  CHECK(run(db, "ZRANGE z -2 -1 WITHSCORES") == "1) \"b\"\n2) \"2\"\n3) \"c\"\n4) \"3\"\n");
  CHECK(run(db, "ZRANGE z 1 100") == "1) \"b\"\n2) \"c\"\n");
  CHECK(run(db, "ZRANGE z -100 0") == "1) \"a\"\n");
  CHECK(run(db, "ZRANGE z 5 10") == "(empty array)\n");
  CHECK(run(db, "ZRANGE z 2 1") == "(empty array)\n");
  CHECK(run(db, "ZRANGE z 0 -1 REV") == "1) \"c\"\n2) \"b\"\n3) \"a\"\n");
  CHECK(run(db, "ZRANGE missing 0 -1") == "(empty array)\n");
  CHECK(run(db, "ZRANGE z a 1") == "(error) ERR value is not an integer or out of range\n");
  CHECK(run(db, "ZRANGE z 0 1 LIMIT 0 1") ==
        "(error) ERR syntax error, LIMIT is only supported in combination with either BYSCORE "
        "or BYLEX\n");
  CHECK(run(db, "ZREVRANGE z 0 1 BYSCORE") == "(error) ERR syntax error\n");
}

// https://redis.io/commands/zrangebyscore/ : "(" excludes a bound, -inf/+inf, LIMIT offset
// count ("A negative count returns all elements from the offset").
TEST_CASE("storage/redis: ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZCOUNT") {
  Database db;
  run(db, "ZADD z 1 a 2 b 2 c 3 d -inf lo +inf hi");
  CHECK(run(db, "ZRANGEBYSCORE z (1 (3") == "1) \"b\"\n2) \"c\"\n");
  CHECK(run(db, "ZRANGEBYSCORE z -inf +inf LIMIT 1 2") == "1) \"a\"\n2) \"b\"\n");
  CHECK(run(db, "ZRANGEBYSCORE z 2 +inf LIMIT 1 -1") == "1) \"c\"\n2) \"d\"\n3) \"hi\"\n");
  CHECK(run(db, "ZRANGEBYSCORE z 2 +inf LIMIT -1 5") == "(empty array)\n");
  CHECK(run(db, "ZREVRANGEBYSCORE z 3 (1 WITHSCORES") ==
        "1) \"d\"\n2) \"3\"\n3) \"c\"\n4) \"2\"\n5) \"b\"\n6) \"2\"\n");
  CHECK(run(db, "ZRANGE z (1 3 BYSCORE REV") == "(empty array)\n");  // REV: max first
  CHECK(run(db, "ZRANGE z 3 (1 BYSCORE REV LIMIT 0 1") == "1) \"d\"\n");
  CHECK(run(db, "ZRANGEBYSCORE z (2 (2") == "(empty array)\n");
  CHECK(run(db, "ZCOUNT z -inf +inf") == "(integer) 6\n");
  CHECK(run(db, "ZCOUNT z (-inf (+inf") == "(integer) 4\n");
  CHECK(run(db, "ZCOUNT z 2 2") == "(integer) 2\n");
  CHECK(run(db, "ZCOUNT z x 2") == "(error) ERR min or max is not a float\n");
  CHECK(run(db, "ZRANGEBYSCORE z 1 2 LIMIT 1") == "(error) ERR syntax error\n");
}

// https://redis.io/commands/zremrangebyscore/ and /zrem/ : the key goes when the set empties.
TEST_CASE("storage/redis: ZREM and ZREMRANGEBYSCORE") {
  Database db;
  run(db, "ZADD z 1 a 2 b 3 c");
  CHECK(run(db, "ZREMRANGEBYSCORE z (1 2") == "(integer) 1\n");
  CHECK(run(db, "ZREM z a nope a") == "(integer) 1\n");
  CHECK(run(db, "ZCARD z") == "(integer) 1\n");
  CHECK(run(db, "ZREM z c") == "(integer) 1\n");
  CHECK(run(db, "EXISTS z") == "(integer) 0\n");
  CHECK(run(db, "ZCARD z") == "(integer) 0\n");
  CHECK(db.keyspace().used_bytes() == 0);
}

// https://redis.io/commands/zrangebylex/ : "-" and "+", "[" inclusive, "(" exclusive.
TEST_CASE("storage/redis: lexicographic ranges") {
  Database db;
  run(db, "ZADD z 0 a 0 b 0 c 0 d 0 e");
  CHECK(run(db, "ZRANGEBYLEX z - [c") == "1) \"a\"\n2) \"b\"\n3) \"c\"\n");
  CHECK(run(db, "ZRANGEBYLEX z (a (c") == "1) \"b\"\n");
  CHECK(run(db, "ZREVRANGEBYLEX z + [d LIMIT 0 1") == "1) \"e\"\n");
  CHECK(run(db, "ZLEXCOUNT z - +") == "(integer) 5\n");
  CHECK(run(db, "ZRANGEBYLEX z a c") == "(error) ERR min or max not valid string range item\n");
  CHECK(run(db, "ZRANGE z - + BYLEX WITHSCORES") ==
        "(error) ERR syntax error, WITHSCORES not supported in combination with BYLEX\n");
  CHECK(run(db, "ZREMRANGEBYLEX z [b (d") == "(integer) 2\n");
  CHECK(run(db, "ZRANGE z - + BYLEX") == "1) \"a\"\n2) \"d\"\n3) \"e\"\n");
}

// Redis keeps sets of <= 128 members of <= 64 bytes as a listpack, which stores -0 as 0;
// a 7.0.15 server answered "0" then, and "-0" for a set past those limits.
TEST_CASE("storage/redis: -0 as a small and as a large set store it") {
  Database db;
  CHECK(run(db, "ZADD small -0 a") == "(integer) 1\n");
  CHECK(run(db, "ZSCORE small a") == "\"0\"\n");
  CHECK(run(db, "ZINCRBY small2 -0 a") == "\"-0\"\n");  // the reply is the computed score
  CHECK(run(db, "ZSCORE small2 a") == "\"0\"\n");
  const std::string long_member(65, 'x');
  CHECK(run(db, "ZADD large -0 " + long_member) == "(integer) 1\n");
  CHECK(run(db, "ZSCORE large " + long_member) == "\"-0\"\n");
}

TEST_CASE("storage/redis: WRONGTYPE between strings and sorted sets") {
  Database db;
  run(db, "SET s v");
  run(db, "ZADD z 1 a");
  const std::string wrong =
      "(error) WRONGTYPE Operation against a key holding the wrong kind of value\n";
  CHECK(run(db, "ZADD s 1 a") == wrong);
  CHECK(run(db, "ZRANGE s 0 -1") == wrong);
  CHECK(run(db, "ZSCORE s a") == wrong);
  CHECK(run(db, "GET z") == wrong);
  // Syntax is checked before the type.
  CHECK(run(db, "ZADD s NX XX 1 a") ==
        "(error) ERR XX and NX options at the same time are not compatible\n");
  CHECK(run(db, "SET z v") == "OK\n");  // SET replaces any type
  CHECK(run(db, "TYPE z") == "string\n");
}

TEST_CASE("storage/redis: sorted-set commands report their work") {
  Database db;
  for (int i = 0; i < 200; ++i) run(db, "ZADD z " + std::to_string(i) + " m" + std::to_string(i));
  const auto before = db.work().sorted_sets;
  run(db, "ZREVRANK z m100");
  const auto after = db.work().sorted_sets;
  CHECK(after.hash_lookups > before.hash_lookups);
  CHECK(after.nodes_visited > before.nodes_visited);
  // O(log n): a rank in 200 members visits a few dozen nodes, not 100.
  CHECK(after.nodes_visited - before.nodes_visited < 60);
}
