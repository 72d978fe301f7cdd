#include "sim/storage/sql/replica.hpp"

namespace sdsim::storage::sql {

namespace {
DatabaseOptions standby_options(DatabaseOptions options) {
  options.hot_standby = true;
  return options;
}
}  // namespace

Replica::Replica(const Database& leader, DatabaseOptions options)
    : leader_(&leader), standby_(standby_options(options)) {}

Work Replica::replicate_until(Lsn lsn) {
  Work work;
  for (const WalRecord* record : leader_->wal_after(replay_lsn_)) {
    if (record->lsn > lsn) break;
    work += standby_.apply(*record);
    replay_lsn_ = record->lsn;
  }
  return work;
}

FailoverLoss Replica::failover_loss() const {
  FailoverLoss loss;
  for (const WalRecord* record : leader_->wal_after(replay_lsn_)) {
    if (record->created) continue;
    loss.transactions += 1;
    loss.row_changes += static_cast<std::int64_t>(record->changes.size());
    loss.wal_bytes += record->bytes;
  }
  return loss;
}

Database Replica::promote() {
  standby_.promote();
  return std::move(standby_);
}

}  // namespace sdsim::storage::sql
