// The leaderboard model's registration: the Redis servers or the SQL server, the board of
// the previous days loaded into them, the leaderboard service and the game clients.
#include "models/leaderboard/model.hpp"

#include <fmt/format.h>

#include "models/leaderboard/services/leaderboard_service.hpp"
#include "models/leaderboard/sharding.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::leaderboard {

std::string LeaderboardModel::summary() const {
  return "a gaming leaderboard: Redis sorted sets (one, fixed-range or hash shards) or SQL rows, "
         "monthly boards";
}

std::string LeaderboardModel::description() const {
  return R"(Game clients (role 'game') send the leaderboard service (role 'leaderboard') a won
game (`win`: ZINCRBY leaderboard_<YYYY-MM> 1 <player>), a request for the top 10
(`top10`: ZREVRANGE 0 9 WITHSCORES) or a player's rank with the 4 players above and below
(`rank`: ZREVRANK, then ZREVRANGE max(0, r-4) r+4), in the proportions of `mix`. The board
holds `players` players at the start (wins uniform in [0, initial_max_score]).

store: redis keeps the board in sorted sets on Redis servers (role 'redis'):
  sharding none: one key per month on one server; with `replica: true` an asynchronous
    replica (role 'redis_replica') takes over after its primary crashes, and the writes it
    never received are lost (failover.lost_updates, audit.missing_wins);
  sharding fixed: `shards` keys by score range of `fixed_range` wins each; rank = local rank
    + ZCARD of every higher shard; a win that crosses a range moves the player (ZREM + ZADD:
    cross_shard_moves); the top shard serves every top 10;
  sharding hash: `shards` keys by CRC16 of the player; top 10 = each key's top 10 merged
    (scatter-gather); a rank needs ZCOUNT on every key.
  Keys are placed on the servers by Redis Cluster's key slot (CRC16 mod 16384).
store: sql keeps rows (month, member, score) in one SQL table with no index on score: the
  top 10 and a rank scan the month's rows (the cost grows with the player count).

A new board (key, or month value) starts at every multiple of month_length; the previous
month's board is archived (read whole) a grace after the boundary: rollover.time.
Every answer is checked by an oracle that recounts the standings by brute force (players
bucketed by score) from the writes the store acknowledged: correct when it equals the
standings at some instant between the request and its answer (each shard's part in its own
window for scatter-gather). At the end the boards are audited against the wins the
players really earned (audit.*). Outputs: queries.csv (one row per request the service
answered: time s, operation, user, month, latency s at the service, commands, ok,
correct 1/0 or empty for a win), standings.csv (the final board of the last month:
rank, user, score, shard) and, for redis, shards.csv (server, role, commands, peak_memory B,
keys_lost).)";
}

std::vector<RoleRequest> LeaderboardModel::roles(const ParamValues& p,
                                                 const WorkloadSpec& load) const {
  const Config c = leaderboard::params().read(p);
  std::vector<RoleRequest> r{{"game", load.clients}, {"leaderboard", 1}};
  if (c.store == "redis") r.push_back({"redis", c.sharding == "none" ? 1 : c.shards});
  if (c.store == "redis" && c.replica) r.push_back({"redis_replica", 1});
  if (c.store == "sql" || c.durable) r.push_back({"sql", 1});
  return r;
}

std::string LeaderboardModel::default_platform(const ParamValues& p,
                                               const WorkloadSpec& load) const {
  return racked_platform(roles(p, load), 1, "10us");
}

void LeaderboardModel::check(const ParamValues& p, const WorkloadSpec& load,
                             Diagnostics& diags) const {
  const Config c = leaderboard::params().read(p);
  if (c.ties == "first" && (c.store != "redis" || c.sharding == "fixed"))
    diags.error(p.where("ties"), "params.ties",
                "ties: first needs store: redis and sharding none or hash (a fixed range holds "
                "wins, not encoded scores)");
  if (c.ties == "first" && load.duration >= kTieSlots / 1e6)
    diags.error(p.where("ties"), "params.ties",
                "ties: first encodes the time in 2^33 us: the workload's duration must stay "
                "under 8589 s");
  if (c.mix.win + c.mix.top10 > 1.0)
    diags.error(p.where("mix.top10"), "params.mix.top10", "mix.win + mix.top10 cannot exceed 1");
  if (c.replica && (c.store != "redis" || c.sharding != "none"))
    diags.error(p.where("replica"), "params.replica",
                "a replica needs store: redis and sharding: none");
  if (c.durable && (c.store != "redis" || c.sharding != "none" || c.replica || c.ties != "redis"))
    diags.error(p.where("durable"), "params.durable",
                "durable needs store: redis, sharding: none, no replica and ties: redis (the "
                "rebuild refills one sorted set with the table's wins)");
  if (c.store == "sql" && c.sharding != "none")
    diags.error(p.where("sharding"), "params.sharding", "sharding applies to store: redis only");
  try {
    month_name(c.first_month, 0);
  } catch (const std::invalid_argument& e) {
    diags.error(p.where("first_month"), "params.first_month", e.what());
  }
}

