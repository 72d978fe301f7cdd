#include <doctest/doctest.h>

#include "sim/storage/redis/key_slot.hpp"

using namespace sdsim::storage::redis;

// https://redis.io/docs/reference/cluster-spec/ (Appendix A): "the output for "123456789"
// is 31C3" for the XMODEM CRC16 the spec uses.
TEST_CASE("storage/redis: CRC16 is XMODEM, check value 0x31C3") {
  CHECK(crc16_xmodem("123456789") == 0x31C3);
  CHECK(crc16_xmodem("") == 0);
  CHECK(key_slot("123456789") == 0x31C3 % 16384);
}

// https://redis.io/docs/reference/cluster-spec/#hash-tags : the spec's own examples.
TEST_CASE("storage/redis: hash tags follow the cluster spec") {
  CHECK(hashed_part("{user1000}.following") == "user1000");
  CHECK(key_slot("{user1000}.following") == key_slot("{user1000}.followers"));
  CHECK(hashed_part("foo{}{bar}") == "foo{}{bar}");  // empty first tag: whole key
  CHECK(hashed_part("foo{{bar}}zap") == "{bar");     // first '{', first '}' after it
  CHECK(hashed_part("foo{bar}{zap}") == "bar");      // only the first tag counts
  CHECK(hashed_part("{}") == "{}");
  CHECK(hashed_part("{{a}}") == "{a");
  CHECK(hashed_part("}{a}") == "a");
  CHECK(hashed_part("{a") == "{a");  // no closing brace
  CHECK(hashed_part("nobraces") == "nobraces");
}

// https://redis.io/commands/cluster-keyslot/ examples, and values a 7.0 cluster node gave.
TEST_CASE("storage/redis: key slots match CLUSTER KEYSLOT") {
  CHECK(key_slot("somekey") == 11058);
  CHECK(key_slot("foo{hash_tag}") == 2515);
  CHECK(key_slot("foo") == 12182);
  CHECK(key_slot("{}") == 15257);
  CHECK(key_slot("{{a}}") == 10276);
  CHECK(key_slot("foo{}{bar}") == 8363);
  CHECK(key_slot("foo{{bar}}zap") == 4015);
  CHECK(key_slot("user1000") == 3443);
}
