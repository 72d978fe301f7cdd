// The SQL table of scores, rows (month, member, score) with primary key (month, member):
// the board itself for store sql, the durable source of truth beside Redis for durable:
// true. Shared by the SQL store, the Redis store's write-through and the rebuild.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/services/sql/sql_client.hpp"
#include "sim/storage/sorted_set/sorted_set.hpp"

namespace sdsim::leaderboard {

using storage::sorted_set::ScoredMember;

// The rows of one month (the primary key's range).
sql_service::KeyRange month_rows(const std::string& month);
ScoredMember score_entry(const storage::sql::RowRef& row);
// A won game: UPDATE scores SET score = score + 1 (an INSERT for the player's first win of
// the month), then SELECT the new score; counts the statements in `statements`. nullopt when
// a statement failed (the win is not committed when the UPDATE or INSERT failed).
struct DurableWin {
  bool committed = false;       // the UPDATE or INSERT succeeded: the win is credited
  std::optional<double> score;  // the new score, when the SELECT answered too
};
DurableWin add_win(sql_service::SqlClient& db, const std::string& month, const std::string& member,
                   std::uint64_t& statements);
// Every row of a month, in one sequential scan (one statement); nullopt when it failed.
std::optional<std::vector<ScoredMember>> read_month(sql_service::SqlClient& db,
                                                    const std::string& month);

}  // namespace sdsim::leaderboard
