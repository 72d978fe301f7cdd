// The key-value store's settings, named and defaulted as Cassandra's (cassandra.yaml of 4.1
// and the keyspace's replication), plus its storage node's (lsm_config.hpp).
#pragma once

#include "sim/core/param_table.hpp"
#include "sim/services/kv/consistency.hpp"
#include "sim/services/lsm/lsm_config.hpp"

namespace sdsim::kv_service {

enum class ReplicationMode { leaderless, single_leader };

struct KvConfig {
  int replication_factor{};
  int num_tokens{};  // virtual nodes per node on the token ring
  ReplicationMode mode{};
  bool rack_aware{};  // replicas in distinct racks (NetworkTopologyStrategy)
  bool hinted_handoff_enabled{};
  double max_hint_window{};          // s
  double hinted_handoff_throttle{};  // B/s of hint replay per coordinator
  double hints_flush_period{};       // s between hint dispatch rounds
  double write_request_timeout{};    // s
  double read_request_timeout{};     // s
  double speculative_retry{};        // s: a read target silent this long is backed up by another
  double gossip_interval{};          // s
  double phi_convict_threshold{};
  int native_transport_max_threads{};  // coordinator threads
  double leader_takeover{};  // s: single_leader: a new leader waits this long before serving
  lsm_service::LsmNodeConfig storage;

  // The failure detector's silence before a node is convicted: phi accrual with exponential
  // inter-arrival times gives phi(t) = t / (interval * ln 10), so t = phi * ln 10 * interval.
  double conviction_timeout() const;
};

const ParamTable<KvConfig>& kv_params();

}  // namespace sdsim::kv_service
