// Runs a concurrency schedule through sdsim's SQL block and prints the trace that
// tests/diff/postgres.sh also obtains from a real PostgreSQL, so the two can be diffed.
//
// Schedule file: one step per line, `#` comments, blank lines ignored.
//   T1: BEGIN ISOLATION LEVEL SERIALIZABLE     a statement for session T1 (any name)
//   RESTART                                    crash and restart the server
// A session outside BEGIN ... COMMIT runs its statement in autocommit mode. Statement shapes
// (a fixed, small SQL subset that maps onto the block's API):
//   CREATE TABLE t (col bigint|integer|text [PRIMARY KEY] [NOT NULL] [UNIQUE]
//                   [CHECK (col op n)], ...)
//   BEGIN [ISOLATION LEVEL READ COMMITTED|REPEATABLE READ|SERIALIZABLE] [READ ONLY]
//   COMMIT | ROLLBACK | PREPARE TRANSACTION 'g' | COMMIT PREPARED 'g' | ROLLBACK PREPARED 'g'
//   INSERT INTO t VALUES (v, ...) [, (v, ...)]
//   SELECT *|col, ...|count(*)|sum(col) FROM t [WHERE cond] [ORDER BY col]
//          [FOR UPDATE|FOR NO KEY UPDATE|FOR SHARE|FOR KEY SHARE] [NOWAIT|SKIP LOCKED]
//   UPDATE t SET col = n|col|col + n|col - n [, ...] [WHERE cond]
//   DELETE FROM t [WHERE cond]
// where cond is `col op value [AND ...]`. `pk = n` alone becomes a key lookup (select_by_key,
// update_by_key, delete_by_key); anything else a scan with a predicate.
//
// Trace: `<step> <session>: <sql> => <outcome>`, outcome being the command tag and the rows
// (sorted), `blocked`, or `ERROR <sqlstate>`; a blocked step that completes later prints
// `   <step> <session> completes => <outcome>` after the step that released it (completions
// of one step sorted by step number).
#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/storage/sql/database.hpp"

using namespace sdsim::storage::sql;

namespace {

// ---- Lexer and parser for the statement shapes above ----------------------------------

struct Token {
  enum Kind { word, number, text, symbol, end } kind;
  std::string s;
};

std::vector<Token> lex(const std::string& sql) {
  std::vector<Token> out;
  for (std::size_t i = 0; i < sql.size();) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ';') {
      ++i;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i;
      while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_'))
        ++j;
      out.push_back({Token::word, sql.substr(i, j - i)});
      i = j;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t j = i;
      while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
      out.push_back({Token::number, sql.substr(i, j - i)});
      i = j;
    } else if (c == '\'') {
      std::size_t j = sql.find('\'', i + 1);
      if (j == std::string::npos) throw std::runtime_error("unterminated string");
      out.push_back({Token::text, sql.substr(i + 1, j - i - 1)});
      i = j + 1;
    } else if ((c == '<' || c == '>') && i + 1 < sql.size() &&
               (sql[i + 1] == '=' || sql[i + 1] == '>')) {
      out.push_back({Token::symbol, sql.substr(i, 2)});
      i += 2;
    } else {
      out.push_back({Token::symbol, std::string(1, c)});
      ++i;
    }
  }
  out.push_back({Token::end, ""});
  return out;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

struct Term {  // col op value
  std::string column, op;
  Value value;
};

struct Expr {          // n | col | col + n | col - n
  std::string column;  // empty: a constant
  std::int64_t constant = 0;
};

struct Stmt {
  enum Kind {
    create,
    begin,
    commit,
    rollback,
    prepare,
    commit_prepared,
    rollback_prepared,
    insert,
    select,
    update,
    remove
  } kind;
  std::string table, gid;
  Isolation isolation = Isolation::read_committed;
  bool read_only = false;
  std::vector<Row> rows;                    // INSERT
  std::vector<std::string> items;           // SELECT list ("*", columns)
  std::string aggregate, aggregate_column;  // count / sum
  std::vector<Term> where;
  std::vector<std::pair<std::string, Expr>> sets;
  std::optional<LockClause> lock;
  std::optional<Schema> schema;  // CREATE TABLE
};

