// One version of a key: what a write (or a delete) leaves in the memtable, the commit log and
// the SSTables. Reconciliation follows Cassandra's last-write-wins on the client timestamp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/storage/lsm/value.hpp"

namespace sdsim::storage::lsm {

// Bytes each record carries besides key and value on disk: write timestamp (8), flags (1),
// key and value lengths (2 + 2), local deletion time (4): about Cassandra's cell header.
inline constexpr std::uint64_t kRecordOverheadBytes = 17;

struct Version {
  std::int64_t timestamp_us = 0;  // client write timestamp (CQL's USING TIMESTAMP unit)
  Value value;                    // empty for a tombstone
  bool tombstone = false;
  // Server time of the delete, Cassandra's localDeletionTime: gc_grace_seconds count from here.
  double deletion_time_s = 0;
};

struct Entry {
  std::string key;
  Version version;
};

// True when `a` wins over `b` (Cassandra's reconcile): the higher timestamp wins; on a tie a
// tombstone beats a live value, and between two live values the greater value wins.
inline bool supersedes(const Version& a, const Version& b) {
  if (a.timestamp_us != b.timestamp_us) return a.timestamp_us > b.timestamp_us;
  if (a.tombstone != b.tombstone) return a.tombstone;
  if (a.tombstone) return a.deletion_time_s > b.deletion_time_s;
  return value_greater(a.value, b.value);
}

inline std::uint64_t record_bytes(std::string_view key, const Version& v) {
  return key.size() + (v.tombstone ? 0 : v.value.size_bytes()) + kRecordOverheadBytes;
}

}  // namespace sdsim::storage::lsm
