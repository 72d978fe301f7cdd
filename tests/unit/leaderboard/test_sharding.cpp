// The leaderboard's arithmetic: month keys, the shard of a player, the scatter-gather merge
// and the rank of score-range shards, each against a reference worked out independently.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "models/leaderboard/sharding.hpp"
#include "sim/core/random.hpp"
#include "sim/storage/redis/key_slot.hpp"
#include "sim/storage/redis/replay.hpp"
#include "sim/storage/sorted_set/sorted_set.hpp"

using namespace sdsim;
using namespace sdsim::leaderboard;
using storage::sorted_set::Order;
using storage::sorted_set::SortedSet;

TEST_CASE("leaderboard: month key naming") {
  CHECK(month_name("2026-01", 0) == "2026-01");
  CHECK(month_name("2026-01", 13) == "2027-02");
  CHECK(month_name("2026-12", 1) == "2027-01");                // the year rolls over
  CHECK(board_key("2026-03", 0, 1) == "leaderboard_2026-03");  // the book's key
  CHECK(board_key("2026-03", 2, 4) == "leaderboard_2026-03:2");
  CHECK_THROWS_AS(month_name("2026-13", 0), std::invalid_argument);
  CHECK_THROWS_AS(month_name("26-01", 0), std::invalid_argument);
  CHECK_THROWS_AS(month_name("2026/01", 0), std::invalid_argument);
}

// https://redis.io/docs/reference/cluster-spec/#key-distribution-model: CRC16 (XMODEM) of
// "123456789" is 0x31C3; HASH_SLOT = CRC16 mod 16384, of the part in {} when there is one.
TEST_CASE("leaderboard: slots and hash shards by CRC16, with hash tags") {
  CHECK(storage::redis::crc16_xmodem("123456789") == 0x31C3);
  CHECK(hash_shard("123456789", 4) == 0x31C3 % 4);
  CHECK(storage::redis::key_slot("123456789") == 0x31C3 % 16384);
  // The spec's examples: both keys hash "user1000"; "{}" or an empty tag hashes the whole key.
  CHECK(storage::redis::key_slot("{user1000}.following") ==
        storage::redis::key_slot("{user1000}.followers"));
  CHECK(storage::redis::key_slot("{user1000}.following") == storage::redis::key_slot("user1000"));
  CHECK(storage::redis::key_slot("foo{}{bar}") ==
        storage::redis::crc16_xmodem("foo{}{bar}") % 16384);
  CHECK(storage::redis::key_slot("foo{{bar}}zap") == storage::redis::crc16_xmodem("{bar") % 16384);
}

TEST_CASE("leaderboard: fixed score ranges and the rank across them") {
  CHECK(fixed_shard(0, 10, 4) == 0);
  CHECK(fixed_shard(9, 10, 4) == 0);
  CHECK(fixed_shard(10, 10, 4) == 1);
  CHECK(fixed_shard(35, 10, 4) == 3);
  CHECK(fixed_shard(1e6, 10, 4) == 3);  // the last range is open
  // Shards 0..3 holding 50, 30, 20, 5 players (shard 3 the highest scores): local rank 7 in
  // shard 1 is 5 + 20 + 7 = 32 overall; in the top shard the local rank is the global one.
  const std::vector<std::int64_t> sizes{50, 30, 20, 5};
  CHECK(fixed_global_rank(7, 1, sizes) == 32);
  CHECK(fixed_global_rank(3, 3, sizes) == 3);
  CHECK(fixed_global_rank(0, 0, sizes) == 55);
}

// The reference is the sorted-set block itself (Redis's ZREVRANGE, tie order included) on
// the union of the shards; the merge must give exactly its first k.
TEST_CASE("leaderboard: scatter-gather top k equals the global top k on random data") {
  RandomStream rng(7, "merge");
  for (int round = 0; round < 50; ++round) {
    const int shards = 1 + static_cast<int>(rng.below(8));
    std::vector<SortedSet> parts;
    for (int k = 0; k < shards; ++k)
      parts.emplace_back(RandomStream(round, "part" + std::to_string(k)));
    SortedSet global(RandomStream(round, "global"));
    const int players = static_cast<int>(rng.below(300));
    for (int i = 0; i < players; ++i) {
      const std::string m = member_name(static_cast<std::uint64_t>(i));
      const double score = static_cast<double>(rng.below(20));  // many ties
      parts[hash_shard(m, shards)].add(m, score);
      global.add(m, score);
    }
    const std::size_t k = 1 + rng.below(15);
    std::vector<std::vector<ScoredMember>> lists;
    for (auto& p : parts)
      lists.push_back(p.range_by_rank(0, static_cast<std::int64_t>(k) - 1, Order::descending));
    CHECK(merge_top_k(lists, k) ==
          global.range_by_rank(0, static_cast<std::int64_t>(k) - 1, Order::descending));
  }
}