class Parser {
 public:
  explicit Parser(const std::string& sql) : t_(lex(sql)) {}

  Stmt parse() {
    Stmt st{};
    std::string w = take_word();
    if (w == "CREATE") return create_table();
    if (w == "BEGIN" || w == "START") return begin();
    if (w == "COMMIT" || w == "ROLLBACK") {
      bool commit = w == "COMMIT";
      if (accept("PREPARED")) {
        st.kind = commit ? Stmt::commit_prepared : Stmt::rollback_prepared;
        st.gid = take(Token::text);
      } else {
        st.kind = commit ? Stmt::commit : Stmt::rollback;
      }
    } else if (w == "PREPARE") {
      expect("TRANSACTION");
      st.kind = Stmt::prepare;
      st.gid = take(Token::text);
    } else if (w == "INSERT") {
      st.kind = Stmt::insert;
      expect("INTO");
      st.table = take(Token::word);
      expect("VALUES");
      do st.rows.push_back(values());
      while (accept_symbol(","));
    } else if (w == "SELECT") {
      st.kind = Stmt::select;
      select_list(st);
      expect("FROM");
      st.table = take(Token::word);
      if (accept("WHERE")) st.where = condition();
      if (accept("ORDER")) {
        expect("BY");
        take(Token::word);
      }
      if (accept("FOR")) st.lock = lock_clause();
    } else if (w == "UPDATE") {
      st.kind = Stmt::update;
      st.table = take(Token::word);
      expect("SET");
      do {
        std::string col = take(Token::word);
        expect_symbol("=");
        st.sets.emplace_back(col, expr());
      } while (accept_symbol(","));
      if (accept("WHERE")) st.where = condition();
    } else if (w == "DELETE") {
      st.kind = Stmt::remove;
      expect("FROM");
      st.table = take(Token::word);
      if (accept("WHERE")) st.where = condition();
    } else {
      throw std::runtime_error("unsupported statement " + w);
    }
    if (t_[i_].kind != Token::end) throw std::runtime_error("unexpected " + t_[i_].s);
    return st;
  }

