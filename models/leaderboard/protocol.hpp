// The leaderboard model's messages: a game client tells the leaderboard service that a
// player won a game, asks for the top 10, or asks for a player's rank with the neighbours
// around it. The reply carries the board entries (member, score) the service answered with.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/storage/sorted_set/sorted_set.hpp"

namespace sdsim::leaderboard {

using storage::sorted_set::ScoredMember;

struct BoardReply {
  static constexpr std::string_view kName = "board_reply";
  std::vector<ScoredMember> entries;  // top 10, or the neighbours with the player among them
  std::optional<std::int64_t> rank;   // 0-based from the highest score
  double wire_bytes() const { return 100.0 + 40.0 * static_cast<double>(entries.size()); }
};
struct Win {
  static constexpr std::string_view kName = "win";
  using Reply = BoardReply;
  std::uint64_t user = 0;
  double wire_bytes() const { return 100; }
};
struct TopTen {
  static constexpr std::string_view kName = "top10";
  using Reply = BoardReply;
  double wire_bytes() const { return 100; }
};
struct Rank {
  static constexpr std::string_view kName = "rank";
  using Reply = BoardReply;
  std::uint64_t user = 0;
  double wire_bytes() const { return 100; }
};
using LeaderboardProtocol = std::variant<Win, TopTen, Rank>;

}  // namespace sdsim::leaderboard
