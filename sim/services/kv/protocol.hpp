// The key-value store's messages: client requests to a coordinator (any node), a
// coordinator's requests to replicas, hint replay, and the gossip heartbeat. Wire sizes: a
// 100 B header plus the key and the value's bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "sim/services/kv/consistency.hpp"

namespace sdsim::kv_service {

inline constexpr double kHeaderBytes = 100;
inline double version_bytes(const KvVersion& v) { return v.value ? v.value->size_bytes() : 0; }

// ---- client -> coordinator ------------------------------------------------------------
struct WriteReply {
  static constexpr std::string_view kName = "kv_write_reply";
  std::int64_t timestamp_us = 0;  // the write's last-write-wins timestamp
  double wire_bytes() const { return kHeaderBytes; }
};
struct Write {
  static constexpr std::string_view kName = "kv_write";
  using Reply = WriteReply;
  std::string key;
  std::optional<Value> value;  // empty: a delete
  Consistency consistency = Consistency::quorum;
  bool forwarded = false;  // single_leader: from a coordinator to the leader
  double wire_bytes() const {
    return kHeaderBytes + key.size() + (value ? value->size_bytes() : 0);
  }
};
struct ReadReply {
  static constexpr std::string_view kName = "kv_read_reply";
  KvVersion version;
  double wire_bytes() const { return kHeaderBytes + version_bytes(version); }
};
struct Read {
  static constexpr std::string_view kName = "kv_read";
  using Reply = ReadReply;
  std::string key;
  Consistency consistency = Consistency::quorum;
  bool forwarded = false;
  double wire_bytes() const { return kHeaderBytes + key.size(); }
};

// ---- coordinator -> replica -----------------------------------------------------------
struct ReplicaAck {
  static constexpr std::string_view kName = "kv_replica_ack";
  double wire_bytes() const { return kHeaderBytes; }
};
struct ReplicaWrite {
  static constexpr std::string_view kName = "kv_replica_write";
  using Reply = ReplicaAck;
  std::vector<std::pair<std::string, KvVersion>>
      mutations;  // one for a write; many for a hint batch
  bool hints = false;
  double wire_bytes() const {
    double b = kHeaderBytes;
    for (const auto& [k, v] : mutations) b += k.size() + version_bytes(v) + 16;
    return b;
  }
};
struct ReplicaReadReply {
  static constexpr std::string_view kName = "kv_replica_read_reply";
  KvVersion version;
  double wire_bytes() const { return kHeaderBytes + version_bytes(version); }
};
struct ReplicaRead {
  static constexpr std::string_view kName = "kv_replica_read";
  using Reply = ReplicaReadReply;
  std::string key;
  double wire_bytes() const { return kHeaderBytes + key.size(); }
};

// ---- gossip -------------------------------------------------------------------------------
struct Heartbeat {
  static constexpr std::string_view kName = "kv_heartbeat";
  int node = 0;
  std::uint64_t incarnation = 0;
  double wire_bytes() const { return kHeaderBytes; }
};

using KvProtocol = std::variant<Write, Read, ReplicaWrite, ReplicaRead, Heartbeat>;

}  // namespace sdsim::kv_service
