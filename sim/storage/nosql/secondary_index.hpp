// A global secondary index (DynamoDB Developer Guide, "Global secondary indexes"): the table's
// items re-keyed by two of their attributes, partitioned by the index's own partition key,
// updated asynchronously from the table's writes and read eventually consistently. Items
// without the index's partition attribute are not in it (a sparse index); every attribute is
// projected (ProjectionType ALL).
//
// Each table write that touches the index queues an update on the base partition it came
// from; whoever propagates them (a service) takes them oldest first, applies them to the index
// and acknowledges them. Applying is idempotent (an update older than the one the index holds
// for that base item is skipped), so a batch delivered twice does no harm. The lag of an
// update is the time from its table write to its application.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "sim/storage/nosql/capacity.hpp"
#include "sim/storage/nosql/item.hpp"

namespace sdsim::storage::nosql {

struct IndexOptions {
  std::string name;
  std::string partition_attribute, sort_attribute;  // sort_attribute may be empty
  double write_capacity = 1000;      // WCU/s of the whole index, split over its partitions
  double read_capacity = 3000;       // RCU/s
  std::size_t max_backlog = 100000;  // pending updates beyond which table writes are throttled
};

struct IndexUpdate {
  std::uint64_t seq = 0;  // the table write's sequence number
  int base_partition = 0;
  std::string base_pk, base_sk;
  std::optional<Item> item;  // the item now; empty: it left the index (deleted, or lost the key)
  double written_s = 0;      // when the table write was acknowledged
  std::uint64_t bytes() const;
};

struct IndexStats {
  std::uint64_t queued = 0, applied = 0, skipped_duplicates = 0;
  double lag_sum_s = 0, lag_max_s = 0;
  std::uint64_t read_throttles = 0;
};

class SecondaryIndex {
 public:
  SecondaryIndex(IndexOptions options, KeySchema base_key, int partitions, double burst_seconds);

  const IndexOptions& options() const { return options_; }
  int partitions() const { return partitions_; }
  int partition_of(const std::string& index_pk) const;
  // The index key of an item, if it belongs to the index.
  std::optional<std::pair<std::string, std::string>> key_of(const Item& item) const;

  void enqueue(IndexUpdate update);
  std::vector<IndexUpdate> peek(int base_partition, std::size_t max) const;
  void acknowledge(int base_partition, std::size_t count);
  std::size_t pending(int base_partition) const;
  std::size_t pending() const { return pending_total_; }
  // Capacity of the index partition an update lands on (throttles propagation, not writes).
  bool try_write(int index_partition, double units, double now_s);

  // Applies one update; returns its lag (nullopt when it was older than what the index holds).
  std::optional<double> apply(const IndexUpdate& update, double now_s);

  struct QueryResult {
    bool throttled = false;
    double units = 0;
    std::vector<Item> items;  // by index sort key, then base key
  };
  QueryResult query(const std::string& index_pk, std::size_t limit, double now_s);
  std::size_t size() const { return entries_.size(); }
  const IndexStats& stats() const { return stats_; }

 private:
  using EntryKey =
      std::tuple<std::string, std::string, std::string, std::string>;  // ipk, isk, pk, sk
  IndexOptions options_;
  KeySchema base_key_;
  int partitions_;
  std::vector<std::deque<IndexUpdate>> pending_;  // per base partition
  std::size_t pending_total_ = 0;
  std::vector<PartitionCapacity> write_capacity_, read_capacity_;  // per index partition
  std::map<EntryKey, Item> entries_;
  struct Current {
    std::uint64_t seq = 0;
    std::optional<EntryKey> entry;
  };
  std::map<std::pair<std::string, std::string>, Current> by_base_;
  IndexStats stats_;
};

}  // namespace sdsim::storage::nosql
