// The NoSQL table's messages: item operations and queries to the storage node of their
// partition, one partition's scan (a segment of a scatter-gather), index queries to the node
// of the index partition, and index updates between nodes. A throttled request is answered
// with Throttled and Status::Retry. Wire sizes: a 100 B header plus the items' sizes.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/storage/nosql/table.hpp"

namespace sdsim::nosql_service {

using storage::nosql::IndexUpdate;
using storage::nosql::Item;

inline constexpr double kHeaderBytes = 100;
inline double items_bytes(const std::vector<Item>& items) {
  double b = 0;
  for (const Item& i : items) b += static_cast<double>(storage::nosql::item_size(i, {}));
  return b;
}

enum class ThrottleReason { partition, index_backlog, index_read };
struct Throttled {
  static constexpr std::string_view kName = "nosql_throttled";
  ThrottleReason reason = ThrottleReason::partition;
  double wire_bytes() const { return kHeaderBytes; }
};

struct WriteReply {
  static constexpr std::string_view kName = "nosql_write_reply";
  double units = 0;
  double wire_bytes() const { return kHeaderBytes; }
};
struct Put {
  static constexpr std::string_view kName = "nosql_put";
  using Reply = WriteReply;
  Item item;
  double wire_bytes() const { return kHeaderBytes + items_bytes({item}); }
};
struct Delete {
  static constexpr std::string_view kName = "nosql_delete";
  using Reply = WriteReply;
  std::string pk, sk;
  double wire_bytes() const { return kHeaderBytes + pk.size() + sk.size(); }
};

struct ItemsReply {
  static constexpr std::string_view kName = "nosql_items";
  std::vector<Item> items;
  double units = 0;
  double wire_bytes() const { return kHeaderBytes + items_bytes(items); }
};
struct Get {
  static constexpr std::string_view kName = "nosql_get";
  using Reply = ItemsReply;
  std::string pk, sk;
  bool consistent = false;  // DynamoDB's default is eventually consistent
  double wire_bytes() const { return kHeaderBytes + pk.size() + sk.size(); }
};
struct Query {
  static constexpr std::string_view kName = "nosql_query";
  using Reply = ItemsReply;
  std::string pk, sk_begin, sk_end;
  std::size_t limit = 1000;
  bool consistent = false;
  double wire_bytes() const { return kHeaderBytes + pk.size() + sk_begin.size() + sk_end.size(); }
};
struct ScanPartition {
  static constexpr std::string_view kName = "nosql_scan";
  using Reply = ItemsReply;
  int partition = 0;
  std::string attribute, value;  // equality filter; no filter when attribute is empty
  bool consistent = false;
  double wire_bytes() const { return kHeaderBytes + attribute.size() + value.size(); }
};
struct IndexQuery {
  static constexpr std::string_view kName = "nosql_index_query";
  using Reply = ItemsReply;
  std::string index, key;
  std::size_t limit = 1000;
  double wire_bytes() const { return kHeaderBytes + index.size() + key.size(); }
};

struct IndexApplied {
  static constexpr std::string_view kName = "nosql_index_applied";
  double wire_bytes() const { return kHeaderBytes; }
};
struct IndexApply {
  static constexpr std::string_view kName = "nosql_index_apply";
  using Reply = IndexApplied;
  std::string index;
  std::vector<IndexUpdate> updates;
  double wire_bytes() const {
    double b = kHeaderBytes;
    for (const auto& u : updates) b += static_cast<double>(u.bytes()) + 16;
    return b;
  }
};

using NoSqlProtocol = std::variant<Put, Delete, Get, Query, ScanPartition, IndexQuery, IndexApply>;

}  // namespace sdsim::nosql_service
