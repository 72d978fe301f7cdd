// The leaderboard's oracle: standings recounted by brute force (players bucketed by score,
// each bucket's members in byte order), never by a skip list, so a board answer is held
// against an independent count.
//
// What a store answers is checked against the standings it was told: every write the store
// acknowledged is applied here when its acknowledgement arrives, per board (month, shard),
// with a history. A read sent at `since` and answered now is correct when it equals the
// standings at some instant between (the writes acknowledged in that window are undone one
// by one, newest first). A scatter-gather answer is correct when each shard's part holds in
// its own window and the merge is exact (not a global snapshot: the parts are read at
// different instants).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/storage/sorted_set/sorted_set.hpp"

namespace sdsim::leaderboard {

using storage::sorted_set::ScoredMember;

class Standings {
 public:
  void set(const std::string& member, std::optional<double> score);  // nullopt: removed
  std::optional<double> score(const std::string& member) const;
  std::size_t size() const { return scores_.size(); }
  // ZREVRANK: members ranking above (higher score, or equal score and greater bytes).
  std::optional<std::int64_t> rank(const std::string& member) const;
  // Members ranking above a score and member that need not be on the board.
  std::int64_t above(double score, const std::string& member) const;
  // ZCOUNT key (score +inf (inclusive: [score +inf).
  std::int64_t count_from(double score, bool inclusive) const;
  // ZREVRANGE start stop WITHSCORES (non-negative indices, stop inclusive).
  std::vector<ScoredMember> range(std::int64_t start, std::int64_t stop) const;
  std::vector<ScoredMember> all() const { return range(0, static_cast<std::int64_t>(size()) - 1); }

 private:
  std::unordered_map<std::string, double> scores_;
  std::map<double, std::set<std::string>, std::greater<>> buckets_;
};

struct BoardId {
  std::string month;
  int shard = 0;
  auto operator<=>(const BoardId&) const = default;
};

class Oracle {
 public:
  // A write the store acknowledged at `time` (s).
  void apply(double time, const BoardId& board, const std::string& member,
             std::optional<double> score);
  // The standings of `board` now; with `since`, also every earlier state back to `since`:
  // true when `matches` holds for one of them.
  bool holds(const BoardId& board, double since,
             const std::function<bool(const Standings&)>& matches);
  const Standings& board(const BoardId& b) { return boards_[b]; }
  const std::map<BoardId, Standings>& boards() const { return boards_; }
  // Undoes the last `count` acknowledged writes (a failover lost them: the replica had
  // received every earlier one, in order); returns the players they touched.
  std::vector<std::string> forget_last(std::uint64_t count);
  void trim(double before);  // history older than `before` (s) is no longer needed

 private:
  struct Change {
    double time;
    BoardId board;
    std::string member;
    std::optional<double> before, after;
  };
  std::map<BoardId, Standings> boards_;
  std::deque<Change> history_;
};

}  // namespace sdsim::leaderboard
