// durable: the leaderboard service's guard of the board. Redis keeps no persistence here, so
// a restart serves an empty keyspace; the service checks every rebuild.check_period that the
// mark set with the board (leaderboard:built) is still there. When it is gone, the service
// holds every new request, waits for those in progress, reads the month's rows from the SQL
// score table (the source of truth: every win was committed there before its ZINCRBY),
// replaces the key with them in ZADD batches of rebuild.batch members and sets the mark
// again: rebuild.time. Before it lets the requests in, it reads the rebuilt set back whole and
// compares it with a recount of the rows (players bucketed by score: the oracle's Standings)
// and with the wins really earned; the oracle then follows the rebuilt board.
#include <fmt/format.h>

#include <algorithm>

#include "models/leaderboard/score_table.hpp"
#include "models/leaderboard/services/leaderboard_service.hpp"
#include "models/leaderboard/sharding.hpp"
#include "sim/services/redis/redis_client.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::leaderboard {

namespace {

double now() { return sg4::Engine::get_clock(); }

// Entries of `got` that differ from `want` position by position (ZREVRANGE order), plus the
// length difference.
std::uint64_t differences(const std::vector<ScoredMember>& got,
                          const std::vector<ScoredMember>& want) {
  const std::size_t n = std::min(got.size(), want.size());
  std::uint64_t d = std::max(got.size(), want.size()) - n;
  for (std::size_t i = 0; i < n; ++i) d += !(got[i] == want[i]);
  return d;
}

}  // namespace

void LeaderboardService::guard_board() {
  Experiment& x = *x_;
  RebuildState& rb = x.rebuild;
  const CallOptions call{x.cfg.store_timeout, 0};
  Rpc rpc(net_, "board-guard");
  redis_service::RedisClient redis(rpc, {x.redis.front()->endpoint()}, call);
  sql_service::SqlClient db(rpc, x.sql->endpoint(), call);
  const std::string mark(kBuiltMark);
  for (;;) {
    sg4::this_actor::sleep_for(x.cfg.rebuild.check_period);
    auto present = redis.command({"EXISTS", mark});
    ++x.counts.store_commands;
    // Not answering (down) is not a loss yet: the restart will tell.
    if (!present.ok() || present.value.integer != 0) continue;
    const double t0 = now();
    if (rb.detected_at < 0) rb.detected_at = t0;
    ++rb.attempts;
    rb.active = true;
    while (rb.in_flight > 0) sg4::this_actor::sleep_for(1e-3);
    const std::string month = x.month_at(now());
    const std::string key = board_key(month, 0, 1);
    std::optional<std::vector<ScoredMember>> rows;
    if (db.connected() || db.connect().ok) rows = read_month(db, month);
    bool ok = rows.has_value();
    // The ZINCRBYs since the loss left a partial board: it is replaced whole.
    std::vector<redis_service::Arguments> commands{{"DEL", key}};
    if (ok) {
      for (std::size_t i = 0; i < rows->size(); i += static_cast<std::size_t>(x.cfg.rebuild.batch)) {
        redis_service::Arguments zadd{"ZADD", key};
        const std::size_t end =
            std::min(rows->size(), i + static_cast<std::size_t>(x.cfg.rebuild.batch));
        for (std::size_t j = i; j < end; ++j) {
          zadd.push_back(fmt::format("{}", (*rows)[j].score));
          zadd.push_back((*rows)[j].member);
        }
        commands.push_back(std::move(zadd));
      }
      commands.push_back({"SET", mark, "1"});
    }
    for (std::size_t i = 0; i < commands.size() && ok; ++i) {
      ok = redis.command(commands[i]).ok();
      ++x.counts.store_commands;
    }
    if (!ok) {  // Redis or the table failed meanwhile: the mark is still missing, try again
      rb.active = false;
      continue;
    }
    const double took = now() - t0;
    // The check, still holding the requests: the set read back against a recount of the rows.
    Standings recount;
    for (const ScoredMember& e : *rows) recount.set(e.member, e.score);
    auto back = redis.zrevrange(key, 0, -1);
    ++x.counts.store_commands;
    const std::vector<ScoredMember> want = recount.all();
    rb.mismatched += back.ok() ? differences(back.value, want) : want.size();
    const auto& earned = x.truth[month];
    for (const ScoredMember& e : want) {
      auto it = earned.find(e.member);
      rb.unearned += it == earned.end() ? e.score != 0 : it->second != e.score;
    }
    for (const auto& [member, wins] : earned) rb.unearned += !recount.score(member).has_value();
    // The oracle follows the rebuilt board from now on.
    const BoardId board{month, 0};
    for (const ScoredMember& e : x.oracle.board(board).all())
      if (!recount.score(e.member)) x.oracle.apply(now(), board, e.member, std::nullopt);
    for (const ScoredMember& e : want) {
      if (x.oracle.board(board).score(e.member) != e.score)
        x.oracle.apply(now(), board, e.member, e.score);
    }
    ++rb.count;
    rb.players = want.size();
    rb.time_max = std::max(rb.time_max, took);
    rb.active = false;
  }
}

}  // namespace sdsim::leaderboard
