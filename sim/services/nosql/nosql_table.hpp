// A DynamoDB-like table on the platform: the table block (sim/storage/nosql) spread over
// storage nodes (partition p, and index partition p, on node p mod nodes), each a daemon
// service with a pool of request threads, restarted with its host; clients route each request
// to its partition's node (as DynamoDB's request routers do) and scatter-gather scans over
// every partition (nosql_client.hpp).
//
// Global secondary indexes are fed asynchronously: every node runs a propagator that takes the
// pending updates of its base partitions oldest first, spends the index partition's write
// capacity, sends them to the node of the index partition (or applies them itself), and
// acknowledges them once applied. The lag (write to application) is measured per index.
//
// Durable: the items, the capacity accounting, the pending index updates (DynamoDB keeps them
// in its replicated log). Volatile: queued requests and propagation in flight (re-sent after the
// restart: applying is idempotent). While a node is down its partitions are unavailable: this
// model keeps one copy per partition (DynamoDB keeps three; see the KV store for replication).
//
// Cost model: a request costs cpu_per_request plus cpu_per_kb per KB of items read or written
// on its node; a read that finds data waits one disk_seek and reads its bytes from the disk; a
// write writes its item's bytes to the disk and waits `replication`; an index update costs the
// index node cpu_per_request per batch, cpu_per_kb per KB and a disk write of its bytes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/net/net.hpp"
#include "sim/services/nosql/nosql_config.hpp"
#include "sim/services/nosql/protocol.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::nosql_service {

struct NoSqlStats {
  std::uint64_t requests = 0, throttled_partition = 0, throttled_index_backlog = 0,
                throttled_index_read = 0;
  std::uint64_t index_batches = 0, index_batches_failed = 0, restarts = 0;
};

class NoSqlTable {
 public:
  NoSqlTable(RunContext& ctx, std::string name, NoSqlConfig cfg);
  NoSqlTable(const NoSqlTable&) = delete;
  NoSqlTable& operator=(const NoSqlTable&) = delete;

  // Before start().
  storage::nosql::SecondaryIndex& add_index(storage::nosql::IndexOptions options);
  // One storage node per host (<name>-0, <name>-1, ...).
  void start(const std::vector<std::string>& hosts);

  const NoSqlConfig& config() const { return cfg_; }
  const std::string& name() const { return name_; }
  int nodes() const { return static_cast<int>(endpoints_.size()); }
  int partitions() const { return table_->partitions(); }
  int node_of_partition(int partition) const { return partition % nodes(); }
  const Endpoint<NoSqlProtocol>& endpoint(int node) const { return endpoints_.at(node); }
  // Routing, as a request router sees it.
  int partition_of(const std::string& pk) const { return table_->partition_of(pk); }
  int index_partition_of(const std::string& index, const std::string& key) const;

  storage::nosql::Table& table() { return *table_; }
  const storage::nosql::Table& table() const { return *table_; }
  NoSqlStats& stats() { return stats_; }
  const NoSqlStats& stats() const { return stats_; }
  std::size_t index_pending() const;
  RunContext& ctx() { return ctx_; }

 private:
  RunContext& ctx_;
  std::string name_;
  NoSqlConfig cfg_;
  std::shared_ptr<storage::nosql::Table> table_;
  std::vector<Endpoint<NoSqlProtocol>> endpoints_;
  std::vector<std::string> names_;
  std::vector<std::shared_ptr<std::uint64_t>> lives_;
  NoSqlStats stats_;
};

}  // namespace sdsim::nosql_service