void LeaderboardModel::setup(RunContext& ctx) {
  x_ = std::make_shared<Experiment>();
  Experiment& x = *x_;
  x.cfg = leaderboard::params().read(ctx.params());
  warmup_ = ctx.workload().warmup;
  x.queries.open(ctx.recorder().output_path("queries.csv"),
                 {"time", "operation", "user", "month", "latency", "commands", "ok", "correct"});
  if (x.cfg.store == "redis") {
    const auto& hosts = ctx.hosts_with_role("redis");
    for (std::size_t i = 0; i < hosts.size(); ++i)
      x.redis.push_back(std::make_unique<redis_service::RedisServer>(
          ctx, fmt::format("redis-{}", i), hosts[i], x.cfg.redis));
    if (x.cfg.replica) {
      x.replica = std::make_unique<redis_service::RedisServer>(
          ctx, "redis-replica", ctx.hosts_with_role("redis_replica").front(), x.cfg.redis);
      x.redis.front()->replicate_to(*x.replica);
    }
    for (auto& s : x.redis) s->start();
    if (x.replica) x.replica->start();
  }
  if (x.cfg.store == "sql" || x.cfg.durable) {
    x.sql = std::make_unique<sql_service::SqlServer>(ctx, "sql", ctx.hosts_with_role("sql").front(),
                                                     x.cfg.sql);
    using storage::sql::Type;
    x.sql->create_table(storage::sql::Schema(
        "scores", {{"month", Type::text}, {"member", Type::text}, {"score", Type::int64, true}},
        {"month", "member"}));
    x.sql->start();
  }
  preload(ctx);
  Net& net = ctx.net();
  const auto service = net.register_service<LeaderboardProtocol>(
      "leaderboard", ctx.hosts_with_role("leaderboard").front());
  auto shared = x_;
  spawn_service<LeaderboardProtocol>(
      net, service, [&net, shared] { return std::make_unique<LeaderboardService>(net, shared); });
  ctx.recorder().on_request([this](const RequestRecord& r) { observe(r); });
  const MixConfig mix = x.cfg.mix;
  const auto players = static_cast<std::uint64_t>(std::max<long long>(1, x.cfg.players));
  ctx.start_clients("game",
                    [service, mix, players](std::uint64_t, std::uint64_t, RandomStream& rng) {
                      const double u = rng.uniform01();
                      const std::uint64_t user = rng.below(players);
                      if (u < mix.win) return client_request(service, Win{user});
                      if (u < mix.win + mix.top10) return client_request(service, TopTen{});
                      return client_request(service, Rank{user});
                    });
}

// The board of the previous days, in place before the first request can arrive (1 us: less
// than any link's latency on the default platform; the service waits for it regardless).
void LeaderboardModel::preload(RunContext& ctx) {
  Experiment& x = *x_;
  RandomStream rng = ctx.stream("leaderboard/preload");
  const std::string month = x.month_at(0);
  std::vector<std::vector<std::string>> zadd(x.shards());
  std::vector<storage::sql::Row> rows;
  for (long long i = 0; i < x.cfg.players; ++i) {
    const std::string m = member_name(static_cast<std::uint64_t>(i));
    const double score =
        static_cast<double>(rng.below(static_cast<std::uint64_t>(x.cfg.initial_max_score) + 1));
    int k = 0;
    if (x.cfg.store == "redis" && x.cfg.sharding == "hash") k = hash_shard(m, x.shards());
    if (x.cfg.store == "redis" && x.cfg.sharding == "fixed") {
      k = fixed_shard(score, x.cfg.fixed_range, x.shards());
      x.shard_of[month + "/" + m] = k;
    }
    x.oracle.apply(0, {month, k}, m, x.cfg.ties == "first" ? encode_first(score, 0) : score);
    x.truth[month][m] = score;
    if (x.cfg.store == "sql" || x.cfg.durable)
      rows.push_back({month, m, static_cast<std::int64_t>(score)});
    if (x.cfg.store == "redis") {
      if (zadd[k].empty()) zadd[k] = {"ZADD", board_key(month, k, x.shards())};
      zadd[k].push_back(fmt::format("{}", x.cfg.ties == "first" ? encode_first(score, 0) : score));
      zadd[k].push_back(m);
    }
  }
  x.oracle.trim(1e-9);
  if (!rows.empty()) x.sql->load_rows("scores", rows);
  if (x.cfg.store == "sql") return;
  x.loaded_at = 1e-6;
  auto shared = x_;
  ctx.timeline().at(x.loaded_at, "leaderboard-preload", [shared, zadd = std::move(zadd)] {
    const double t = sg4::Engine::get_clock();
    for (const auto& argv : zadd) {
      if (argv.empty()) continue;
      shared->primary_for(argv[1]).database()->execute(argv, t);
      if (shared->replica) shared->replica->database()->execute(argv, t);
    }
    // The mark that the board is in place (durable: its absence means Redis lost it).
    if (shared->cfg.durable)
      shared->redis.front()->database()->execute({"SET", std::string(kBuiltMark), "1"}, t);
  });
}

void LeaderboardModel::observe(const RequestRecord& r) {
  if (r.outcome != "ok" || r.start < warmup_) return;
  const double latency = r.end - r.start;
  if (r.op == Win::kName) update_.add(latency);
  if (r.op == TopTen::kName) top10_.add(latency);
  if (r.op == Rank::kName) rank_.add(latency);
}

const ModelRegistration registration{[] { return std::make_unique<LeaderboardModel>(); }};

}  // namespace sdsim::leaderboard
