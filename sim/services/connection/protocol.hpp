// Long-lived client connections (WebSocket-like, RFC 6455): the frames a client sends to a
// server that accepts connections (its protocol includes OpenConnection, Heartbeat and
// CloseConnection), and the frames the server sends back. Server frames travel as replies to
// the client's OpenConnection request, so they reach the inbox the client opened with, and
// a server's new incarnation (after a crash) knows none of its old connections.
//
// Close codes (RFC 6455 section 7.4.1): 1000 normal closure, 1001 "going away" (a server
// shutting down), 1006 abnormal closure, which is never sent in a frame: the endpoint sets it
// itself when the connection ended without a close frame (a crash seen as a missing
// heartbeat, or a peer that no longer knows the connection).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/net/message.hpp"

namespace sdsim::connection {

using ConnectionId = std::uint64_t;

inline constexpr int kNormalClosure = 1000;
inline constexpr int kGoingAway = 1001;
inline constexpr int kAbnormalClosure = 1006;
inline constexpr double kFrameHeaderBytes = 100;

struct ConnectionOpened {
  static constexpr std::string_view kName = "connection_opened";
  ConnectionId connection = 0;
  double wire_bytes() const { return kFrameHeaderBytes; }
};
// The handshake: the server answers with ConnectionOpened (or a refusal status).
struct OpenConnection {
  static constexpr std::string_view kName = "connection_open";
  using Reply = ConnectionOpened;
  double wire_bytes() const { return kFrameHeaderBytes; }
};

struct HeartbeatAck {
  static constexpr std::string_view kName = "connection_pong";
  ConnectionId connection = 0;
  double wire_bytes() const { return kFrameHeaderBytes; }
};
// A ping: the client's proof of life, answered by a pong (RFC 6455 section 5.5.2).
struct Heartbeat {
  static constexpr std::string_view kName = "connection_ping";
  using Reply = HeartbeatAck;
  ConnectionId connection = 0;
  double wire_bytes() const { return kFrameHeaderBytes; }
};

// A close frame from either side; from the server also the answer to a frame on a
// connection it does not know (then with 1006, as a TCP reset would end it).
struct CloseFrame {
  static constexpr std::string_view kName = "connection_close";
  ConnectionId connection = 0;
  int code = kNormalClosure;
  std::string reason;
  double wire_bytes() const { return kFrameHeaderBytes + static_cast<double>(reason.size()); }
};
struct CloseConnection {
  static constexpr std::string_view kName = "connection_close_request";
  using Reply = NoBody;
  ConnectionId connection = 0;
  int code = kNormalClosure;
  double wire_bytes() const { return kFrameHeaderBytes; }
};

// Application data pushed by the server (a pub/sub message: topic = channel).
struct DataFrame {
  static constexpr std::string_view kName = "connection_data";
  ConnectionId connection = 0;
  std::string topic;
  std::string payload;
  double sent_at = 0;  // s, when the server pushed it (for the receiver's delay figures)
  double wire_bytes() const {
    return kFrameHeaderBytes + static_cast<double>(topic.size() + payload.size());
  }
};

}  // namespace sdsim::connection
