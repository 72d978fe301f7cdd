// The leaderboard service's view of a store: a won game, the top 10, a player's rank with
// the 4 players above and below. One store object per service worker (it owns the worker's
// client); each answer says whether the oracle confirmed it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/leaderboard/experiment.hpp"
#include "sim/net/rpc.hpp"
#include "sim/storage/sorted_set/sorted_set.hpp"

namespace sdsim::leaderboard {

struct StoreAnswer {
  bool ok = false;       // the store answered every command
  bool correct = false;  // the oracle confirmed the answer (reads)
  bool credited = false; // win: the player's win is recorded in the source of truth
  std::vector<ScoredMember> entries;
  std::optional<std::int64_t> rank;
  double score = 0;            // win: the new score
  std::uint64_t commands = 0;  // store commands this operation needed
};

class Store {
 public:
  virtual ~Store() = default;
  // A won game the service heard of at `at` (s): the time ties: first encodes.
  virtual StoreAnswer win(const std::string& member, const std::string& month, double at) = 0;
  virtual StoreAnswer top10(const std::string& month) = 0;
  virtual StoreAnswer rank(const std::string& member, const std::string& month) = 0;
  // The whole board of a month (the archive at a rollover).
  virtual StoreAnswer archive(const std::string& month) = 0;
};

std::unique_ptr<Store> make_redis_store(Net& net, Experiment& x, const std::string& name);
std::unique_ptr<Store> make_sql_store(Net& net, Experiment& x, const std::string& name);

// Neighbours: ranks max(0, r-4) .. r+4, as ZREVRANGE takes them.
inline std::int64_t neighbours_from(std::int64_t rank) { return rank < 4 ? 0 : rank - 4; }
inline std::int64_t neighbours_to(std::int64_t rank) { return rank + 4; }

}  // namespace sdsim::leaderboard
