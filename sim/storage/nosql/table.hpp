// A DynamoDB-like table as plain data structures with counted work (no SimGrid): items by
// partition key + sort key, spread over partitions by a hash of the partition key (each
// partition owns an equal range of the 64-bit hash space, as DynamoDB's hash ranges do),
// per-partition capacity accounting with burst capacity (capacity.hpp), and global secondary
// indexes fed asynchronously (secondary_index.hpp). Time is passed in.
//
// Semantics (DynamoDB Developer Guide): PutItem replaces the whole item with that key;
// DeleteItem removes it; GetItem reads one item, strongly or eventually consistently; Query
// reads the items of one partition key in sort-key order, optionally within a sort-key range
// and up to a limit; Scan reads every item of a partition (a parallel scan's segment), with an
// optional equality filter applied after the read (the read is charged in full, as DynamoDB
// charges a filtered scan). A request its partition has no capacity for is throttled and
// changes nothing; a write is also throttled while an index it feeds has max_backlog updates
// pending (DynamoDB throttles table writes when a GSI cannot keep up).
//
// Left out: conditional writes, update expressions, transactions, LSIs, item collections'
// 10 GB limit, partition splits, adaptive capacity, on-demand mode, replication (each
// partition's three replicas), and eventually consistent reads returning older data.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/storage/nosql/capacity.hpp"
#include "sim/storage/nosql/item.hpp"
#include "sim/storage/nosql/secondary_index.hpp"

namespace sdsim::storage::nosql {

struct TableOptions {
  KeySchema key;
  int partitions = 0;            // 0: DynamoDB's rule, ceil(RCU / 3000 + WCU / 1000), at least 1
  double read_capacity = 3000;   // RCU/s, table-wide (provisioned mode)
  double write_capacity = 1000;  // WCU/s
  double burst_seconds = 300;    // unused capacity kept this long
  double partition_read_limit = 3000, partition_write_limit = 1000;  // per partition, per second
  void validate() const;                                             // throws std::invalid_argument
  int partition_count() const;  // the partitions the table gets
};

enum class Throttle { none, partition, index_backlog };

struct WriteResult {
  Throttle throttled = Throttle::none;
  int partition = 0;
  double units = 0;
  bool replaced = false;    // an item with that key was there
  std::uint64_t seq = 0;    // the write's sequence number (0 when throttled)
  std::uint64_t bytes = 0;  // the item's size
  bool ok() const { return throttled == Throttle::none; }
};

struct ReadResult {
  bool throttled = false;
  int partition = 0;
  double units = 0;
  std::vector<Item> items;  // GetItem: at most one
  std::uint64_t bytes_read = 0;
};

struct PartitionStats {
  std::uint64_t items = 0, bytes = 0;
  std::uint64_t writes = 0, reads = 0, write_throttles = 0, read_throttles = 0, index_throttles = 0;
  double write_units = 0, read_units = 0;
};

class Table {
 public:
  explicit Table(TableOptions options);

  // Before the first write.
  SecondaryIndex& add_index(IndexOptions options);

  const TableOptions& options() const { return options_; }
  int partitions() const { return static_cast<int>(partitions_.size()); }
  int partition_of(const std::string& partition_key) const;

  WriteResult put(Item item, double now_s);
  WriteResult remove(const std::string& pk, const std::string& sk, double now_s);
  ReadResult get(const std::string& pk, const std::string& sk, bool consistent, double now_s);
  // Items of `pk` with sort key in [sk_begin, sk_end) ("" as sk_end: no upper bound).
  ReadResult query(const std::string& pk, const std::string& sk_begin, const std::string& sk_end,
                   std::size_t limit, bool consistent, double now_s);
  // Every item of `partition`, kept when `attribute` equals `value` (no filter when attribute is
  // "").
  ReadResult scan(int partition, const std::string& attribute, const std::string& value,
                  bool consistent, double now_s);

  std::vector<std::unique_ptr<SecondaryIndex>>& indexes() { return indexes_; }
  SecondaryIndex* index(const std::string& name);
  const PartitionStats& partition_stats(int p) const { return partitions_.at(p).stats; }
  std::uint64_t items() const;
  // Every item, in partition then key order (for checkers: no capacity is charged).
  std::vector<Item> all_items() const;

 private:
  struct Partition {
    Partition(double r, double rl, double w, double wl, double burst)
        : read(r, rl, burst), write(w, wl, burst) {}
    std::map<std::pair<std::string, std::string>, Item> items;
    PartitionCapacity read, write;
    PartitionStats stats;
  };
  WriteResult write(const std::string& pk, const std::string& sk, std::optional<Item> item,
                    double now_s);
  ReadResult finish_read(Partition& p, ReadResult r, bool consistent, double now_s);

  TableOptions options_;
  std::vector<Partition> partitions_;
  std::vector<std::unique_ptr<SecondaryIndex>> indexes_;
  std::uint64_t seq_ = 0;
};

}  // namespace sdsim::storage::nosql