TEST_CASE("leaderboard: the neighbour window is ZREVRANGE max(0, r-4) r+4") {
  RandomStream rng(3, "window");
  for (int round = 0; round < 50; ++round) {
    SortedSet set(RandomStream(round, "set"));
    std::vector<ScoredMember> all;
    const int players = 1 + static_cast<int>(rng.below(40));
    for (int i = 0; i < players; ++i) {
      const ScoredMember e{member_name(static_cast<std::uint64_t>(i)),
                           static_cast<double>(rng.below(5))};
      set.add(e.member, e.score);
      all.push_back(e);
    }
    const ScoredMember& pivot = all[rng.below(all.size())];
    const auto r = static_cast<std::int64_t>(*set.rank(pivot.member, Order::descending));
    CHECK(neighbour_window(all, pivot) ==
          set.range_by_rank(r < 4 ? 0 : r - 4, r + 4, Order::descending));
  }
}

// ties: first. The book (ch. 10, "how to break ties"): the player who reached the score first
// ranks higher. The encoded score, replayed through the Redis command layer as redis-cli prints
// it (ZADD stores a double exactly: https://redis.io/commands/zadd/ "Redis sorted sets use a
// double 64-bit floating point number to represent the score ... able to represent precisely
// integer numbers between -(2^53) and +(2^53)"). Without the encoding the three players with 1
// win come back in descending member order (carol, bob, alice); with it bob (2 s) ranks above
// alice (5 s) and carol (9 s). The scores are worked out by hand: 1 x 2^33 + 2^33 - 1 - t_us.
TEST_CASE("leaderboard: ties first orders equal wins by who reached them first") {
  CHECK(encode_first(1, 2.0) == 17177869183.0);
  CHECK(encode_first(1, 5.0) == 17174869183.0);
  CHECK(encode_first(2, 10.0) == 25759803775.0);
  CHECK(decode_wins(25759803775.0, true) == 2);
  CHECK(decode_reached(25759803775.0) == 10.0);
  CHECK(decode_wins(7, false) == 7);
  CHECK(encode_first(kMaxTieWins - 1, 0) < 9007199254740992.0);  // 2^53: still exact
  CHECK_THROWS_AS(encode_first(kMaxTieWins, 0), std::out_of_range);
  CHECK_THROWS_AS(encode_first(1, kTieSlots / 1e6), std::out_of_range);
  std::istringstream in(
      "ZADD plain 1 alice 1 bob 1 carol\n"
      "ZREVRANGE plain 0 -1\n"
      "ZADD first 17174869183 alice 17177869183 bob 17170869183 carol\n"
      "ZREVRANGE first 0 -1 WITHSCORES\n"
      "ZREVRANK first alice\n"
      "ZADD first 25759803775 carol\n"
      "ZREVRANK first carol\n"
      "ZREVRANK first bob\n");
  std::ostringstream out;
  storage::redis::replay(in, out, 1);
  CHECK(out.str() ==
        "(integer) 3\n"
        "1) \"carol\"\n2) \"bob\"\n3) \"alice\"\n"
        "(integer) 3\n"
        "1) \"bob\"\n2) \"17177869183\"\n3) \"alice\"\n4) \"17174869183\"\n"
        "5) \"carol\"\n6) \"17170869183\"\n"
        "(integer) 1\n"
        "(integer) 0\n"
        "(integer) 0\n"
        "(integer) 1\n");
  // On random wins and times, ZREVRANGE of the encoded scores is (wins descending, time
  // ascending), member bytes only for the same microsecond.
  RandomStream rng(3, "ties");
  SortedSet set(RandomStream(3, "set"));
  struct Entry {
    std::string member;
    double wins, t;
  };
  std::vector<Entry> want;
  for (int i = 0; i < 500; ++i) {
    const Entry e{member_name(static_cast<std::uint64_t>(i)), double(rng.below(5)),
                  double(rng.below(2000)) * 1e-3};
    set.add(e.member, encode_first(e.wins, e.t));
    want.push_back(e);
  }
  std::sort(want.begin(), want.end(), [](const Entry& a, const Entry& b) {
    if (a.wins != b.wins) return a.wins > b.wins;
    if (a.t != b.t) return a.t < b.t;
    return a.member > b.member;
  });
  const auto got = set.range_by_rank(0, -1, Order::descending);
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    CHECK(got[i].member == want[i].member);
    CHECK(decode_wins(got[i].score, true) == want[i].wins);
  }
}
