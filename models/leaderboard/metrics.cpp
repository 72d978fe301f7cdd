// The leaderboard model's metric table and its end-of-run accounting: latencies per
// operation (at the game client), the oracle's verdicts, shard load and memory, the audit
// of the final boards against the wins really earned, and the book's estimates.
#include <fmt/format.h>

#include <algorithm>

#include "models/leaderboard/model.hpp"
#include "models/leaderboard/sharding.hpp"
#include "sim/model/run_context.hpp"
#include "sim/output/csv.hpp"

namespace sdsim::leaderboard {

namespace {
bool is_redis(const RunShape& s) { return params().read(s.params).store == "redis"; }
bool has_replica(const RunShape& s) { return params().read(s.params).replica; }
bool is_durable(const RunShape& s) { return params().read(s.params).durable; }
bool has_months(const RunShape& s) { return params().read(s.params).month_length > 0; }
double fraction(std::uint64_t part, std::uint64_t whole) {
  return whole ? double(part) / double(whole) : 1.0;
}
}  // namespace

MetricTable LeaderboardModel::metric_table() const {
  const Results& r = results_;
  auto v = [&r](double Results::*f) { return [&r, f] { return r.*f; }; };
  auto count = [this](std::uint64_t Counts::*f) {
    return [this, f] { return x_ ? double(x_->counts.*f) : 0.0; };
  };
  auto rebuild = [this](auto f) { return [this, f] { return x_ ? f(x_->rebuild) : 0.0; }; };
  auto scale = [this](auto f) { return [this, f] { return x_ ? f(x_->cfg.scale) : 0.0; }; };
  MetricTable t;
  t.add("update.latency.p50", "s", "median latency of a won game's update, at the game client",
        v(&Results::update_p50))
      .add("update.latency.p99", "s", "99th percentile of the update latency",
           v(&Results::update_p99))
      .add("top10.latency.p50", "s", "median latency of a top-10 request, at the game client",
           v(&Results::top10_p50))
      .add("top10.latency.p99", "s", "99th percentile of the top-10 latency",
           v(&Results::top10_p99))
      .add("rank.latency.p50", "s",
           "median latency of a rank-and-neighbours request, at the game client",
           v(&Results::rank_p50))
      .add("rank.latency.p99", "s", "99th percentile of the rank latency", v(&Results::rank_p99))
      .add("update.count", "", "won games the store acknowledged", count(&Counts::wins_ok))
      .add("update.failed", "",
           "won games the store did not acknowledge (the player's win is not credited)",
           count(&Counts::wins_failed))
      .add("top10.checked", "", "top-10 answers the oracle checked", count(&Counts::top10_checked))
      .add("top10.correct_fraction", "", "of those, the fraction equal to the recounted standings",
           v(&Results::top10_correct))
      .add("rank.checked", "", "rank answers the oracle checked", count(&Counts::rank_checked))
      .add("rank.correct_fraction", "",
           "of those, the fraction whose rank and neighbours equal the recount",
           v(&Results::rank_correct))
      .add("store.commands", "", "store commands (Redis) or statements (SQL) the service issued",
           count(&Counts::store_commands))
      .add("cross_shard_moves", "",
           "fixed: players moved to another score-range shard (ZREM + ZADD)",
           count(&Counts::cross_shard_moves))
      .add("ties.order_violations", "",
           "neighbours on the last month's final board with equal wins where the later to "
           "reach them ranks higher (0 is what ties: first promises; Redis's order breaks "
           "ties by member bytes instead)",
           v(&Results::tie_violations))
      .add("board.players", "", "players on the last month's board at the end (audited)",
           v(&Results::board_players))
      .add_if("shard.load.max", "", "commands served by the busiest Redis server", "store redis",
              is_redis, v(&Results::load_max))
      .add_if("shard.load.mean", "", "commands served per Redis server, mean", "store redis",
              is_redis, v(&Results::load_mean))
      .add_if("memory.bytes.max", "B",
              "peak memory of the fullest Redis server (the block's accounting)", "store redis",
              is_redis, v(&Results::memory_max))
      .add_if("memory.bytes.mean", "B", "peak memory per Redis server, mean", "store redis",
              is_redis, v(&Results::memory_mean))
      .add_if("memory.bytes_per_entry", "B",
              "peak memory over all servers / board entries at the end", "store redis", is_redis,
              v(&Results::bytes_per_entry))
      .add_if("audit.mismatched_users", "",
              "players whose final board score differs from the wins they earned", "store redis",
              is_redis, v(&Results::mismatched_users))
      .add_if("audit.missing_wins", "",
              "earned wins missing from the final boards (sum over players)", "store redis",
              is_redis, v(&Results::missing_wins))
      .add_if("failover.lost_updates", "",
              "acknowledged writes the replica never received (Redis's asynchronous replication)",
              "replica: true", has_replica, v(&Results::lost_updates))
      .add_if("failover.takeover_at", "s", "when the replica took over (-1: never)",
              "replica: true", has_replica, v(&Results::takeover_at))
      .add_if("failover.correct_fraction_after", "",
              "top-10 and rank answers after the takeover equal to the recount (the oracle without the lost writes)",
              "replica: true", has_replica, v(&Results::after_takeover_correct))
      .add_if("update.board_missed", "",
              "durable: wins committed to the table whose ZINCRBY failed (the board lacks them "
              "until a rebuild)",
              "durable: true", is_durable, count(&Counts::board_missed))
      .add_if("rebuild.count", "", "boards rebuilt from the SQL score table after Redis lost them",
              "durable: true", is_durable, rebuild([](const RebuildState& b) { return double(b.count); }))
      .add_if("rebuild.time", "s",
              "longest rebuild: the loss noticed (EXISTS leaderboard:built answered 0) to the "
              "board served again (rows scanned, DEL, ZADD batches, the mark set)",
              "durable: true", is_durable, rebuild([](const RebuildState& b) { return b.time_max; }))
      .add_if("rebuild.detected_at", "s", "when the service first found the board gone (-1: never)",
              "durable: true", is_durable, rebuild([](const RebuildState& b) { return b.detected_at; }))
      .add_if("rebuild.players", "", "members written back by the last rebuild", "durable: true",
              is_durable, rebuild([](const RebuildState& b) { return double(b.players); }))
      .add_if("rebuild.mismatched", "",
              "rebuilt entries (read back whole) differing from a recount of the SQL rows, "
              "position by position, over every rebuild",
              "durable: true", is_durable, rebuild([](const RebuildState& b) { return double(b.mismatched); }))
      .add_if("rebuild.unearned", "",
              "rebuilt players whose score differs from the wins they really earned",
              "durable: true", is_durable, rebuild([](const RebuildState& b) { return double(b.unearned); }))
      .add_if("rebuild.correct_fraction_after", "",
              "top-10 and rank answers after the first rebuild equal to the recount",
              "durable: true", is_durable, rebuild([](const RebuildState& b) {
                return b.after_checked ? double(b.after_correct) / double(b.after_checked) : 1.0;
              }))
      .add_if("rollover.count", "", "month boards archived", "month_length > 0", has_months,
              count(&Counts::rollovers))
      .add_if("rollover.time", "s", "longest archive of a finished month's board (read whole)",
              "month_length > 0", has_months,
              [this] { return x_ ? x_->counts.rollover_time_max : 0.0; })
      .add_if("history.correct_fraction", "",
              "archived boards equal to the oracle's standings of their month", "month_length > 0",
              has_months, v(&Results::history_correct))
      .add("estimate.update_qps", "1/s", "the book: DAU x games per day / 86,400 s",
           scale([](const ScaleConfig& s) {
             return s.daily_active_users * s.games_per_user_per_day / 86400.0;
           }))
      .add("estimate.peak_update_qps", "1/s",
           "the book: peak_factor x estimate.update_qps (the book rounds to 2,500)",
           scale([](const ScaleConfig& s) {
             return s.peak_factor * s.daily_active_users * s.games_per_user_per_day / 86400.0;
           }))
      .add("estimate.top10_qps", "1/s", "the book: each daily user fetches the top 10 once a day",
           scale([](const ScaleConfig& s) { return s.daily_active_users / 86400.0; }))
      .add("estimate.memory.bytes", "B",
           "the book: MAU x bytes_per_entry in one sorted set (26 B: 650 MB)",
           scale([](const ScaleConfig& s) { return s.monthly_active_users * s.bytes_per_entry; }));
  return t;
}

void LeaderboardModel::finish(RunContext& ctx) {
  Experiment& x = *x_;
  Results& r = results_;
  r.update_p50 = update_.quantile(0.5);
  r.update_p99 = update_.quantile(0.99);
  r.top10_p50 = top10_.quantile(0.5);
  r.top10_p99 = top10_.quantile(0.99);
  r.rank_p50 = rank_.quantile(0.5);
  r.rank_p99 = rank_.quantile(0.99);
  r.top10_correct = fraction(x.counts.top10_correct, x.counts.top10_checked);
  r.rank_correct = fraction(x.counts.rank_correct, x.counts.rank_checked);
  r.after_takeover_correct = fraction(x.counts.after_takeover_correct, x.counts.after_takeover_checked);
  r.history_correct = fraction(x.counts.history_correct, x.counts.history_checked);
  x.queries.close();
  const double end = simgrid::s4u::Engine::get_clock();
  const std::string last_month = x.month_at(end);
  const bool first = x.cfg.ties == "first";
  std::vector<std::pair<ScoredMember, int>> standings;  // the last month's board, with its shard
  if (x.cfg.store == "redis") {
    std::vector<const redis_service::RedisServer*> servers;
    for (const auto& s : x.redis) servers.push_back(s.get());
    if (x.replica) servers.push_back(x.replica.get());
    double peak_sum = 0;
    CsvWriter shards(ctx.recorder().output_path("shards.csv"), {"server", "role", "commands", "peak_memory", "keys_lost"});
    for (const auto* s : servers) {
      shards.field(s->name());
      shards.field(s->role() == redis_service::RedisRole::primary   ? "primary"
                   : s->role() == redis_service::RedisRole::replica ? "replica"
                                                                     : "demoted");
      shards.field(static_cast<unsigned long long>(s->stats().commands));
      shards.field(static_cast<unsigned long long>(s->stats().peak_used_bytes));
      shards.field(static_cast<unsigned long long>(s->stats().keys_lost));
      shards.end_row();
      r.load_max = std::max(r.load_max, double(s->stats().commands));
      r.load_mean += double(s->stats().commands) / double(servers.size());
      r.memory_max = std::max(r.memory_max, double(s->stats().peak_used_bytes));
      peak_sum += double(s->stats().peak_used_bytes);
    }
    shards.close();
    r.memory_mean = peak_sum / double(servers.size());
    if (x.replica) {
      r.lost_updates = double(x.replica->stats().writes_lost_in_failover);
      r.takeover_at = x.replica->stats().promoted_at;
    }
    // Audit: every month's boards, read from the servers that hold them, against the wins earned.
    double entries = 0;
    for (const auto& [month, wins] : x.truth) {
      std::unordered_map<std::string, double> board;
      for (int k = 0; k < x.shards(); ++k) {
        const std::string key = board_key(month, k, x.shards());
        auto* db = x.holder_of(key).database();
        if (!db) continue;
        const auto reply = db->execute({"ZREVRANGE", key, "0", "-1", "WITHSCORES"}, end);
        for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
          const std::string& m = reply.elements[i].text;
          const double held = std::strtod(reply.elements[i + 1].text.c_str(), nullptr);
          r.mismatched_users += board.count(m);  // on two shards at once
          board[m] = decode_wins(held, first);
          if (month == last_month) standings.push_back({{m, held}, k});
        }
      }
      entries += double(board.size());
      for (const auto& [m, w] : wins) {
        auto it = board.find(m);
        r.mismatched_users += it == board.end() || it->second != w;
        r.missing_wins += std::max(0.0, w - (it == board.end() ? 0.0 : it->second));
      }
      for (const auto& [m, held] : board) r.mismatched_users += !wins.count(m);
    }
    double primaries = 0;  // the shard servers' memory (a replica holds a copy)
    for (const auto& s : x.redis) primaries += double(s->stats().peak_used_bytes);
    r.bytes_per_entry = entries > 0 ? primaries / entries : 0;
  } else {
    // SQL: the rows the oracle saw acknowledged (the block's table is not read from here).
    for (const ScoredMember& e : x.oracle.board({last_month, 0}).all()) standings.push_back({e, 0});
  }
  std::sort(standings.begin(), standings.end(),
            [](const auto& a, const auto& b) { return revrange_before(a.first, b.first); });
  r.board_players = double(standings.size());
  // Equal wins out of the order of who reached them first (ties: first promises that order).
  const auto& reached = x.reached[last_month];
  auto reached_at = [&reached](const std::string& m) {
    auto it = reached.find(m);
    return it == reached.end() ? 0.0 : it->second;
  };
  for (auto& e : standings) e.first.score = decode_wins(e.first.score, first);
  for (std::size_t i = 0; i + 1 < standings.size(); ++i) {
    const ScoredMember &a = standings[i].first, &b = standings[i + 1].first;
    r.tie_violations += a.score == b.score && reached_at(a.member) > reached_at(b.member);
  }
  CsvWriter out(ctx.recorder().output_path("standings.csv"), {"rank", "user", "score", "shard"});
  for (std::size_t i = 0; i < standings.size(); ++i) {
    out.field(static_cast<unsigned long long>(i));
    out.field(standings[i].first.member);
    out.field(standings[i].first.score);
    out.field(standings[i].second);
    out.end_row();
  }
  out.close();
}

}  // namespace sdsim::leaderboard
