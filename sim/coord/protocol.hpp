// The coordination service's messages: Raft's RequestVote and AppendEntries between nodes
// (one-way messages both ways, each answer a message of its own), client requests (a command
// through the log, a lease keep-alive at the leader, a watch poll at any node).
// Wire sizes: a 100 B header plus keys, values and the entries carried.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/coord/registry.hpp"

namespace sdsim::coord {

inline constexpr double kHeaderBytes = 100;

struct LogEntry {
  std::uint64_t term = 0;
  Command command;
};

struct VoteRequest {
  static constexpr std::string_view kName = "coord_vote";
  std::uint64_t term = 0;
  int candidate = 0;
  std::uint64_t last_index = 0, last_term = 0;
  double wire_bytes() const { return kHeaderBytes; }
};
struct VoteReply {
  static constexpr std::string_view kName = "coord_vote_reply";
  std::uint64_t term = 0;
  int from = 0;
  bool granted = false;
  double wire_bytes() const { return kHeaderBytes; }
};
struct Append {
  static constexpr std::string_view kName = "coord_append";
  std::uint64_t term = 0;
  int leader = 0;
  std::uint64_t prev_index = 0, prev_term = 0, commit = 0;
  std::vector<LogEntry> entries;
  double wire_bytes() const {
    double b = kHeaderBytes;
    for (const LogEntry& e : entries) b += 8 + e.command.wire_bytes();
    return b;
  }
};
struct AppendReply {
  static constexpr std::string_view kName = "coord_append_reply";
  std::uint64_t term = 0;
  int from = 0;
  bool success = false;
  std::uint64_t match = 0;  // success: the last index now matching; failure: a hint (own last)
  double wire_bytes() const { return kHeaderBytes; }
};

struct CoordReply {
  static constexpr std::string_view kName = "coord_reply";
  bool not_leader = false;
  int leader_hint = -1;  // not_leader: the node believed to lead (-1: unknown)
  CommandResult result;
  std::vector<Event> events;  // watch
  double ttl = 0;             // keep-alive: the lease's TTL (0: not found)
  double wire_bytes() const {
    double b = kHeaderBytes;
    for (const KeyValue& kv : result.kvs) b += 24 + kv.key.size() + kv.value.size();
    for (const Event& e : events) b += 24 + e.kv.key.size() + e.kv.value.size();
    return b;
  }
};
struct Propose {
  static constexpr std::string_view kName = "coord_propose";
  using Reply = CoordReply;
  Command command;
  double wire_bytes() const { return kHeaderBytes + command.wire_bytes(); }
};
struct KeepAlive {
  static constexpr std::string_view kName = "coord_keepalive";
  using Reply = CoordReply;
  std::int64_t lease = 0;
  double wire_bytes() const { return kHeaderBytes; }
};
// Answered when there are events with revision > after under prefix, or empty after `wait`.
struct WatchPoll {
  static constexpr std::string_view kName = "coord_watch";
  using Reply = CoordReply;
  std::string prefix;
  std::int64_t after = 0;
  double wait = 1.0;  // s
  double wire_bytes() const { return kHeaderBytes + prefix.size(); }
};

using CoordProtocol =
    std::variant<VoteRequest, VoteReply, Append, AppendReply, Propose, KeepAlive, WatchPoll>;

}  // namespace sdsim::coord
