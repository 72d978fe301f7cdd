// The typed messages between the object store's own actors, one protocol per service. Sizes are
// what the bytes on the wire would be: object or shard data plus a fixed header.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "models/object_store/listing.hpp"
#include "sim/services/blob/protocol.hpp"

namespace sdsim::object_store {

struct ObjectRow {
  std::uint64_t id = 0;
  std::string bucket, name;
  double size = 0.0;
  std::vector<int> nodes;  // data node of each shard
};

// ---- API (clients -> api) ------------------------------------------------------------------
struct ObjectReply {
  static constexpr std::string_view kName = "object_reply";
  bool degraded = false;  // GET: served by reconstruction
  ListResult list;        // LIST
  bool truncated = false;  // LIST page: more entries follow (ListObjectsV2's IsTruncated)
  std::string next_token;  // LIST page: NextContinuationToken
  double bytes = 200;     // the object's bytes for a GET, the listing for a LIST
  double wire_bytes() const { return bytes; }
};
struct Put {
  static constexpr std::string_view kName = "PUT";
  using Reply = ObjectReply;
  std::string bucket, name;
  double size = 0.0;
  double wire_bytes() const { return size + 200; }
};
struct Get {
  static constexpr std::string_view kName = "GET";
  using Reply = ObjectReply;
  std::string bucket, name;
  double wire_bytes() const { return 200; }
};
struct Delete {
  static constexpr std::string_view kName = "DELETE";
  using Reply = ObjectReply;
  std::string bucket, name;
  double wire_bytes() const { return 200; }
};
struct List {
  static constexpr std::string_view kName = "LIST";
  using Reply = ObjectReply;
  std::string bucket, prefix, delimiter;
  std::size_t max_keys = 0;  // ListObjectsV2 page size; 0 = the whole listing at once
  std::string token;         // ContinuationToken of the previous page
  double wire_bytes() const { return 200; }
};
using ApiProtocol = std::variant<Put, Get, Delete, List>;

// ---- placement and data nodes: the blob store's (sim/services/blob/protocol.hpp) -----------
using blob_service::ChunkAck;
using blob_service::ChunkData;
using blob_service::ChunkDelete;
using blob_service::ChunkRead;
using blob_service::ChunkWrite;
using blob_service::DataNodeProtocol;

// ---- metadata shards ----------------------------------------------------------------------
struct MetaReply {
  static constexpr std::string_view kName = "meta_reply";
  bool found = false;
  ObjectRow row;
  ListResult list;
  bool truncated = false;
  std::string next_token;
  double wire_bytes() const {
    double b = 200;
    for (const auto& o : list.objects) b += double(o.size()) + 50;
    for (const auto& p : list.common_prefixes) b += double(p.size()) + 10;
    return b;
  }
};
struct MetaPut {
  static constexpr std::string_view kName = "meta_put";
  using Reply = MetaReply;
  ObjectRow row;
  double wire_bytes() const { return 300; }
};
struct MetaGet {  // meta_delete when `remove`
  static constexpr std::string_view kName = "meta_get";
  using Reply = MetaReply;
  std::string bucket, name;
  bool remove = false;
  double wire_bytes() const { return 300; }
};
struct IndexAdd {  // index_remove when `remove`
  static constexpr std::string_view kName = "index_add";
  using Reply = MetaReply;
  std::string bucket, name;
  bool remove = false;
  double wire_bytes() const { return 300; }
};
struct IndexList {
  static constexpr std::string_view kName = "index_list";
  using Reply = MetaReply;
  std::string bucket, prefix, delimiter;
  std::size_t max_keys = 0;  // 0 = the whole listing
  std::string token;
  double wire_bytes() const { return 300; }
};
using MetadataProtocol = std::variant<MetaPut, MetaGet, IndexAdd, IndexList>;

}  // namespace sdsim::object_store
