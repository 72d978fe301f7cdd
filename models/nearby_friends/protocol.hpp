// The nearby friends model's messages between a client and its WebSocket server: the
// connection frames of sim/services/connection (handshake, pings, close) and the location
// update the client sends every update_interval, acknowledged by the server. Friends'
// positions come back as the connection's data frames (topic "user:<id>" for a forwarded
// update, "init:<id>" for a position read from the cache when the connection started).
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>

#include "sim/services/connection/protocol.hpp"

namespace sdsim::nearby_friends {

struct LocationAck {
  static constexpr std::string_view kName = "nearby_location_ack";
  double wire_bytes() const { return connection::kFrameHeaderBytes; }
};
struct LocationUpdate {
  static constexpr std::string_view kName = "nearby_location_update";
  using Reply = LocationAck;
  connection::ConnectionId connection = 0;
  std::uint32_t user = 0;
  std::uint64_t seq = 0;
  double lat = 0, lon = 0;  // degrees
  double sent_at = 0;       // s
  double wire_bytes() const { return connection::kFrameHeaderBytes + 36; }
};

using WsProtocol = std::variant<connection::OpenConnection, connection::Heartbeat,
                                connection::CloseConnection, LocationUpdate>;

}  // namespace sdsim::nearby_friends
