// The leaderboard's pure arithmetic (no SimGrid): month key names, which shard a player
// lives on under each strategy, the scatter-gather merge of per-shard top-k lists, and the
// rank arithmetic of score-range shards. Unit-tested in tests/unit/leaderboard.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/storage/sorted_set/sorted_set.hpp"

namespace sdsim::leaderboard {

using storage::sorted_set::ScoredMember;

// "YYYY-MM" of month `index` after `first` ("2026-01" + 13 = "2027-02"); throws
// std::invalid_argument on a malformed `first`.
std::string month_name(const std::string& first, std::int64_t index);
// The board of a month: leaderboard_<YYYY-MM>, and its shard k: leaderboard_<YYYY-MM>:<k>.
std::string board_key(const std::string& month, int shard, int shards);
// The player's member name in the sorted sets.
std::string member_name(std::uint64_t user);

// hash: the shard of a member, CRC16 (Redis's key hash) of the member name mod shards.
int hash_shard(const std::string& member, int shards);
// fixed: the shard holding a score; shard k holds [k*range, (k+1)*range), the last is open.
int fixed_shard(double score, int range, int shards);

// ties: first: a score that orders equal wins by who reached them first, in one double that
// ZADD stores exactly: wins x 2^33 + (2^33 - 1 - t), t the time the score was reached in
// whole microseconds (< 2^33 us, 2.4 hours). An earlier t gives a higher score, so
// ZREVRANGE and ZREVRANK put the earlier player first; Redis's member-bytes order only
// remains for equal wins reached in the same microsecond. Exact while wins < 2^20
// (2^53 / 2^33); encode_first throws std::out_of_range beyond either bound.
inline constexpr double kTieSlots = 8589934592.0;  // 2^33
inline constexpr double kMaxTieWins = 1048576.0;    // 2^20
double encode_first(double wins, double reached_s);
double decode_wins(double score, bool first);  // the wins in a board score
double decode_reached(double score);           // s, the time an encoded score was reached

// Redis's ZREVRANGE order: score descending, then member bytes descending.
bool revrange_before(const ScoredMember& a, const ScoredMember& b);
// Scatter-gather: the first k of the merge of per-shard lists (each in ZREVRANGE order).
std::vector<ScoredMember> merge_top_k(const std::vector<std::vector<ScoredMember>>& lists,
                                      std::size_t k);
// fixed: a player's global rank from its rank in its shard and the sizes of the shards
// above it (shards are ordered by score, shard shards-1 highest).
std::int64_t fixed_global_rank(std::int64_t local_rank, int shard,
                               const std::vector<std::int64_t>& sizes);

}  // namespace sdsim::leaderboard

namespace sdsim::leaderboard {
// The ZREVRANGE window around `pivot` (which need not be in `candidates`): up to 4 members
// ranking just above it, the pivot, up to 4 just below (candidates may hold the pivot and
// duplicates; each counted once).
std::vector<ScoredMember> neighbour_window(std::vector<ScoredMember> candidates,
                                           const ScoredMember& pivot);
}  // namespace sdsim::leaderboard
