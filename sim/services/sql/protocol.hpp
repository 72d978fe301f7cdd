// The SQL service's messages. A client connects (a session, PostgreSQL's backend), then sends
// transaction commands and statements in that session, one at a time: BEGIN, a statement,
// COMMIT or ROLLBACK, PREPARE TRANSACTION, and COMMIT/ROLLBACK PREPARED (from any session).
// A statement outside a transaction runs in one of its own (autocommit, as psql does).
// Every answer is a SqlReply carrying PostgreSQL's command tag, or its SQLSTATE and message.
// Standbys receive WalShip from their leader (the LSN a commit ended at; the replay follows).
//
// Wire sizes: a 100 B header plus each row's tuple bytes (sim/storage/sql/wal.hpp), a key's
// values, the gid; predicates and assignments are C++ functions and cost 32 B each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/storage/sql/database.hpp"

namespace sdsim::sql_service {

using storage::sql::Assignments;
using storage::sql::Isolation;
using storage::sql::Key;
using storage::sql::KeyRange;
using storage::sql::LockClause;
using storage::sql::Lsn;
using storage::sql::Predicate;
using storage::sql::Row;
using storage::sql::Work;

inline constexpr double kHeaderBytes = 100;
double row_bytes(const Row& row);

// One statement of the block's API (sim/storage/sql/database.hpp), built by the functions below.
struct SqlStatement {
  enum class Kind {
    insert,
    select_key,
    select_unique,
    select_where,
    update_key,
    update_where,
    delete_key,
    delete_where
  };
  Kind kind = Kind::select_key;
  std::string table;
  Row row;                 // insert
  Key key;                 // *_key, select_unique
  std::string constraint;  // select_unique
  Predicate where;         // *_where
  KeyRange range;          // *_where
  std::optional<LockClause> lock;
  Assignments sets;
  std::optional<std::int64_t> expected_version;

  bool writes() const { return kind >= Kind::update_key || kind == Kind::insert; }
  double wire_bytes() const;
};

SqlStatement insert(std::string table, Row row);
SqlStatement select_key(std::string table, Key key, std::optional<LockClause> lock = {});
SqlStatement select_unique(std::string table, std::string constraint, Key key,
                           std::optional<LockClause> lock = {});
SqlStatement select_where(std::string table, Predicate where, std::optional<LockClause> lock = {},
                          KeyRange range = {});
SqlStatement update_key(std::string table, Key key, Assignments sets,
                        std::optional<std::int64_t> expected_version = {});
SqlStatement update_where(std::string table, Predicate where, Assignments sets,
                          KeyRange range = {});
SqlStatement delete_key(std::string table, Key key,
                        std::optional<std::int64_t> expected_version = {});
SqlStatement delete_where(std::string table, Predicate where, KeyRange range = {});

struct SqlReply {
  static constexpr std::string_view kName = "sql_reply";
  bool ok = true;
  std::string sqlstate;  // when !ok: "40001", "40P01", "23505", "08006" (connection lost), ...
  std::string message, detail;
  std::string tag;  // "BEGIN", "INSERT 0 1", "UPDATE 1", "SELECT 2", "COMMIT", "ROLLBACK", ...
  std::vector<Row> rows;
  std::int64_t count = 0;
  std::uint64_t session = 0;  // Connect: the new session
  Lsn lsn = 0;                // a commit's: the end of its commit record (0: wrote nothing)
  Work work;                  // the block's counters, for the caller's accounting (not wired)
  double wire_bytes() const {
    double b = kHeaderBytes + message.size() + detail.size();
    for (const Row& r : rows) b += row_bytes(r);
    return b;
  }
};

struct Connect {
  static constexpr std::string_view kName = "sql_connect";
  using Reply = SqlReply;
  double wire_bytes() const { return kHeaderBytes; }
};
struct Disconnect {
  static constexpr std::string_view kName = "sql_disconnect";
  using Reply = SqlReply;
  std::uint64_t session = 0;
  double wire_bytes() const { return kHeaderBytes; }
};
struct Begin {
  static constexpr std::string_view kName = "sql_begin";
  using Reply = SqlReply;
  std::uint64_t session = 0;
  Isolation isolation = Isolation::read_committed;  // PostgreSQL's default
  bool read_only = false;
  double wire_bytes() const { return kHeaderBytes; }
};
struct Execute {
  static constexpr std::string_view kName = "sql_execute";
  using Reply = SqlReply;
  std::uint64_t session = 0;
  SqlStatement statement;
  double wire_bytes() const { return statement.wire_bytes(); }
};
struct Commit {
  static constexpr std::string_view kName = "sql_commit";
  using Reply = SqlReply;
  std::uint64_t session = 0;
  double wire_bytes() const { return kHeaderBytes; }
};
struct Rollback {
  static constexpr std::string_view kName = "sql_rollback";
  using Reply = SqlReply;
  std::uint64_t session = 0;
  double wire_bytes() const { return kHeaderBytes; }
};
struct Prepare {
  static constexpr std::string_view kName = "sql_prepare";
  using Reply = SqlReply;
  std::uint64_t session = 0;
  std::string gid;
  double wire_bytes() const { return kHeaderBytes + gid.size(); }
};
struct FinishPrepared {
  static constexpr std::string_view kName = "sql_finish_prepared";
  using Reply = SqlReply;
  std::uint64_t session = 0;
  std::string gid;
  bool commit = true;  // COMMIT PREPARED, else ROLLBACK PREPARED
  double wire_bytes() const { return kHeaderBytes + gid.size(); }
};
// Leader to standby: the WAL up to `lsn` is there to replay (`bytes` of it since the last).
struct WalShip {
  static constexpr std::string_view kName = "sql_wal";
  using Reply = SqlReply;
  Lsn lsn = 0;
  double bytes = 0;
  double wire_bytes() const { return kHeaderBytes + bytes; }
};
// Standby to leader, when the standby starts: ship me what you have (answered by a WalShip).
struct StreamFrom {
  static constexpr std::string_view kName = "sql_stream_from";
  using Reply = WalShip;
  Lsn lsn = 0;
  double wire_bytes() const { return kHeaderBytes; }
};

using SqlProtocol = std::variant<Connect, Disconnect, Begin, Execute, Commit, Rollback, Prepare,
                                 FinishPrepared, WalShip, StreamFrom>;

}  // namespace sdsim::sql_service
