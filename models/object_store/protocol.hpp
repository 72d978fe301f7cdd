// The typed messages between the object store's actors, one protocol per service. Sizes are
// what the bytes on the wire would be: object or shard data plus a fixed header.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "models/object_store/listing.hpp"

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
  double wire_bytes() const { return 200; }
};
using ApiProtocol = std::variant<Put, Get, Delete, List>;

// ---- placement (api, repair, data nodes -> placement) -----------------------------------
struct PlaceReply {
  static constexpr std::string_view kName = "place_reply";
  std::vector<int> nodes;
  double wire_bytes() const { return 200; }
};
struct Place {
  static constexpr std::string_view kName = "place";
  using Reply = PlaceReply;
  std::uint64_t id = 0;
  int count = 0;
  double wire_bytes() const { return 200; }
};
struct Heartbeat {
  static constexpr std::string_view kName = "heartbeat";
  int node = 0;
  double wire_bytes() const { return 100; }
};
using PlacementProtocol = std::variant<Place, Heartbeat>;

// ---- data nodes -------------------------------------------------------------------------
struct ChunkAck {
  static constexpr std::string_view kName = "chunk_ack";
  double wire_bytes() const { return 100; }
};
struct ChunkData {
  static constexpr std::string_view kName = "chunk_data";
  double bytes = 0.0;  // shard bytes (0 when it failed)
  double wire_bytes() const { return bytes + 100; }
};
struct ChunkWrite {
  static constexpr std::string_view kName = "chunk_write";
  using Reply = ChunkAck;
  std::uint64_t id = 0;
  int shard = 0;
  double bytes = 0.0;
  double wire_bytes() const { return bytes + 200; }
};
struct ChunkRead {
  static constexpr std::string_view kName = "chunk_read";
  using Reply = ChunkData;
  std::uint64_t id = 0;
  int shard = 0;
  double wire_bytes() const { return 200; }
};
struct ChunkDelete {  // no reply: the data node leaves a tombstone
  static constexpr std::string_view kName = "chunk_delete";
  std::uint64_t id = 0;
  int shard = 0;
  double wire_bytes() const { return 200; }
};
using DataNodeProtocol = std::variant<ChunkWrite, ChunkRead, ChunkDelete>;

// ---- metadata shards ----------------------------------------------------------------------
struct MetaReply {
  static constexpr std::string_view kName = "meta_reply";
  bool found = false;
  ObjectRow row;
  ListResult list;
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
  double wire_bytes() const { return 300; }
};
using MetadataProtocol = std::variant<MetaPut, MetaGet, IndexAdd, IndexList>;

}  // namespace sdsim::object_store
