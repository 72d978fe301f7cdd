// The Redis-like server's messages: a command (its argument vector, as a client library
// sends it), its reply (RESP2 value), an orderly shutdown, and the connection frames
// (sim/services/connection) subscribers use. Wire sizes: a 100 B header plus the argument
// bytes, or plus the reply's bytes (16 B per element and integer).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/services/connection/protocol.hpp"
#include "sim/storage/redis/database.hpp"

namespace sdsim::redis_service {

using storage::redis::Arguments;
using storage::redis::Reply;

inline constexpr double kHeaderBytes = 100, kElementBytes = 16;

double reply_bytes(const Reply& r);

struct CommandReply {
  static constexpr std::string_view kName = "redis_reply";
  std::vector<Reply> replies;  // one, or one per channel for (P)(UN)SUBSCRIBE
  double wire_bytes() const {
    double b = kHeaderBytes;
    for (const Reply& r : replies) b += reply_bytes(r);
    return b;
  }
};
// A command. On a connection (`connection` != 0) it also proves the connection alive; the
// subscription commands need one (their messages are pushed on it).
struct Command {
  static constexpr std::string_view kName = "redis_command";
  using Reply = CommandReply;
  Arguments argv;
  connection::ConnectionId connection = 0;
  double wire_bytes() const {
    double b = kHeaderBytes;
    for (const auto& a : argv) b += static_cast<double>(a.size());
    return b;
  }
};

// SHUTDOWN NOSAVE (https://redis.io/commands/shutdown/) followed by a start `down_for`
// seconds later: every connection gets a 1001 close frame, the data is gone (no
// persistence), and the server refuses everything (Unavailable) until it is back.
struct Shutdown {
  static constexpr std::string_view kName = "redis_shutdown";
  using Reply = NoBody;
  double down_for = 0;  // s
  double wire_bytes() const { return kHeaderBytes; }
};

// Asynchronous replication (https://redis.io/docs/management/replication/), primary to
// replica, one-way: the write commands acknowledged (in order), or, from a primary that
// restarted with no data, a full resynchronisation (the replica is left as empty as it).
struct ReplicationBatch {
  static constexpr std::string_view kName = "redis_replication";
  using Reply = NoBody;
  std::vector<Arguments> writes;
  bool full_resync = false;
  double wire_bytes() const {
    double b = kHeaderBytes;
    for (const auto& w : writes)
      for (const auto& a : w) b += static_cast<double>(a.size());
    return b;
  }
};
// The primary's proof of life to its replica (repl-ping-replica-period).
struct ReplicationPing {
  static constexpr std::string_view kName = "redis_replication_ping";
  using Reply = NoBody;
  double wire_bytes() const { return kHeaderBytes; }
};

using RedisProtocol =
    std::variant<Command, Shutdown, ReplicationBatch, ReplicationPing, connection::OpenConnection,
                 connection::Heartbeat, connection::CloseConnection>;

}  // namespace sdsim::redis_service
