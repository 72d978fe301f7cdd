// What the actors of one leaderboard run share: the servers, the oracle, the true wins per
// month, the fixed-range directory, the counts the metrics read, and queries.csv.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/leaderboard/checker.hpp"
#include "models/leaderboard/params.hpp"
#include "sim/output/csv.hpp"
#include "sim/services/redis/redis_server.hpp"
#include "sim/services/sql/sql_server.hpp"

namespace sdsim::leaderboard {

struct Counts {
  std::uint64_t wins_ok = 0, wins_failed = 0;
  std::uint64_t top10_checked = 0, top10_correct = 0, rank_checked = 0, rank_correct = 0;
  std::uint64_t cross_shard_moves = 0, store_commands = 0;
  std::uint64_t board_missed = 0;  // durable: credited wins whose ZINCRBY failed
  std::uint64_t rollovers = 0, history_checked = 0, history_correct = 0;
  double rollover_time_max = 0;  // s
  std::uint64_t after_takeover_checked = 0, after_takeover_correct = 0;  // reads answered after a takeover
  std::uint64_t lost_seen = 0;   // writes the replica reported lost, already undone in the oracle
};

// durable: the key whose absence tells the service that Redis lost the board (set after the
// preload and after each rebuild; a restart without persistence empties the keyspace).
inline constexpr std::string_view kBuiltMark = "leaderboard:built";

// durable: the rebuilds of a lost board from the SQL score table.
struct RebuildState {
  bool active = false;         // requests wait while the board is rebuilt
  std::uint64_t in_flight = 0; // requests being carried out (the rebuild waits for them)
  std::uint64_t count = 0, attempts = 0;
  std::uint64_t players = 0;     // members written back, last rebuild
  std::uint64_t mismatched = 0;  // rebuilt members differing from the SQL recount (all rebuilds)
  std::uint64_t unearned = 0;    // rebuilt members differing from the wins really earned
  double time_max = 0;           // s, detection to the board served again
  double detected_at = -1;       // s, first detection
  std::uint64_t after_checked = 0, after_correct = 0;  // reads answered after a rebuild
};

struct Experiment {
  Config cfg;
  Oracle oracle;
  // The wins each player really earned per month (acknowledged to the game), whatever the board
  // lost.
  std::map<std::string, std::unordered_map<std::string, double>> truth;
  // When each player reached its current wins this month (the service heard of the winning
  // game); absent: before the run. What ties: first must order equal wins by.
  std::map<std::string, std::unordered_map<std::string, double>> reached;
  std::unordered_map<std::string, int> shard_of;  // fixed: the directory of where each player is
  std::set<std::string> busy;                     // players with an update in progress
  std::vector<std::unique_ptr<redis_service::RedisServer>> redis;  // primaries (shard servers)
  std::unique_ptr<redis_service::RedisServer> replica;
  std::unique_ptr<sql_service::SqlServer> sql;
  double loaded_at = 0;  // s: the board of the previous days is in place
  Counts counts;
  RebuildState rebuild;
  std::map<std::string, std::vector<ScoredMember>> history;  // archived boards by month
  CsvWriter queries;

  int shards() const { return cfg.store == "redis" && cfg.sharding != "none" ? cfg.shards : 1; }
  std::string month_at(double t) const;
  // An answer the oracle judged: counted, and apart when a replica had taken over.
  void judged(bool correct);
  // The primary server holding a key: by key slot over the shard servers (Redis Cluster).
  redis_service::RedisServer& primary_for(const std::string& key) const;
  // The server holding a key's data now (the replica once it took over).
  redis_service::RedisServer& holder_of(const std::string& key) const;
  // The replica took over: the writes it never received are undone in the oracle.
  void sync_failover();
};

}  // namespace sdsim::leaderboard
