// Tunable consistency, plain C++ (no SimGrid): how many replicas a consistency level needs,
// and how replica answers are reconciled (Cassandra's last-write-wins).
//
// Levels as Cassandra defines them for a single datacenter (Cassandra docs, "Tunable
// Consistency"): ONE needs one replica, QUORUM floor(N / 2) + 1, ALL every replica. A read at
// R and a write at W overlap in at least one replica when R + W > N, so such a read sees the
// latest write acknowledged before it began (as long as the W replicas keep what they
// acknowledged: a crash with commitlog_sync periodic can break that).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "sim/storage/lsm/value.hpp"

namespace sdsim::kv_service {

using storage::lsm::Value;

enum class Consistency { one, quorum, all };
const char* consistency_name(Consistency c);  // "ONE", "QUORUM", "ALL"

// Replicas a request at `level` must hear from, out of `replication_factor`.
int required_replicas(Consistency level, int replication_factor);

// What a replica holds for a key: a value, a tombstone (no value, timestamp > 0) or nothing
// (timestamp 0).
struct KvVersion {
  std::optional<Value> value;
  std::int64_t timestamp_us = 0;
  bool tombstone() const { return timestamp_us != 0 && !value; }
  bool exists() const { return timestamp_us != 0; }
  bool operator==(const KvVersion&) const = default;
};

// Cassandra's reconcile: the higher timestamp wins; on a tie a tombstone beats a value and
// the greater value beats the smaller. True when `a` wins over `b`.
bool supersedes(const KvVersion& a, const KvVersion& b);
// The winner among replica answers (nothing when `answers` is empty or holds only absences).
KvVersion reconcile(const std::vector<KvVersion>& answers);

}  // namespace sdsim::kv_service
