// The board as rows (month, member, score) in the SQL block, with no index on score: the
// top 10 is `SELECT ... ORDER BY score DESC LIMIT 10` and a rank `SELECT count(*) WHERE
// score > $1 ...`, both a sequential scan of the month's rows (the service charges every
// row read). The block's statements have no ORDER BY, LIMIT or count(*): the scan's
// predicate does the server's top-N sort and counting (it runs inside the server's
// statement and returns no row), so the cost is the scan's and the reply is small, as
// PostgreSQL's would be. Rank and neighbours share one scan (PostgreSQL would need two).
#include <algorithm>
#include <memory>
#include <set>

#include "models/leaderboard/score_table.hpp"
#include "models/leaderboard/sharding.hpp"
#include "models/leaderboard/store.hpp"
#include "sim/services/sql/sql_client.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::leaderboard {
namespace {

using namespace sql_service;
using storage::sql::RowRef;

double now() { return sg4::Engine::get_clock(); }

ScoredMember entry(const RowRef& r) { return score_entry(r); }

class SqlStore : public Store {
 public:
  SqlStore(Net& net, Experiment& x, const std::string& name)
      : x_(x), rpc_(net, name), db_(rpc_, x.sql->endpoint(), CallOptions{x.cfg.store_timeout, 0}) {}

  StoreAnswer win(const std::string& member, const std::string& month, double) override {
    StoreAnswer a;
    if (!connected()) return a;
    const DurableWin w = add_win(db_, month, member, a.commands);
    a.credited = w.committed;
    if (!w.score) return a;
    a.ok = true;
    a.score = *w.score;
    x_.oracle.apply(now(), {month, 0}, member, a.score);
    return a;
  }

  StoreAnswer top10(const std::string& month) override {
    StoreAnswer a;
    if (!connected()) return a;
    auto top = std::make_shared<std::vector<ScoredMember>>();
    const double since = now();
    SqlReply r = db_.execute(select_where(
        "scores",
        [top](const RowRef& row) {
          top->push_back(entry(row));
          std::sort(top->begin(), top->end(), revrange_before);
          if (top->size() > 10) top->pop_back();
          return false;
        },
        std::nullopt, month_rows(month)));
    ++a.commands;
    if (!r.ok) return a;
    a.ok = true;
    a.entries = *top;
    a.correct = x_.oracle.holds({month, 0}, since,
                                [&](const Standings& s) { return s.range(0, 9) == a.entries; });
    return a;
  }

  StoreAnswer rank(const std::string& member, const std::string& month) override {
    StoreAnswer a;
    if (!connected()) return a;
    double since = now();
    SqlReply s = db_.execute(select_key("scores", {month, member}));
    ++a.commands;
    if (!s.ok) return a;
    a.ok = true;
    if (s.rows.empty()) {
      a.correct = x_.oracle.holds({month, 0}, since,
                                  [&](const Standings& st) { return !st.score(member); });
      return a;
    }
    const ScoredMember me{member, static_cast<double>(s.rows.front()[2].as_int())};
    struct Scan {
      std::int64_t above = 0;
      std::vector<ScoredMember> near;  // the 4 just above and the 4 just below
    };
    auto scan = std::make_shared<Scan>();
    since = now();
    SqlReply r = db_.execute(select_where(
        "scores",
        [scan, me](const RowRef& row) {
          const ScoredMember e = entry(row);
          if (e.member == me.member) return false;
          const bool above = revrange_before(e, me);
          scan->above += above;
          scan->near.push_back(e);
          if (scan->near.size() > 16) scan->near = neighbour_window(scan->near, me);
          return false;
        },
        std::nullopt, month_rows(month)));
    ++a.commands;
    if (!r.ok) return a.ok = false, a;
    a.rank = scan->above;
    a.entries = neighbour_window(scan->near, me);
    a.correct = x_.oracle.holds({month, 0}, since, [&](const Standings& st) {
      auto rk = st.rank(member);
      return rk && rk == a.rank && st.range(neighbours_from(*rk), neighbours_to(*rk)) == a.entries;
    });
    return a;
  }

  StoreAnswer archive(const std::string& month) override {
    StoreAnswer a;
    if (!connected()) return a;
    const double since = now();
    auto all = read_month(db_, month);
    ++a.commands;
    if (!all) return a;
    std::sort(all->begin(), all->end(), revrange_before);
    a.ok = true;
    a.entries = *all;
    a.correct = x_.oracle.holds({month, 0}, since,
                                [&](const Standings& st) { return st.all() == a.entries; });
    return a;
  }

 private:
  bool connected() { return db_.connected() || db_.connect().ok; }

  Experiment& x_;
  Rpc rpc_;
  SqlClient db_;
};

}  // namespace

std::unique_ptr<Store> make_sql_store(Net& net, Experiment& x, const std::string& name) {
  return std::make_unique<SqlStore>(net, x, name);
}

}  // namespace sdsim::leaderboard
