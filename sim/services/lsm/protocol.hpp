// The LSM storage node's messages: a write (put or delete) with the client's timestamp, and a
// point read. Wire sizes: a 100 B header plus the key and the value's bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "sim/storage/lsm/value.hpp"

namespace sdsim::lsm_service {

using storage::lsm::Value;

inline constexpr double kHeaderBytes = 100;

struct WriteAck {
  static constexpr std::string_view kName = "lsm_write_ack";
  bool durable = false;  // the commit log was synced before the acknowledgement (batch)
  double wire_bytes() const { return kHeaderBytes; }
};

struct Put {
  static constexpr std::string_view kName = "lsm_put";
  using Reply = WriteAck;
  std::string key;
  Value value;
  std::int64_t timestamp_us = 0;  // last-write-wins order
  double wire_bytes() const { return kHeaderBytes + key.size() + value.size_bytes(); }
};

struct Delete {
  static constexpr std::string_view kName = "lsm_delete";
  using Reply = WriteAck;
  std::string key;
  std::int64_t timestamp_us = 0;
  double wire_bytes() const { return kHeaderBytes + key.size(); }
};

struct ReadReply {
  static constexpr std::string_view kName = "lsm_read_reply";
  std::optional<Value> value;     // empty: never written, or deleted
  std::int64_t timestamp_us = 0;  // of the version found, a tombstone's included (0: none)
  double wire_bytes() const { return kHeaderBytes + (value ? value->size_bytes() : 0); }
};

struct Get {
  static constexpr std::string_view kName = "lsm_get";
  using Reply = ReadReply;
  std::string key;
  double wire_bytes() const { return kHeaderBytes + key.size(); }
};

using LsmProtocol = std::variant<Put, Delete, Get>;

}  // namespace sdsim::lsm_service
