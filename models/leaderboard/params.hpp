// The leaderboard model's parameters, each declared once in params.cpp's table.
#pragma once

#include <string>

#include "sim/core/param_table.hpp"
#include "sim/services/redis/redis_config.hpp"
#include "sim/services/sql/sql_config.hpp"

namespace sdsim::leaderboard {

struct MixConfig {
  double win{};    // fraction of requests that are a won game (ZINCRBY)
  double top10{};  // fraction that ask for the top 10 (the rest ask for a player's rank)
};

// The book's back-of-the-envelope inputs (System Design Interview vol. 2, ch. 10).
struct ScaleConfig {
  double daily_active_users{};
  double monthly_active_users{};
  double games_per_user_per_day{};
  double peak_factor{};
  double bytes_per_entry{};  // B: user id 24 B + score 2 B
};

// durable: the board rebuilt from the SQL score table after Redis lost it.
struct RebuildConfig {
  double check_period{};  // s between two checks that the board is still there
  int batch{};            // members per ZADD while rebuilding
};

struct Config {
  std::string store;     // redis | sql
  std::string sharding;  // none | fixed | hash (redis)
  int shards{};
  int fixed_range{};    // wins per score-range shard (fixed)
  bool replica{};       // redis, sharding none: an asynchronous replica that takes over
  std::string ties;     // redis | first: equal wins by member bytes, or by who reached them first
  bool durable{};       // redis: every win written to the SQL score table first
  RebuildConfig rebuild;
  long long players{};  // players on the board when the run starts
  int initial_max_score{};
  int workers{};  // concurrent requests the leaderboard service handles
  double store_timeout{};
  double month_length{};  // s; 0 = one month for the whole run
  std::string first_month;
  MixConfig mix;
  ScaleConfig scale;
  redis_service::RedisConfig redis;
  sql_service::SqlConfig sql;
};

const ParamTable<Config>& params();

}  // namespace sdsim::leaderboard
