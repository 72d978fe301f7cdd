// The blob store's typed messages, sized as the bytes on the wire: chunk data plus a fixed
// header. The placement service answers `Place` and takes heartbeats; data nodes store, read
// and tombstone chunks (a copy, or one RS chunk) by (blob id, chunk index).
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

namespace sdsim::blob_service {

// ---- placement (clients, data nodes -> placement) ----------------------------------------
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

// ---- data nodes ---------------------------------------------------------------------------
struct ChunkAck {
  static constexpr std::string_view kName = "chunk_ack";
  double wire_bytes() const { return 100; }
};
struct ChunkData {
  static constexpr std::string_view kName = "chunk_data";
  double bytes = 0.0;  // chunk bytes (0 when it failed)
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

}  // namespace sdsim::blob_service
