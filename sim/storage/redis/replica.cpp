#include "sim/storage/redis/replica.hpp"

namespace sdsim::storage::redis {

namespace {

DatabaseConfig without_maxmemory(DatabaseConfig config) {
  config.memory.maxmemory_bytes = 0;
  config.seed ^= 0x5eed;  // its own skip-list levels: a different node
  return config;
}

}  // namespace

ReplicatedDatabase::ReplicatedDatabase(DatabaseConfig config, double lag_s)
    : first_(config), replica_(without_maxmemory(config)), primary_(&first_), log_(lag_s) {
  first_.keyspace().on_evict([this](const std::string& key) {
    if (has_replica_) log_.append({"DEL", key}, now_s_);
  });
}

Reply ReplicatedDatabase::execute(const Arguments& argv, double now_s) {
  now_s_ = now_s;
  Reply reply = primary_->execute(argv, now_s);
  if (has_replica_ && !reply.is_error() && Database::is_write(argv)) log_.append(argv, now_s);
  return reply;
}

void ReplicatedDatabase::advance(double now_s) {
  if (!has_replica_) return;
  log_.deliver(now_s, [this](const Arguments& argv, double written_at_s) {
    replica_.execute(argv, written_at_s);
  });
}

std::size_t ReplicatedDatabase::failover(double now_s) {
  if (!has_replica_) return 0;
  advance(now_s);
  const std::size_t lost = log_.failover();
  primary_ = &replica_;
  has_replica_ = false;
  return lost;
}

}  // namespace sdsim::storage::redis
