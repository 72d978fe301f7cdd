// The oracle: standings recounted by brute force, held against the sorted-set block (whose
// order is Redis's: https://redis.io/commands/zrevrange/ "Descending lexicographical order is
// used for elements with equal score"), and its window check, which must reject wrong answers.
#include <doctest/doctest.h>

#include <sstream>

#include "models/leaderboard/checker.hpp"
#include "models/leaderboard/sharding.hpp"
#include "sim/core/random.hpp"
#include "sim/storage/redis/replay.hpp"
#include "sim/storage/sorted_set/sorted_set.hpp"

using namespace sdsim;
using namespace sdsim::leaderboard;
using storage::sorted_set::Order;
using storage::sorted_set::SortedSet;

TEST_CASE("leaderboard: the recount agrees with the sorted set under random updates") {
  RandomStream rng(11, "standings");
  SortedSet set(RandomStream(11, "set"));
  Standings s;
  for (int i = 0; i < 3000; ++i) {
    const std::string m = member_name(rng.below(200));
    if (rng.bernoulli(0.1)) {
      set.remove(m);
      s.set(m, std::nullopt);
    } else {
      const double score = set.add(m, 1.0, {.incr = true}).score;
      s.set(m, score);
    }
    if (i % 100 != 99) continue;
    CHECK(s.size() == set.size());
    CHECK(s.all() == set.range_by_rank(0, -1, Order::descending));
    for (int probe = 0; probe < 20; ++probe) {
      const std::string p = member_name(rng.below(220));
      const auto want = set.rank(p, Order::descending);
      CHECK(s.rank(p) ==
            (want ? std::optional<std::int64_t>(static_cast<std::int64_t>(*want)) : std::nullopt));
    }
  }
}

TEST_CASE("leaderboard: an answer holds if it equals the standings at an instant of its window") {
  Oracle o;
  const BoardId b{"2026-01", 0};
  o.apply(1.0, b, "alice", 1);
  o.apply(2.0, b, "bob", 1);
  o.apply(3.0, b, "alice", 2);
  const std::vector<ScoredMember> before_alice{{"bob", 1}, {"alice", 1}};
  const std::vector<ScoredMember> now{{"alice", 2}, {"bob", 1}};
  auto top = [](const std::vector<ScoredMember>& want) {
    return [want](const Standings& s) { return s.range(0, 9) == want; };
  };
  CHECK(o.holds(b, 2.5, top(now)));
  CHECK(o.holds(b, 2.5, top(before_alice)));  // read before alice's second win was acknowledged
  CHECK_FALSE(o.holds(b, 3.0, top(before_alice)));  // sent after it: stale
  CHECK_FALSE(o.holds(b, 0.0, top({{"bob", 2}})));  // never the standings
  CHECK(o.board(b).range(0, 9) == now);             // the check leaves the standings as they were
  // A failover lost the last write: the oracle forgets it, and alice is back at 1.
  CHECK(o.forget_last(1) == std::vector<std::string>{"alice"});
  CHECK(o.board(b).range(0, 9) == before_alice);
}

// A leaderboard session through the Redis command layer, with the replies redis-cli prints
// (ZINCRBY's bulk score, ZREVRANGE WITHSCORES with ties in descending member order, ZREVRANK's
// integer or nil, an empty array for next month's board; https://redis.io/commands/).
TEST_CASE("leaderboard: the commands of the board, replayed as redis-cli prints them") {
  std::istringstream in(
      "ZINCRBY leaderboard_2026-01 1 alice\n"
      "ZINCRBY leaderboard_2026-01 1 bob\n"
      "ZINCRBY leaderboard_2026-01 1 carol\n"
      "ZINCRBY leaderboard_2026-01 1 bob\n"
      "ZREVRANGE leaderboard_2026-01 0 9 WITHSCORES\n"
      "ZREVRANK leaderboard_2026-01 alice\n"
      "ZREVRANK leaderboard_2026-01 dave\n"
      "ZREVRANGE leaderboard_2026-01 0 1\n"
      "ZCOUNT leaderboard_2026-01 (1 +inf\n"
      "ZREVRANGE leaderboard_2026-02 0 9 WITHSCORES\n");
  std::ostringstream out;
  storage::redis::replay(in, out, 1);
  CHECK(out.str() ==
        "\"1\"\n\"1\"\n\"1\"\n\"2\"\n"
        "1) \"bob\"\n2) \"2\"\n3) \"carol\"\n4) \"1\"\n5) \"alice\"\n6) \"1\"\n"
        "(integer) 2\n"
        "(nil)\n"
        "1) \"bob\"\n2) \"carol\"\n"
        "(integer) 1\n"
        "(empty array)\n");
}
