#include "models/leaderboard/experiment.hpp"

#include <cmath>

#include "models/leaderboard/sharding.hpp"
#include "sim/services/redis/redis_client.hpp"
#include "sim/storage/redis/key_slot.hpp"

namespace sdsim::leaderboard {

std::string Experiment::month_at(double t) const {
  const auto index =
      cfg.month_length > 0 ? static_cast<std::int64_t>(std::floor(t / cfg.month_length)) : 0;
  return month_name(cfg.first_month, index);
}

redis_service::RedisServer& Experiment::primary_for(const std::string& key) const {
  const auto slot = storage::redis::key_slot(key);
  const auto ranges = redis_service::slot_ranges(redis.size());
  std::size_t n = 0;
  while (slot > ranges[n].last) ++n;
  return *redis[n];
}

redis_service::RedisServer& Experiment::holder_of(const std::string& key) const {
  if (replica && replica->role() == redis_service::RedisRole::primary) return *replica;
  return primary_for(key);
}

void Experiment::judged(bool correct) {
  if (rebuild.count > 0) {
    ++rebuild.after_checked;
    rebuild.after_correct += correct;
  }
  if (!replica || replica->role() != redis_service::RedisRole::primary) return;
  ++counts.after_takeover_checked;
  counts.after_takeover_correct += correct;
}

void Experiment::sync_failover() {
  if (!replica) return;
  const std::uint64_t lost = replica->stats().writes_lost_in_failover;
  if (lost <= counts.lost_seen) return;
  oracle.forget_last(lost - counts.lost_seen);
  counts.lost_seen = lost;
}

}  // namespace sdsim::leaderboard
