#include "models/nearby_friends/estimate.hpp"

#include <cmath>

namespace sdsim::nearby_friends {

Estimate estimate(const ScaleConfig& s) {
  Estimate e;
  e.updates_per_s = s.daily_active_users * s.concurrent_fraction / s.update_interval;
  e.pushes_per_update = s.friends * s.online_fraction;
  e.pushes_per_s = e.updates_per_s * e.pushes_per_update;
  e.servers_for_cpu = std::ceil(e.pushes_per_s / s.pushes_per_s_per_server);
  e.memory_bytes = s.channels * s.subscribers_per_channel * s.pointer_bytes;
  e.servers_for_memory = std::ceil(e.memory_bytes / s.server_memory);
  return e;
}

}  // namespace sdsim::nearby_friends
