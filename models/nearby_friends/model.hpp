// The nearby friends model (System Design Interview vol. 2, ch. 2): clients on long-lived
// connections to stateful WebSocket servers, a Redis location cache, a location history
// (LSM), a friends service (KV), and a sharded Redis pub/sub tier whose ring lives in an
// etcd-like discovery entry. See README.md.
#pragma once

#include <memory>

#include "models/nearby_friends/experiment.hpp"
#include "sim/model/model.hpp"

namespace sdsim::nearby_friends {

class NearbyFriendsModel : public Model {
 public:
  std::string name() const override { return "nearby_friends"; }
  std::string summary() const override;
  std::string description() const override;
  std::vector<ParamSpec> params() const override { return nearby_friends::params().specs(); }
  MetricTable metric_table() const override;  // metrics.cpp
  std::vector<RoleRequest> roles(const ParamValues& p, const WorkloadSpec& load) const override;
  std::string default_platform(const ParamValues& p, const WorkloadSpec& load) const override;
  double default_drain() const override { return 5.0; }
  void check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const override;
  void setup(RunContext& ctx) override;
  void finish(RunContext& ctx) override;  // metrics.cpp

  struct Results {
    double updates_per_s = 0, forwards_per_s = 0, forwards_per_update = 0,
           forwards_expected_per_update = 0, forwards_ratio = 0, pushes_per_update = 0,
           online_friends = 0, nearby_fraction = 0, latency_p50 = 0, latency_p99 = 0,
           latency_max = 0, cpu_max = 0, cpu_mean = 0, pushes_per_s_max = 0, memory_max = 0,
           memory_fraction_max = 0, messages_lost = 0, forwards_lost = 0, updates_lost = 0,
           updates_sent = 0, stale_max = 0, reconnects = 0, reconnect_peak = 0, reconnect_gap_max = 0,
           resubscriptions = 0, subscriptions = 0, moved_fraction = 0, ring_changes = 0,
           ring_change_lost = 0, init_mean = 0, first_friend_mean = 0, gets_per_init = 0,
           sessions = 0, declared_dead = 0, unseen_max = 0, unseen_mean = 0, unseen_gaps = 0,
           unseen_open = 0, pubsub_restarts = 0, subscriber_resets = 0, online_mean = 0,
           departures = 0, arrivals = 0, dropped = 0, silent_at_drop_max = 0, silent_at_drop_min = 0,
           init_shown_inactive = 0, requests_per_init = 0, ws_cores_max = 0, init_p99 = 0, init_max = 0, friends_mean = 0, friends_max = 0, active_users = 0,
           est_updates = 0, est_pushes_per_update = 0, est_pushes = 0, est_cpu_servers = 0,
           est_memory = 0, est_memory_servers = 0, sim_servers_needed = 0, messages = 0;
  };

 private:
  std::shared_ptr<Experiment> e_;
  Results results_;
};

}  // namespace sdsim::nearby_friends
