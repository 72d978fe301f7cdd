#include "models/leaderboard/params.hpp"

namespace sdsim::leaderboard {

const ParamTable<Config>& params() {
  static const ParamTable<Config> t = [] {
    ParamTable<MixConfig> mix;
    mix.real("win", &MixConfig::win, "0.8", "fraction of requests that are a won game (ZINCRBY +1)",
             0, 1)
        .real("top10", &MixConfig::top10, "0.1",
              "fraction asking for the top 10; the rest (1 - win - top10) ask for a player's rank "
              "and neighbours",
              0, 1);
    ParamTable<ScaleConfig> scale;
    scale
        .real("daily_active_users", &ScaleConfig::daily_active_users, "5000000", "the book's DAU",
              1, 1e12)
        .real("monthly_active_users", &ScaleConfig::monthly_active_users, "25000000",
              "the book's MAU", 1, 1e12)
        .real("games_per_user_per_day", &ScaleConfig::games_per_user_per_day, "10",
              "games a user plays a day", 0, 1e6)
        .real("peak_factor", &ScaleConfig::peak_factor, "5", "peak QPS over the average", 1, 1000)
        .size("bytes_per_entry", &ScaleConfig::bytes_per_entry, "26B",
              "the book's bytes per board entry (24 B user id + 2 B score)", 1, 1e9);
    ParamTable<RebuildConfig> rebuild;
    rebuild
        .duration("check_period", &RebuildConfig::check_period, "100ms",
                  "durable: how often the service checks (EXISTS leaderboard:built) that Redis "
                  "still holds the board",
                  1e-6, 1e6)
        .integer("batch", &RebuildConfig::batch, "1000",
                 "durable: members per ZADD when the board is rebuilt from the SQL table", 1,
                 1000000);
    ParamTable<Config> c;
    c.choice("store", &Config::store, "redis", "where the board lives",
             {{"redis", std::string("redis")}, {"sql", std::string("sql")}})
        .choice("sharding", &Config::sharding, "none",
                "redis: one sorted set, score-range shards, or hash shards",
                {{"none", std::string("none")},
                 {"fixed", std::string("fixed")},
                 {"hash", std::string("hash")}})
        .integer("shards", &Config::shards, "4",
                 "shards (fixed, hash): sorted-set keys per month and Redis nodes", 1, 64)
        .integer("fixed_range", &Config::fixed_range, "10",
                 "fixed: wins per score-range shard; shard k holds [k*range, (k+1)*range), the "
                 "last is open",
                 1, 1000000)
        .flag("replica", &Config::replica, "false",
              "redis, sharding none: an asynchronous replica (role redis_replica) that takes over "
              "after a crash")
        .choice("ties", &Config::ties, "redis",
                "equal wins: redis = Redis's order (member bytes, descending in ZREVRANGE); "
                "first = who reached the score first ranks higher (score = wins x 2^33 + 2^33 "
                "- 1 - microseconds; a win is ZSCORE + ZADD); store redis, sharding none or hash",
                {{"redis", std::string("redis")}, {"first", std::string("first")}})
        .flag("durable", &Config::durable, "false",
              "redis, sharding none, no replica: every win is first written to the SQL score "
              "table (role sql, the source of truth); a board Redis lost is rebuilt from it")
        .group("rebuild", "durable: the rebuild of a lost board", &Config::rebuild, rebuild)
        .count("players", &Config::players, "10000", "players on the board when the run starts", 0,
               100000000)
        .integer("initial_max_score", &Config::initial_max_score, "30",
                 "their wins so far, uniform in [0, initial_max_score]", 0, 1000000)
        .integer("workers", &Config::workers, "16",
                 "requests the leaderboard service handles at once", 1, 10000)
        .duration("store_timeout", &Config::store_timeout, "1s", "time-out of one store call", 1e-6,
                  1e6)
        .duration("month_length", &Config::month_length, "0s",
                  "simulated length of a month (a new board key at each multiple); 0 = one month",
                  0, 1e12)
        .text("first_month", &Config::first_month, "2026-01", "the month at time 0 (YYYY-MM)")
        .group("mix", "what the players ask", &Config::mix, mix)
        .group("scale", "the book's inputs for the estimate.* metrics", &Config::scale, scale)
        .group("redis", "the Redis servers (sim/services/redis)", &Config::redis,
               redis_service::redis_params())
        .group("sql", "the SQL server (store sql; sim/services/sql)", &Config::sql,
               sql_service::sql_params());
    return c;
  }();
  return t;
}

}  // namespace sdsim::leaderboard
