// A single-leader streaming replica with replication lag (27.2 "Log-Shipping Standby
// Servers", asynchronous streaming replication). The caller drives the lag: it remembers the
// LSN each commit returned and, when its simulated lag has passed, replays up to that LSN.
// Reads on the standby see the state as of its last replayed commit; failover_loss() counts
// the commits a promotion at this moment would lose.
#pragma once

#include <cstdint>

#include "sim/storage/sql/database.hpp"

namespace sdsim::storage::sql {

struct FailoverLoss {
  int transactions = 0;          // committed on the leader, not replayed here
  std::int64_t row_changes = 0;  // their inserts, updates and deletes
  std::int64_t wal_bytes = 0;    // their WAL
};

class Replica {
 public:
  // Starts empty and replays the leader's stream from the beginning (tables included); the
  // leader must keep its stream until every replica replayed it (see discard_wal_through).
  explicit Replica(const Database& leader, DatabaseOptions options = {});

  // Replays every committed transaction whose commit record ends at or before `lsn`.
  Work replicate_until(Lsn lsn);
  Work replicate_all() { return replicate_until(leader_->current_lsn()); }

  Lsn replay_lsn() const { return replay_lsn_; }
  Lsn lag_bytes() const { return leader_->current_lsn() - replay_lsn_; }  // pg_wal_lsn_diff
  FailoverLoss failover_loss() const;

  Database& database() { return standby_; }
  const Database& database() const { return standby_; }
  // The standby stops replaying and becomes a writable leader.
  Database promote();

 private:
  const Database* leader_;
  Database standby_;
  Lsn replay_lsn_ = 0;
};

}  // namespace sdsim::storage::sql
