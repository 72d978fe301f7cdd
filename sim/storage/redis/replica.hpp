// A Redis primary with one asynchronously replicated replica
// (https://redis.io/docs/management/replication/): the primary answers at once and ships
// every successful write command (and a DEL for every key it evicts) through a
// ReplicationLog; the replica applies each one `lag_s` later, at the time it was written,
// so relative TTLs land on the same absolute expiry as on the primary (Redis rewrites them to
// absolute times for the same reason). failover() promotes the replica with what it has and
// counts the acknowledged writes that never reached it. The replica ignores maxmemory, as
// Redis replicas do by default. Plain structure: the caller advances time.
#pragma once

#include <cstdint>

#include "sim/storage/kv_cache/replication_log.hpp"
#include "sim/storage/redis/database.hpp"

namespace sdsim::storage::redis {

class ReplicatedDatabase {
 public:
  ReplicatedDatabase(DatabaseConfig config, double lag_s);
  ReplicatedDatabase(const ReplicatedDatabase&) = delete;  // the keyspace calls back into it
  ReplicatedDatabase& operator=(const ReplicatedDatabase&) = delete;

  // Runs the command on the current primary; a successful write joins the stream (while a
  // replica exists).
  Reply execute(const Arguments& argv, double now_s);
  // The replica applies every write whose lag has elapsed by now_s.
  void advance(double now_s);
  // The primary is lost at now_s: the replica (after applying what had arrived) becomes the
  // primary; returns the writes lost. Afterwards there is no replica.
  std::size_t failover(double now_s);

  Database& primary() { return *primary_; }
  Database* replica() { return has_replica_ ? &replica_ : nullptr; }
  const kv_cache::ReplicationLog<Arguments>& log() const { return log_; }

 private:
  Database first_, replica_;
  Database* primary_;
  bool has_replica_ = true;
  kv_cache::ReplicationLog<Arguments> log_;
  double now_s_ = 0;
};

}  // namespace sdsim::storage::redis