 private:
  std::string take(Token::Kind kind) {
    if (t_[i_].kind != kind) throw std::runtime_error("unexpected '" + t_[i_].s + "'");
    return t_[i_++].s;
  }
  std::string take_word() { return upper(take(Token::word)); }
  bool accept(const char* word) {
    if (t_[i_].kind == Token::word && upper(t_[i_].s) == word) return ++i_, true;
    return false;
  }
  void expect(const char* word) {
    if (!accept(word)) throw std::runtime_error(std::string("expected ") + word);
  }
  bool accept_symbol(const char* s) {
    if (t_[i_].kind == Token::symbol && t_[i_].s == s) return ++i_, true;
    return false;
  }
  void expect_symbol(const char* s) {
    if (!accept_symbol(s)) throw std::runtime_error(std::string("expected ") + s);
  }
  std::int64_t integer() {
    bool negative = accept_symbol("-");
    std::int64_t n = std::stoll(take(Token::number));
    return negative ? -n : n;
  }
  Value value() {
    if (accept("NULL")) return Value();
    if (t_[i_].kind == Token::text) return Value(take(Token::text));
    return Value(integer());
  }
  Row values() {
    Row row;
    expect_symbol("(");
    do row.push_back(value());
    while (accept_symbol(","));
    expect_symbol(")");
    return row;
  }
  Expr expr() {
    Expr e;
    if (t_[i_].kind != Token::word) {
      e.constant = integer();
      return e;
    }
    e.column = take(Token::word);
    if (accept_symbol("+"))
      e.constant = integer();
    else if (accept_symbol("-"))
      e.constant = -integer();
    return e;
  }
  std::vector<Term> condition() {
    std::vector<Term> terms;
    do {
      Term term;
      term.column = take(Token::word);
      term.op = take(Token::symbol);
      term.value = value();
      terms.push_back(term);
    } while (accept("AND"));
    return terms;
  }
  void select_list(Stmt& st) {
    do {
      if (accept_symbol("*")) {
        st.items.push_back("*");
      } else {
        std::string w = take(Token::word);
        std::string fn = upper(w);
        if ((fn == "COUNT" || fn == "SUM") && accept_symbol("(")) {
          st.aggregate = fn;
          if (!accept_symbol("*")) st.aggregate_column = take(Token::word);
          expect_symbol(")");
        } else {
          st.items.push_back(w);
        }
      }
    } while (accept_symbol(","));
  }
  LockClause lock_clause() {
    LockClause lock;
    if (accept("UPDATE"))
      lock.mode = RowLockMode::update;
    else if (accept("SHARE"))
      lock.mode = RowLockMode::share;
    else if (accept("NO")) {
      expect("KEY");
      expect("UPDATE");
      lock.mode = RowLockMode::no_key_update;
    } else {
      expect("KEY");
      expect("SHARE");
      lock.mode = RowLockMode::key_share;
    }
    if (accept("NOWAIT"))
      lock.wait = WaitPolicy::nowait;
    else if (accept("SKIP")) {
      expect("LOCKED");
      lock.wait = WaitPolicy::skip_locked;
    }
    return lock;
  }
  Stmt begin() {
    Stmt st{};
    st.kind = Stmt::begin;
    accept("TRANSACTION");
    for (;;) {
      if (accept("ISOLATION")) {
        expect("LEVEL");
        if (accept("SERIALIZABLE"))
          st.isolation = Isolation::serializable;
        else if (accept("REPEATABLE"))
          expect("READ"), st.isolation = Isolation::repeatable_read;
        else
          expect("READ"), expect("COMMITTED"), st.isolation = Isolation::read_committed;
      } else if (accept("READ")) {
        if (accept("ONLY"))
          st.read_only = true;
        else
          expect("WRITE");
      } else {
        return st;
      }
    }
  }
  // Column CHECKs get PostgreSQL's default names, <table>_<column>_check.
  Stmt create_table() {
    expect("TABLE");
    std::string table = take(Token::word);
    std::vector<Column> columns;
    std::vector<std::string> primary, uniques;
    std::vector<std::pair<std::string, Term>> checks;
    expect_symbol("(");
    do {
      Column col{take(Token::word), Type::int64, false};
      std::string type = take_word();
      if (type == "TEXT")
        col.type = Type::text;
      else if (type == "DOUBLE")
        expect("PRECISION"), col.type = Type::float64;
      else if (type != "BIGINT" && type != "INTEGER" && type != "INT")
        throw std::runtime_error("unsupported type " + type);
      for (;;) {
        if (accept("PRIMARY"))
          expect("KEY"), primary.push_back(col.name);
        else if (accept("NOT"))
          expect("NULL"), col.not_null = true;
        else if (accept("UNIQUE"))
          uniques.push_back(col.name);
        else if (accept("CHECK")) {
          expect_symbol("(");
          checks.push_back({table + "_" + col.name + "_check", condition()[0]});
          expect_symbol(")");
        } else
          break;
      }
      columns.push_back(col);
    } while (accept_symbol(","));
    expect_symbol(")");
    Stmt st{};
    st.kind = Stmt::create;
    st.table = table;
    st.schema.emplace(table, columns, primary);
    for (const auto& u : uniques) st.schema->unique({u});
    for (auto& [name, term] : checks)
      st.schema->check(name, [term = term](const RowRef& row) {
        const Value& v = row[term.column];
        return v.is_null() || holds(v, term.op, term.value);  // NULL passes a CHECK
      });
    return st;
  }

 public:
  static bool holds(const Value& v, const std::string& op, const Value& x) {
    if (v.is_null() || x.is_null()) return false;
    if (op == "=") return v == x;
    if (op == "<>") return !(v == x);
    if (op == "<") return v < x;
    if (op == ">") return x < v;
    if (op == "<=") return !(x < v);
    if (op == ">=") return !(v < x);
    throw std::runtime_error("unsupported operator " + op);
  }

 private:
  std::vector<Token> t_;
  std::size_t i_ = 0;
};

// ---- Running statements through the block ------------------------------------------------

std::string format_rows(std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  std::string out;
  for (const auto& r : rows) out += " " + r;
  return out;
}

