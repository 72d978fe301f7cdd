// Property: a serial schedule (transactions one after another, never overlapping) behaves
// like a naive reference that applies each statement to a std::map in order, at every
// isolation level, across crashes and vacuums; and the same calls give the same results.
#include <map>
#include <sstream>

#include "fixtures.hpp"

using namespace sql_test;

namespace {

// splitmix64: a fixed, seedable generator so every run draws the same schedules.
struct Dice {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
};

struct Account {
  std::int64_t bal, version;
};
using Reference = std::map<std::int64_t, Account>;

Row row_of(std::int64_t id, const Account& a) { return {id, a.bal, a.version}; }

std::string show(const Result& r) {
  std::ostringstream out;
  out << (r.failed() ? "ERROR " + r.sqlstate() : r.tag);
  for (const auto& row : r.rows) out << " " << to_string(row);
  return out.str();
}

// Runs one random serial schedule through the database and the reference; returns the trace.
std::string run_schedule(std::uint64_t seed, Database& db) {
  Dice dice{seed};
  Reference committed;
  std::ostringstream trace;
  const Isolation levels[] = {Isolation::read_committed, Isolation::repeatable_read,
                              Isolation::serializable};
  for (int txn = 0; txn < 25; ++txn) {
    if (dice.below(10) == 0) db.crash();
    if (dice.below(10) == 0) db.vacuum();
    TxnId t = begin(db, levels[dice.below(3)]);
    Reference mine = committed;
    bool failed = false;
    int statements = 1 + dice.below(5);
    for (int s = 0; s < statements; ++s) {
      std::int64_t id = 1 + dice.below(8);
      std::int64_t amount = dice.below(200) - 100;
      std::string expected;  // "" means: compare by content below
      Result r;
      auto it = mine.find(id);
      switch (dice.below(6)) {
        case 0: {  // INSERT: constraints before uniqueness
          r = db.insert(t, "acct", {id, amount, Value()});
          if (failed)
            expected = "ERROR 25P02";
          else if (amount < 0)
            expected = "ERROR 23514";
          else if (it != mine.end())
            expected = "ERROR 23505";
          else {
            mine[id] = {amount, 1};
            expected = "INSERT 0 1 " + to_string(row_of(id, mine[id]));
          }
          break;
        }
        case 1: {  // UPDATE ... SET bal = bal + amount [AND version = v]
          std::optional<std::int64_t> version;
          if (dice.below(2) && it != mine.end()) version = it->second.version + dice.below(2);
          r = db.update_by_key(t, "acct", {id}, {add("bal", amount)}, version);
          if (failed)
            expected = "ERROR 25P02";
          else if (it == mine.end() || (version && *version != it->second.version))
            expected = "UPDATE 0";
          else if (it->second.bal + amount < 0)
            expected = "ERROR 23514";
          else {
            it->second = {it->second.bal + amount, it->second.version + 1};
            expected = "UPDATE 1 " + to_string(row_of(id, it->second));
          }
          break;
        }
        case 2: {  // DELETE
          r = db.delete_by_key(t, "acct", {id});
          if (failed)
            expected = "ERROR 25P02";
          else if (it == mine.end())
            expected = "DELETE 0";
          else {
            expected = "DELETE 1 " + to_string(row_of(id, it->second));
            mine.erase(it);
          }
          break;
        }
        case 3: {  // SELECT by key, sometimes FOR UPDATE
          std::optional<LockClause> lock;
          if (dice.below(2)) lock = LockClause{};
          r = db.select_by_key(t, "acct", {id}, lock);
          if (failed)
            expected = "ERROR 25P02";
          else if (it == mine.end())
            expected = "SELECT 0";
          else
            expected = "SELECT 1 " + to_string(row_of(id, it->second));
          break;
        }
        case 4: {  // SELECT WHERE bal >= amount
          r = db.select_where(t, "acct",
                              [amount](const RowRef& row) { return row.i64("bal") >= amount; });
          if (failed)
            expected = "ERROR 25P02";
          else {
            std::string rows;
            int n = 0;
            for (auto& [k, a] : mine)
              if (a.bal >= amount) rows += " " + to_string(row_of(k, a)), ++n;
            expected = "SELECT " + std::to_string(n) + rows;
          }
          break;
        }
        default: {  // UPDATE ... SET bal = bal + amount WHERE bal < 50 (all or nothing)
          r = db.update_where(t, "acct", [](const RowRef& row) { return row.i64("bal") < 50; },
                              {add("bal", amount)});
          if (failed) {
            expected = "ERROR 25P02";
            break;
          }
          Reference next = mine;
          std::string rows;
          int n = 0;
          bool violates = false;
          for (auto& [k, a] : next)
            if (a.bal < 50) {
              a = {a.bal + amount, a.version + 1};
              violates = violates || a.bal < 0;
              rows += " " + to_string(row_of(k, a)), ++n;
            }
          if (violates)
            expected = "ERROR 23514";
          else {
            mine = next;
            expected = "UPDATE " + std::to_string(n) + rows;
          }
        }
      }
      std::string got = show(r);
      CHECK_MESSAGE(got == expected, "seed " << seed << " txn " << txn);
      trace << got << " | " << r.work.rows_read << " " << r.work.wal_bytes << "\n";
      if (r.failed()) failed = true;
    }
    bool commit = dice.below(4) != 0;
    Result end = commit ? db.commit(t) : db.rollback(t);
    CHECK(end.tag == (commit && !failed ? "COMMIT" : "ROLLBACK"));
    if (commit && !failed) committed = mine;
    trace << end.tag << "\n";
  }
  std::vector<Row> expected_rows;
  for (auto& [k, a] : committed) expected_rows.push_back(row_of(k, a));
  CHECK(db.committed_rows("acct") == expected_rows);
  return trace.str();
}

}  // namespace

TEST_CASE("storage/sql: random serial schedules match a std::map reference") {
  for (std::uint64_t seed = 1; seed <= 150; ++seed) {
    Database db(DatabaseOptions{.autovacuum_threshold = 5});
    bank(db, {});
    run_schedule(seed, db);
  }
}

TEST_CASE("storage/sql: the same calls give the same results and work") {
  Database a, b;
  bank(a, {});
  bank(b, {});
  std::string first = run_schedule(99, a), second = run_schedule(99, b);
  CHECK(first == second);
  CHECK(a.totals() == b.totals());
}
