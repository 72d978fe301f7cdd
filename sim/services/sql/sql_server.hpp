// A PostgreSQL-like database server: the SQL block (sim/storage/sql) on a platform host,
// served by a daemon service with one backend per session (a worker pool of max_connections),
// restarted with its host; or its asynchronous streaming standby on another host.
//
// Sessions and transactions: Connect opens a session (53300 beyond max_connections); BEGIN,
// statements and COMMIT/ROLLBACK run in it; a statement outside a transaction runs in its own
// (autocommit). A statement that must wait for a row lock really waits: its reply comes when
// the blocker ends and the statement completes, in simulated time. The deadlock victim's 40P01
// comes deadlock_timeout after its wait began, and the transactions waiting on it go on only
// then (PostgreSQL runs the check deadlock_timeout into a wait; the block finds the cycle when
// the wait begins, so the service holds the outcome back). lock_timeout > 0 cancels a wait
// with 55P03.
//
// Durability (synchronous_commit = on): a COMMIT writes the transaction's WAL and waits one
// fsync before the block commits it, so a crash during the flush loses the transaction and a
// crash after it loses nothing acknowledged. PREPARE TRANSACTION and COMMIT/ROLLBACK PREPARED
// flush likewise. What a crash loses: sessions, open transactions (rolled back by recovery),
// waits; what survives: committed data and prepared transactions with their row locks. The
// restart reads the WAL written since the last checkpoint (checkpoint_timeout) before it
// serves, and a session of the previous life gets 08003.
//
// Standby: the leader ships every commit's LSN (and its WAL bytes) to its standbys; a standby
// replays up to it recovery_min_apply_delay after it arrives, and answers read-only sessions
// from what it replayed (stale by the replication lag, measured per transaction). A standby
// that restarts asks the leader for its current LSN (StreamFrom) and catches up. promote()
// makes it a writable leader and counts the commits the old leader had acknowledged that it
// never replayed (lost). fence() makes a server refuse every request (57P03), as a failover
// manager stops an old leader.
//
// Cost model (README.md): per statement cpu_per_statement + cpu_per_btree_page x pages +
// cpu_per_row_read x rows read + cpu_per_row_write x (rows written + locked + index entries),
// and buffer_miss_ratio x pages random reads of disk_read_latency (an expected value, not a
// draw); per writing commit the transaction's WAL bytes to the disk and one fsync; a standby
// pays cpu_per_replayed_row per row change and writes the WAL it receives.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/metrics/histogram.hpp"
#include "sim/net/net.hpp"
#include "sim/services/sql/protocol.hpp"
#include "sim/services/sql/sql_config.hpp"
#include "sim/storage/sql/replica.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::sql_service {

struct SqlServerStats {
  std::uint64_t sessions = 0, sessions_refused = 0, statements = 0, errors = 0;
  std::uint64_t commits = 0, rollbacks = 0, prepared = 0, finished_prepared = 0;
  std::uint64_t lock_waits = 0, deadlocks = 0, lock_timeouts = 0;
  std::uint64_t fsyncs = 0, fsync_mismatches = 0;  // mismatch: the block counted otherwise
  double wal_bytes_written = 0;
  LatencyHistogram lock_wait;  // s: from a statement's wait to its reply
  // Crashes.
  std::uint64_t restarts = 0, sessions_lost = 0, transactions_lost = 0, prepared_kept = 0;
  double recovery_bytes_read = 0, recovery_seconds = 0;
  // Standby.
  std::uint64_t transactions_replayed = 0, row_changes_replayed = 0;
  LatencyHistogram replication_lag;  // s: leader's commit to the standby's replay, per transaction
  std::uint64_t promotions = 0;
  storage::sql::FailoverLoss failover_loss;
};

struct SqlDurable;

class SqlServer {
 public:
  // A leader.
  SqlServer(RunContext& ctx, std::string name, const std::string& host, SqlConfig cfg);
  // An asynchronous standby of `leader` (which must outlive it), from a base backup of the
  // leader's state now.
  SqlServer(RunContext& ctx, std::string name, const std::string& host, SqlConfig cfg,
            SqlServer& leader);
  ~SqlServer();
  SqlServer(const SqlServer&) = delete;
  SqlServer& operator=(const SqlServer&) = delete;

  // DDL before the run (a migration); a standby gets the table through the stream.
  storage::sql::Result create_table(storage::sql::Schema schema);
  // Rows loaded before the run in one committed transaction (a restore, as COPY would), at
  // no simulated cost; a leader only. Returns the first failed result, or the commit's.
  storage::sql::Result load_rows(const std::string& table,
                                 const std::vector<storage::sql::Row>& rows);
  void start();

  // Standby only: stop replaying and become a writable leader. Returns what was lost.
  storage::sql::FailoverLoss promote();
  void fence();

  const Endpoint<SqlProtocol>& endpoint() const { return endpoint_; }
  const std::string& name() const { return name_; }
  const SqlConfig& config() const { return cfg_; }
  bool is_standby() const;
  const storage::sql::Database& database() const;
  Lsn replay_lsn() const;  // standby: the end of the last commit replayed
  const SqlServerStats& stats() const;

 private:
  RunContext& ctx_;
  std::string name_;
  SqlConfig cfg_;
  Endpoint<SqlProtocol> endpoint_;
  std::shared_ptr<SqlDurable> durable_;
};

}  // namespace sdsim::sql_service