class Driver {
 public:
  void step(int n, const std::string& who, const std::string& sql) {
    Stmt st = Parser(sql).parse();
    Session& s = sessions_[who];
    std::string outcome = execute(n, s, st);
    std::cout << n << " " << who << ": " << sql << " => " << outcome << "\n";
    wake_waiters();
  }

  // The server crashes and restarts: every connection is gone, prepared transactions stay.
  void restart(int n) {
    db_.crash();
    sessions_.clear();
    std::cout << n << " RESTART => ok\n";
  }

 private:
  struct Session {
    std::optional<TxnId> txn;
    bool autocommit = false;    // the open transaction is the statement's own
    bool failed_block = false;  // a block aborted by a session-level error (25001)
    std::optional<Stmt> pending;
    int pending_step = 0;
  };

  std::string execute(int n, Session& s, const Stmt& st) {
    if (s.failed_block) {  // the block the driver aborted, until it ends
      bool ends = st.kind == Stmt::commit || st.kind == Stmt::rollback || st.kind == Stmt::prepare;
      if (!ends) return "ERROR 25P02";
      s.failed_block = false;
      return "ROLLBACK";
    }
    switch (st.kind) {
      case Stmt::create:
        return outcome(db_.create_table(*st.schema), st);
      case Stmt::begin: {
        if (s.txn) return "BEGIN";  // PostgreSQL warns and carries on
        Result r = db_.begin(st.isolation, st.read_only);
        if (r.ok()) s.txn = r.txn;
        return outcome(r, st);
      }
      case Stmt::commit:
      case Stmt::rollback:
      case Stmt::prepare: {
        if (!s.txn)
          return st.kind == Stmt::commit     ? "COMMIT"
                 : st.kind == Stmt::rollback ? "ROLLBACK"
                                             : "PREPARE TRANSACTION";
        TxnId t = *s.txn;
        s.txn.reset();
        return outcome(st.kind == Stmt::commit     ? db_.commit(t)
                       : st.kind == Stmt::rollback ? db_.rollback(t)
                                                   : db_.prepare(t, st.gid),
                       st);
      }
      case Stmt::commit_prepared:
      case Stmt::rollback_prepared:
        // A session rule: "cannot run inside a transaction block" (25001), aborting the block.
        if (s.txn) {
          db_.rollback(*s.txn);
          s.txn.reset();
          s.failed_block = true;
          return "ERROR 25001";
        }
        return outcome(st.kind == Stmt::commit_prepared ? db_.commit_prepared(st.gid)
                                                        : db_.rollback_prepared(st.gid),
                       st);
      default:
        break;
    }
    if (!s.txn) {  // autocommit: the statement is its own READ COMMITTED transaction
      s.txn = db_.begin().txn;
      s.autocommit = true;
    }
    Result r = run(*s.txn, st);
    if (r.blocked()) {
      s.pending = st;
      s.pending_step = n;
      return "blocked";
    }
    return finish(s, st, r);
  }

  // The statement ended: an autocommit transaction ends with it.
  std::string finish(Session& s, const Stmt& st, const Result& r) {
    if (s.autocommit) {
      if (r.ok())
        db_.commit(*s.txn);
      else
        db_.rollback(*s.txn);
      s.txn.reset();
      s.autocommit = false;
    }
    return outcome(r, st);
  }

  Result run(TxnId t, const Stmt& st) {
    if (!db_.has_table(st.table)) return db_.insert(t, st.table, {});  // 42P01 from the block
    const Schema& schema = db_.table(st.table).schema();
    std::optional<Key> key = key_lookup(schema, st.where);
    Predicate where = predicate(st.where);
    switch (st.kind) {
      case Stmt::insert: {
        Result total;
        for (const Row& row : st.rows) {
          Result r = db_.insert(t, st.table, row);
          if (r.blocked() && st.rows.size() > 1)
            throw std::runtime_error("a multi-row INSERT may not wait");
          if (!r.ok()) return r;
          total.work += r.work;
          total.count += 1;
        }
        total.tag = "INSERT 0 " + std::to_string(total.count);
        return total;
      }
      case Stmt::select:
        return key ? db_.select_by_key(t, st.table, *key, st.lock)
                   : db_.select_where(t, st.table, where, st.lock);
      case Stmt::update: {
        Assignments sets;
        for (const auto& [column, e] : st.sets)
          sets.push_back({column, [e = e](const RowRef& row) {
                            if (e.column.empty()) return Value(e.constant);
                            const Value& v = row[e.column];
                            return v.is_null() ? Value() : Value(v.as_int() + e.constant);
                          }});
        return key ? db_.update_by_key(t, st.table, *key, sets)
                   : db_.update_where(t, st.table, where, sets);
      }
      default:
        return key ? db_.delete_by_key(t, st.table, *key) : db_.delete_where(t, st.table, where);
    }
  }

