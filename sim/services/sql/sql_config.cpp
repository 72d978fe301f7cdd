#include "sim/services/sql/sql_config.hpp"

#include "sim/model/service_params.hpp"

namespace sdsim::sql_service {

storage::sql::DatabaseOptions SqlConfig::options(bool standby) const {
  storage::sql::DatabaseOptions o;
  o.btree_fanout = btree_fanout;
  o.max_prepared_transactions = max_prepared_transactions;
  o.hot_standby = standby;
  return o;
}

const ParamTable<SqlConfig>& sql_params() {
  static const ParamTable<SqlConfig> t = [] {
    ParamTable<SqlCosts> c;
    c.duration("cpu_per_statement", &SqlCosts::cpu_per_statement, "2us",
               "CPU of one statement or transaction command: parse, plan, executor start")
        .duration("cpu_per_btree_page", &SqlCosts::cpu_per_btree_page, "1us",
                  "CPU of one B-tree page visited")
        .duration("cpu_per_row_read", &SqlCosts::cpu_per_row_read, "200ns",
                  "CPU of one tuple version examined (dead ones too)")
        .duration("cpu_per_row_write", &SqlCosts::cpu_per_row_write, "3us",
                  "CPU of one heap tuple written or locked, or one index entry inserted")
        .real("buffer_miss_ratio", &SqlCosts::buffer_miss_ratio, "0.01",
              "share of B-tree page visits that miss shared_buffers and read the disk", 0, 1)
        .duration("disk_read_latency", &SqlCosts::disk_read_latency, "100us",
                  "latency of one random page read (SSD)")
        .duration("fsync", &SqlCosts::fsync, "1ms", "latency of one WAL flush (SSD)")
        .duration("cpu_per_replayed_row", &SqlCosts::cpu_per_replayed_row, "2us",
                  "CPU of a standby replaying one row change");
    ParamTable<SqlConfig> p;
    p.integer("max_connections", &SqlConfig::max_connections, "100",
              "concurrent sessions; one more is refused with 53300 (PostgreSQL default)", 1, 100000)
        .duration("deadlock_timeout", &SqlConfig::deadlock_timeout, "1s",
                  "a lock wait this long runs the deadlock check; the victim fails with 40P01 "
                  "this long after its wait began (PostgreSQL default)")
        .duration("lock_timeout", &SqlConfig::lock_timeout, "0s",
                  "a statement waiting this long for a lock fails with 55P03; 0 waits forever "
                  "(PostgreSQL default)")
        .integer("max_prepared_transactions", &SqlConfig::max_prepared_transactions, "64",
                 "prepared transactions at once; 0 disables PREPARE TRANSACTION (PostgreSQL: 0; "
                 "the models need two-phase commit)",
                 0, 100000)
        .integer("btree_fanout", &SqlConfig::btree_fanout, "256",
                 "index entries per B-tree page (8 KB pages of ~32 B entries)", 2, 100000)
        .duration("checkpoint_timeout", &SqlConfig::checkpoint_timeout, "5min",
                  "time between checkpoints; crash recovery reads the WAL written since the last "
                  "(PostgreSQL default)",
                  1)
        .duration("recovery_min_apply_delay", &SqlConfig::recovery_min_apply_delay, "0s",
                  "a standby applies each commit this long after it arrives (PostgreSQL default 0)")
        .group("costs", "what the server's work costs (an SSD-backed server)", &SqlConfig::costs,
               c);
    return p;
  }();
  return t;
}

}  // namespace sdsim::sql_service

// `sdsim describe service sql`
static const sdsim::ServiceParamsRegistration sql_registration{
    "sql", "PostgreSQL-like database with an async standby (sim/services/sql)",
    &sdsim::sql_service::sql_params};
