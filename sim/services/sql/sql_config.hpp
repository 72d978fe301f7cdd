// The SQL database service's settings: the server's, named and defaulted as PostgreSQL 15's
// (postgresql.conf: max_connections 100, deadlock_timeout 1s, lock_timeout 0,
// max_prepared_transactions, recovery_min_apply_delay 0, checkpoint_timeout 5min), and the
// small cost model that turns the block's counted work (sim/storage/sql/work.hpp) into CPU
// and disk time (figures for an SSD-backed server, after sim/storage/sql/README.md).
// synchronous_commit is on and not a setting: the block keeps every commit (see README.md).
#pragma once

#include "sim/core/param_table.hpp"
#include "sim/storage/sql/database.hpp"

namespace sdsim::sql_service {

struct SqlCosts {
  double cpu_per_statement{};     // s of one core: parse, plan, executor start
  double cpu_per_btree_page{};    // s per index page visited
  double cpu_per_row_read{};      // s per tuple version examined
  double cpu_per_row_write{};     // s per heap tuple written or locked, per index entry inserted
  double buffer_miss_ratio{};     // of B-tree pages, read from the disk (shared_buffers misses)
  double disk_read_latency{};     // s: one random 8 KB page read
  double fsync{};                 // s: one WAL flush
  double cpu_per_replayed_row{};  // s: a standby's replay of one row change
};

struct SqlConfig {
  int max_connections{};
  double deadlock_timeout{};  // s
  double lock_timeout{};      // s; 0: waits forever
  int max_prepared_transactions{};
  int btree_fanout{};
  double checkpoint_timeout{};        // s: recovery replays the WAL since the last checkpoint
  double recovery_min_apply_delay{};  // s: a standby applies a commit this long after receiving it
  SqlCosts costs;

  storage::sql::DatabaseOptions options(bool standby = false) const;
};

const ParamTable<SqlConfig>& sql_params();

}  // namespace sdsim::sql_service