  static std::optional<Key> key_lookup(const Schema& schema, const std::vector<Term>& where) {
    const auto& pk = schema.indexes()[0].columns;
    if (where.size() != 1 || pk.size() != 1 || where[0].op != "=") return std::nullopt;
    if (schema.column(where[0].column) != pk[0]) return std::nullopt;
    return Key{where[0].value};
  }

  static Predicate predicate(const std::vector<Term>& where) {
    return [where](const RowRef& row) {
      for (const auto& term : where)
        if (!Parser::holds(row[term.column], term.op, term.value)) return false;
      return true;
    };
  }

  std::string outcome(const Result& r, const Stmt& st) {
    if (r.failed()) return "ERROR " + r.sqlstate();
    if (r.blocked()) return "blocked";
    if (st.kind != Stmt::select) return r.tag;
    const Schema& schema = db_.table(st.table).schema();
    if (!st.aggregate.empty()) {
      if (st.aggregate == "COUNT") return "SELECT 1 (" + std::to_string(r.rows.size()) + ")";
      if (r.rows.empty()) return "SELECT 1 (NULL)";
      std::int64_t sum = 0;
      int c = schema.column(st.aggregate_column);
      for (const auto& row : r.rows) sum += row[c].as_int();
      return "SELECT 1 (" + std::to_string(sum) + ")";
    }
    std::vector<std::string> rows;
    for (const auto& row : r.rows) {
      Row projected;
      for (const auto& item : st.items) {
        if (item == "*")
          projected.insert(projected.end(), row.begin(), row.end());
        else
          projected.push_back(row[schema.column(item)]);
      }
      rows.push_back(to_string(projected));
    }
    return r.tag + format_rows(rows);
  }

  // Resumes the statements whose waits ended, until none is left runnable; prints their
  // completions sorted by step, like the PostgreSQL side does.
  void wake_waiters() {
    std::vector<std::pair<int, std::string>> done;
    for (auto woken = db_.take_woken(); !woken.empty(); woken = db_.take_woken()) {
      for (TxnId t : woken) {
        for (auto& [name, s] : sessions_) {
          if (!s.txn || *s.txn != t || !s.pending) continue;
          Result r = db_.resume(t);
          if (r.blocked()) continue;
          Stmt st = *s.pending;
          s.pending.reset();
          std::string out = finish(s, st, r);
          done.push_back({s.pending_step, "   " + std::to_string(s.pending_step) + " " + name +
                                              " completes => " + out});
        }
      }
    }
    std::sort(done.begin(), done.end());
    for (const auto& [step, line] : done) std::cout << line << "\n";
  }

  Database db_;
  std::map<std::string, Session> sessions_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: sql_schedule SCHEDULE\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << argv[1] << ": cannot open\n";
    return 2;
  }
  Driver driver;
  std::string line;
  int n = 0, lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    try {
      if (line.substr(first) == "RESTART") {
        driver.restart(++n);
        continue;
      }
      auto colon = line.find(':');
      if (colon == std::string::npos) throw std::runtime_error("expected `session: statement`");
      std::string who = line.substr(first, colon - first);
      std::string sql = line.substr(line.find_first_not_of(" \t", colon + 1));
      driver.step(++n, who, sql);
    } catch (const std::exception& e) {
      std::cerr << argv[1] << ":" << lineno << ": error: " << e.what() << "\n";
      return 2;
    }
  }
  return 0;
}
