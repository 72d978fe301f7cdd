#include "models/leaderboard/score_table.hpp"

#include <memory>

namespace sdsim::leaderboard {

using namespace sql_service;

KeyRange month_rows(const std::string& month) {
  return {Key{month, std::string()}, Key{month, std::string("~")}};
}

ScoredMember score_entry(const storage::sql::RowRef& r) {
  return {r.text("member"), static_cast<double>(r.i64("score"))};
}

DurableWin add_win(SqlClient& db, const std::string& month, const std::string& member,
                   std::uint64_t& statements) {
  DurableWin w;
  SqlReply u = db.execute(update_key("scores", {month, member}, {storage::sql::add("score", 1)}));
  ++statements;
  if (u.ok && u.count == 0) {  // a player's first win this month
    u = db.execute(insert("scores", {month, member, std::int64_t{1}}));
    ++statements;
  }
  if (!u.ok) return w;
  w.committed = true;
  SqlReply s = db.execute(select_key("scores", {month, member}));
  ++statements;
  if (s.ok && !s.rows.empty()) w.score = static_cast<double>(s.rows.front()[2].as_int());
  return w;
}

std::optional<std::vector<ScoredMember>> read_month(SqlClient& db, const std::string& month) {
  auto all = std::make_shared<std::vector<ScoredMember>>();
  SqlReply r = db.execute(select_where(
      "scores", [all](const storage::sql::RowRef& row) { return all->push_back(score_entry(row)), false; },
      std::nullopt, month_rows(month)));
  if (!r.ok) return std::nullopt;
  return std::move(*all);
}

}  // namespace sdsim::leaderboard
