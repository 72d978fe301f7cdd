#include "models/leaderboard/services/leaderboard_service.hpp"

#include <fmt/format.h>

#include <cmath>

#include "models/leaderboard/sharding.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::leaderboard {

namespace {
double now() { return sg4::Engine::get_clock(); }
}  // namespace

void LeaderboardService::start(Inbox&) {
  // A restart finds no request in progress: the per-player locks were volatile.
  x_->busy.clear();
  x_->rebuild.in_flight = 0;
  x_->rebuild.active = false;
  stores_.clear();
  stores_.resize(x_->cfg.workers);
  workers_ = std::make_unique<WorkerPool<Job>>("board-worker", x_->cfg.workers,
                                               [this](int w, Job& job) { serve(w, job); });
  if (x_->cfg.month_length > 0) spawn_local("board-archiver", [this] { archive_months(); });
  if (x_->cfg.durable) spawn_local("board-guard", [this] { guard_board(); });
}

void LeaderboardService::handle(std::unique_ptr<Letter<LeaderboardProtocol>> msg) {
  workers_->submit(Job{std::move(msg), now()});
}

Store& LeaderboardService::store(int worker) {
  auto& s = stores_[worker];
  if (!s) {
    const std::string name = fmt::format("board-worker-{}", worker);
    s = x_->cfg.store == "sql" ? make_sql_store(net_, *x_, name)
                               : make_redis_store(net_, *x_, name);
  }
  return *s;
}

void LeaderboardService::serve(int worker, Job& job) {
  Experiment& x = *x_;
  if (now() < x.loaded_at) sg4::this_actor::sleep_until(x.loaded_at);
  while (x.rebuild.active) sg4::this_actor::sleep_for(1e-3);  // durable: the board is refilled
  ++x.rebuild.in_flight;
  // The month of a game is the month it ended in (when the service heard of it).
  const std::string month = x.month_at(job.arrived);
  Store& st = store(worker);
  BoardReply reply;
  StoreAnswer a;
  std::string op, user;
  int correct = -1;
  std::visit(
      [&](const auto& req) {
        using T = std::decay_t<decltype(req)>;
        op = std::string(T::kName);
        if constexpr (std::is_same_v<T, Win>) {
          user = member_name(req.user);
          while (x.busy.count(user)) sg4::this_actor::sleep_for(1e-4);
          x.busy.insert(user);
          a = st.win(user, month, job.arrived);
          x.busy.erase(user);
          if (a.credited) x.truth[month][user] += 1;
          if (a.ok) x.reached[month][user] = job.arrived;
          if (a.ok) {
            ++x.counts.wins_ok;
          } else {
            ++x.counts.wins_failed;
          }
        } else if constexpr (std::is_same_v<T, TopTen>) {
          a = st.top10(month);
          if (a.ok) {
            correct = a.correct;
            ++x.counts.top10_checked;
            x.counts.top10_correct += a.correct;
            x.judged(a.correct);
          }
        } else {
          user = member_name(req.user);
          a = st.rank(user, month);
          if (a.ok) {
            correct = a.correct;
            ++x.counts.rank_checked;
            x.counts.rank_correct += a.correct;
            x.judged(a.correct);
          }
        }
      },
      job.request->body);
  --x.rebuild.in_flight;
  x.counts.store_commands += a.commands;
  x.oracle.trim(now() - 60.0);
  CsvWriter& q = x.queries;
  q.field(now());
  q.field(op);
  q.field(user);
  q.field(month);
  q.field(now() - job.arrived);
  q.field(static_cast<unsigned long long>(a.commands));
  q.field(a.ok ? 1 : 0);
  if (correct >= 0)
    q.field(correct);
  else
    q.field(std::string_view());
  q.end_row();
  reply.entries = std::move(a.entries);
  for (ScoredMember& e : reply.entries) e.score = decode_wins(e.score, x.cfg.ties == "first");
  reply.rank = a.rank;
  net_.reply(*job.request, std::move(reply), a.ok ? Status::Ok : Status::Error);
}

void LeaderboardService::archive_months() {
  Experiment& x = *x_;
  std::unique_ptr<Store> st;
  const double grace = 2 * x.cfg.store_timeout + 0.1;
  // Months already archived stay archived across a restart of the service's host.
  for (auto m = static_cast<std::int64_t>(x.counts.rollovers) + 1;; ++m) {
    sg4::this_actor::sleep_until(static_cast<double>(m) * x.cfg.month_length + grace);
    if (!st)
      st = x.cfg.store == "sql" ? make_sql_store(net_, x, "board-archiver")
                                : make_redis_store(net_, x, "board-archiver");
    const std::string old = month_name(x.cfg.first_month, m - 1);
    const double t0 = now();
    StoreAnswer a = st->archive(old);
    const double took = now() - t0;
    ++x.counts.rollovers;
    x.counts.rollover_time_max = std::max(x.counts.rollover_time_max, took);
    ++x.counts.history_checked;
    x.counts.history_correct += a.ok && a.correct;
    x.history[old] = a.entries;
    x.counts.store_commands += a.commands;
  }
}

}  // namespace sdsim::leaderboard
