// The NoSQL table service's settings: the table's provisioned throughput named and defaulted
// as DynamoDB's (partitions by ceil(RCU / 3000 + WCU / 1000); 300 s of burst; 3,000 RCU
// and 1,000 WCU per partition at most), its request threads, the global-secondary-index
// propagation, and the cost model. Indexes are added in code (NoSqlTable::add_index).
#pragma once

#include "sim/core/param_table.hpp"
#include "sim/storage/nosql/table.hpp"

namespace sdsim::nosql_service {

struct NoSqlCosts {
  double cpu_per_request{};  // s
  double cpu_per_kb{};       // s per KB of items read or written
  double disk_seek{};        // s before a read that reaches the disk
  double replication{};      // s a write waits for two of the partition's three replicas
};

struct NoSqlConfig {
  int partitions{};
  double read_capacity{}, write_capacity{};                // units/s
  double burst{};                                          // s
  double partition_read_limit{}, partition_write_limit{};  // units/s
  int request_threads{};
  double index_propagation_interval{};  // s: a propagator with nothing to send waits this long
  int index_batch{};                    // updates per propagation message
  NoSqlCosts costs;

  storage::nosql::TableOptions options() const;  // throws std::invalid_argument
};

const ParamTable<NoSqlConfig>& nosql_params();

}  // namespace sdsim::nosql_service
